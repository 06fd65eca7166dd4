using Microsoft.Extensions.Localization;

namespace HealthCard.Web.Console.Shared;

/// <summary>Names a platform code (status, action, kind) from an area's resources, falling back to the code itself.</summary>
public static class Labels
{
    public static string Of(IStringLocalizer localizer, string prefix, string? code)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrEmpty(code))
        {
            return "";
        }
        var text = localizer[prefix + code];
        return text.ResourceNotFound ? code : text.Value;
    }
}
