using Microsoft.Extensions.Localization;

namespace HealthCard.Web;

/// <summary>
/// The console's and portal's shared words (menus, buttons, statuses, roles), in Resources/UiText.resx (Chinese, the
/// default) and UiText.en.resx. Pages with many words of their own keep them in a resource file beside their area.
/// </summary>
public sealed class UiText;

/// <summary>
/// MudBlazor's own words (pager and close buttons, "required", file upload) in Chinese, from Resources/MudBlazorText.resx.
/// MudBlazor asks <see cref="MudLocalizer"/> only when the culture is not English; a key missing here falls back to its English.
/// </summary>
public sealed class MudBlazorText(IStringLocalizer<MudBlazorText> text) : MudBlazor.MudLocalizer
{
    public override LocalizedString this[string key] => text[key];

    public override LocalizedString this[string key, params object[] arguments] => text[key, arguments];
}
