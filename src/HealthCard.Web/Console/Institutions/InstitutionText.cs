using HealthCard.Domain.Institutions;
using Microsoft.Extensions.Localization;

namespace HealthCard.Web.Console.Institutions;

/// <summary>The institution and product pages' words: Resources/Console/Institutions/InstitutionText(.en).resx.</summary>
public sealed class InstitutionText
{
    /// <summary>A hospital grade or institution type: the code table's Chinese name, or the English resource.</summary>
    public static string Code(IStringLocalizer<InstitutionText> localizer, string prefix, string? code)
    {
        if (code is null)
        {
            return "";
        }
        var table = prefix == "Level." ? InstitutionCodes.Levels : InstitutionCodes.Types;
        return Display.IsEnglish ? Shared.Labels.Of(localizer, prefix, code) : table.NameOf(code) ?? code;
    }
}
