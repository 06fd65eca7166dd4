using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Terminals;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Terminals;

public sealed class GetTerminals(HealthCardDb db)
{
    public async Task<Result<TerminalView>> OneAsync(Caller caller, string serial, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var terminal = await db.Terminals.AsNoTracking().InRegionOf(caller).FirstOrDefaultAsync(t => t.Serial == serial, cancellationToken);
        return terminal is null ? TerminalErrors.NotFound : await TerminalErrors.ViewAsync(db, terminal, cancellationToken);
    }

    public async Task<Result<IReadOnlyList<LifecycleEventView>>> HistoryAsync(Caller caller, string serial, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        return await db.Terminals.InRegionOf(caller).AnyAsync(t => t.Serial == serial, cancellationToken)
            ? Result<IReadOnlyList<LifecycleEventView>>.Success(await LifecycleEventView.HistoryAsync(db, "terminal", serial, cancellationToken))
            : TerminalErrors.NotFound;
    }

    public async Task<Result<Paged<TerminalView>>> ListAsync(Caller caller, string? institutionCode, string? status, PageRequest page,
        CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var query = db.Terminals.AsNoTracking().InRegionOf(caller);
        if (institutionCode is { Length: > 0 })
        {
            query = query.Where(t => t.InstitutionCode == institutionCode);
        }
        if (EnumNames.TryParse<TerminalStatus>(status, out var s))
        {
            query = query.Where(t => t.Status == s);
        }
        var rows = query.OrderBy(t => t.Serial).Select(t => new TerminalView(t.Serial, t.ProductId, t.InstitutionCode, t.RegionCode, t.Status,
            db.Sams.Where(m => m.TerminalSerial == t.Serial).Select(m => m.Serial).FirstOrDefault(), t.RegisteredAt));
        return await Paged<TerminalView>.ReadAsync(rows, page, v => v, cancellationToken);
    }
}
