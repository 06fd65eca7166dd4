using HealthCard.App.Common;

namespace HealthCard.App.Features.Keys;

/// <summary>
/// What of the key service a caller sees (ADR 016): the national tier everything; any other tier the keys, applications
/// and handover records of its own region, never the national keys. Anything else is "not found".
/// </summary>
internal static class KeyRegions
{
    public static IQueryable<KeyRecord> InRegionOf(this IQueryable<KeyRecord> keys, Caller caller)
    {
        var prefix = caller.RegionScope;
        return prefix.Length == 0 ? keys : keys.Where(k => k.RegionCode != null && k.RegionCode.StartsWith(prefix));
    }

    public static IQueryable<KeyApplication> InRegionOf(this IQueryable<KeyApplication> applications, Caller caller)
    {
        var prefix = caller.RegionScope;
        return prefix.Length == 0 ? applications : applications.Where(a => a.ProvinceCode.StartsWith(prefix));
    }

    public static IQueryable<KeyHandover> InRegionOf(this IQueryable<KeyHandover> handovers, Caller caller)
    {
        var prefix = caller.RegionScope;
        return prefix.Length == 0 ? handovers : handovers.Where(h => h.ProvinceCode.StartsWith(prefix));
    }
}
