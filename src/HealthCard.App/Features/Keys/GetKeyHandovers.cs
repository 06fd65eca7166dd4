using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Keys;

/// <summary>Handover records (交接单) in the caller's region; outside it a record is "not found".</summary>
public sealed class GetKeyHandovers(HealthCardDb db)
{
    /// <summary>The records, oldest first, optionally of one province.</summary>
    public async Task<Result<IReadOnlyList<HandoverView>>> ListAsync(Caller caller, string? province, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        var query = db.KeyHandovers.InRegionOf(caller).AsNoTracking();
        if (!string.IsNullOrEmpty(province))
        {
            query = query.Where(h => h.ProvinceCode == province);
        }
        return (await query.OrderBy(h => h.At).ToListAsync(cancellationToken)).Select(HandoverView.Of).ToList();
    }

    public async Task<Result<HandoverView>> OneAsync(Caller caller, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        return await db.KeyHandovers.InRegionOf(caller).AsNoTracking().FirstOrDefaultAsync(h => h.Number == number, cancellationToken) is { } h
            ? HandoverView.Of(h)
            : KeyErrors.HandoverNotFound;
    }
}
