using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;

namespace HealthCard.App.Common;

/// <summary>
/// The one place where queries are limited to the caller's region (a GB/T 2260 prefix; empty = national). Anything
/// outside it is reported as not found, so that a key cannot even learn that a record exists elsewhere.
/// </summary>
public static class RegionScoping
{
    public static IQueryable<ResidentRecord> VisibleTo(this IQueryable<ResidentRecord> residents, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var prefix = caller.RegionScope;
        return prefix.Length == 0 ? residents : residents.Where(r => r.RegionCode.StartsWith(prefix));
    }

    /// <summary>Institutions, SAMs, terminals and applications in the caller's region.</summary>
    public static IQueryable<T> InRegionOf<T>(this IQueryable<T> records, Caller caller) where T : class, IRegional
    {
        ArgumentNullException.ThrowIfNull(caller);
        var prefix = caller.RegionScope;
        return prefix.Length == 0 ? records : records.Where(r => r.RegionCode.StartsWith(prefix));
    }

    /// <summary>Cards whose holder the caller may see.</summary>
    public static IQueryable<Card> VisibleTo(this IQueryable<Card> cards, IQueryable<ResidentRecord> residents, Caller caller)
    {
        var visible = residents.VisibleTo(caller);
        return cards.Where(c => visible.Any(r => r.Id == c.ResidentId));
    }
}
