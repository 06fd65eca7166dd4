using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Keys;

/// <summary>
/// Key applications in the caller's region (the national tier: all; a province: its own), each with the steps its state
/// allows, and an application's delegation letters. Outside the caller's region an application is "not found".
/// </summary>
public sealed class GetKeyApplications(HealthCardDb db)
{
    /// <summary>The applications, oldest first, optionally of one province.</summary>
    public async Task<Result<IReadOnlyList<KeyApplicationView>>> ListAsync(Caller caller, string? province, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        var query = db.KeyApplications.InRegionOf(caller).AsNoTracking();
        if (!string.IsNullOrEmpty(province))
        {
            query = query.Where(a => a.ProvinceCode == province);
        }
        return (await query.OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken)).Select(KeyApplicationView.Of).ToList();
    }

    public async Task<Result<KeyApplicationView>> OneAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        return await db.KeyApplications.InRegionOf(caller).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } a
            ? KeyApplicationView.Of(a)
            : KeyErrors.ApplicationNotFound;
    }

    /// <summary>The delegation letters of an application, oldest first.</summary>
    public async Task<Result<IReadOnlyList<DelegationView>>> DelegationsAsync(Caller caller, Guid applicationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        if (!await db.KeyApplications.InRegionOf(caller).AnyAsync(a => a.Id == applicationId, cancellationToken))
        {
            return KeyErrors.ApplicationNotFound;
        }
        return (await db.KeyDelegations.AsNoTracking().Where(d => d.ApplicationId == applicationId).OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken))
            .Select(DelegationView.Of).ToList();
    }
}
