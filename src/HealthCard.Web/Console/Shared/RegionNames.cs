using HealthCard.Domain.Residents;

namespace HealthCard.Web.Console.Shared;

/// <summary>A region prefix (2, 4 or 6 digits) as the console shows it: its code and GB/T 2260 name.</summary>
public static class RegionNames
{
    public static string Of(IRegionDirectory regions, string? code, string national)
    {
        ArgumentNullException.ThrowIfNull(regions);
        if (string.IsNullOrEmpty(code))
        {
            return national;
        }
        return regions.NameOf(code.PadRight(6, '0')) is { } name ? $"{code} {name}" : code;
    }
}
