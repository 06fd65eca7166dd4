namespace HealthCard.Web.Console.Shared;

/// <summary>Words of the shared console parts (history, channels, serial lists): Resources/Console/Shared/SharedText(.en).resx.</summary>
public sealed class SharedText;
