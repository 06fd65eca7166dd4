namespace HealthCard.Web.Portal;

/// <summary>The resident portal's words: Resources/Portal/PortalText(.en).resx.</summary>
public sealed class PortalText;
