namespace HealthCard.Web.Console.Sams;

/// <summary>The SAM and terminal pages' words: Resources/Console/Sams/SamText(.en).resx.</summary>
public sealed class SamText;
