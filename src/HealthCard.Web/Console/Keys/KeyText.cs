namespace HealthCard.Web.Console.Keys;

/// <summary>The key management page's words: Resources/Console/Keys/KeyText(.en).resx.</summary>
public sealed class KeyText;
