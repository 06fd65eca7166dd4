using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Audit;

public sealed record AuditEntryView(long Id, string Node, long Sequence, DateTimeOffset OccurredAt, string Actor, string Channel,
    string Action, string TargetType, string? TargetId, string? RegionCode, string Outcome, string? Details, string Hash);

/// <summary>Audit entries in a time range, oldest first, a page at a time; entries of other regions are not shown.</summary>
public sealed class ListAudit(HealthCardDb db)
{
    public const int MaxPage = 1000;

    public async Task<IReadOnlyList<AuditEntryView>> ExecuteAsync(Caller caller, DateTimeOffset? from, DateTimeOffset? to, long afterId,
        int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var query = db.AuditEntries.AsNoTracking().Where(a => a.Id > afterId);
        if (caller.RegionScope.Length > 0)
        {
            var prefix = caller.RegionScope;
            query = query.Where(a => a.RegionCode != null && a.RegionCode.StartsWith(prefix));
        }
        if (from is { } start)
        {
            query = query.Where(a => a.OccurredAt >= start);
        }
        if (to is { } end)
        {
            query = query.Where(a => a.OccurredAt < end);
        }
        var entries = await query.OrderBy(a => a.Id).Take(Math.Clamp(limit, 1, MaxPage)).ToListAsync(cancellationToken);
        return entries.Select(a => new AuditEntryView(a.Id, a.Node, a.Sequence, a.OccurredAt, a.Actor, a.Channel, a.Action, a.TargetType,
            a.TargetId, a.RegionCode, a.Outcome, a.Details, Convert.ToHexString(a.Hash))).ToList();
    }
}
