using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Audit;

public sealed record AuditEntryView(long Id, string Node, long Sequence, DateTimeOffset OccurredAt, string Actor, string Channel,
    string Action, string TargetType, string? TargetId, string? RegionCode, string Outcome, string? Details, string Hash);

/// <summary>What the console's audit search narrows by: actor, action prefix, target id, and <c>from</c> ≤ time &lt; <c>to</c>.</summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, string? TargetId = null, DateTimeOffset? From = null,
    DateTimeOffset? To = null);

/// <summary>Audit entries in a time range, oldest first, a page at a time; entries of other regions are not shown.</summary>
public sealed class ListAudit(HealthCardDb db)
{
    public const int MaxPage = 1000;

    public async Task<Result<IReadOnlyList<AuditEntryView>>> ExecuteAsync(Caller caller, DateTimeOffset? from, DateTimeOffset? to, long afterId,
        int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.AuditRead) is { } denied)
        {
            return denied;
        }
        var query = InRange(VisibleTo(caller).Where(a => a.Id > afterId), from, to);
        var entries = await query.OrderBy(a => a.Id).Take(Math.Clamp(limit, 1, MaxPage)).ToListAsync(cancellationToken);
        return entries.Select(View).ToList();
    }

    /// <summary>The console's search: newest first, filtered, a numbered page at a time.</summary>
    /// <summary>The audit log only grows: its pager counts up to this many entries (5,000 pages of 20), then says "more than".</summary>
    public const long CountUpTo = 100_000;

    public async Task<Result<Paged<AuditEntryView>>> SearchAsync(Caller caller, AuditFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        if (caller.Authorize(Capabilities.AuditRead) is { } denied)
        {
            return denied;
        }
        var query = InRange(VisibleTo(caller), filter.From, filter.To);
        if (filter.Actor is { Length: > 0 } actor)
        {
            query = query.Where(a => a.Actor == actor);
        }
        if (filter.Action is { Length: > 0 } action)
        {
            query = query.Where(a => a.Action.StartsWith(action));
        }
        if (filter.TargetId is { Length: > 0 } target)
        {
            query = query.Where(a => a.TargetId == target);
        }
        return await Paged<AuditEntryView>.ReadAsync(query.OrderByDescending(a => a.Id), page, View, CountUpTo, cancellationToken);
    }

    private IQueryable<AuditEntry> VisibleTo(Caller caller)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (caller.RegionScope.Length > 0)
        {
            var prefix = caller.RegionScope;
            query = query.Where(a => a.RegionCode != null && a.RegionCode.StartsWith(prefix));
        }
        return query;
    }

    private static IQueryable<AuditEntry> InRange(IQueryable<AuditEntry> query, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } start)
        {
            query = query.Where(a => a.OccurredAt >= start);
        }
        if (to is { } end)
        {
            query = query.Where(a => a.OccurredAt < end);
        }
        return query;
    }

    private static AuditEntryView View(AuditEntry a) => new(a.Id, a.Node, a.Sequence, a.OccurredAt, a.Actor, a.Channel, a.Action, a.TargetType,
        a.TargetId, a.RegionCode, a.Outcome, a.Details, Convert.ToHexString(a.Hash));
}
