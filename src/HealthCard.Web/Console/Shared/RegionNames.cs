using HealthCard.Domain.Common;

namespace HealthCard.Web.Console.Shared;

/// <summary>
/// A region prefix (2, 4 or 6 digits) or region code as the console shows it: <see cref="RegionPrefix.Display"/>, the one
/// format (<c>石家庄市 (1301)</c>); <paramref name="national"/> for none; text that is no prefix (a half-typed field) as it is.
/// </summary>
public static class RegionNames
{
    public static string Of(IRegionDirectory regions, string? code, string national) =>
        RegionPrefix.TryParse(code, out var prefix, nationalAllowed: true) ? prefix.Display(regions, national) : code!;
}
