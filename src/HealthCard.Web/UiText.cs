namespace HealthCard.Web;

/// <summary>
/// The console's and portal's shared words (menus, buttons, statuses, roles), in Resources/UiText.resx (Chinese, the
/// default) and UiText.en.resx. Pages with many words of their own keep them in a resource file beside their area.
/// </summary>
public sealed class UiText;
