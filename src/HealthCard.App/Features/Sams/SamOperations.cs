using System.Linq.Expressions;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.SecurityModules;
using HealthCard.Domain.Terminals;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Sams;

public sealed record SamBindRequest(string? TerminalSerial, string? Location, string? ResponsiblePerson);

public sealed record SamReplaceRequest(string? ReplacementSerial, string? Reason);

public sealed record SamView(string Serial, int Type, Guid ProductId, SamStatus Status, string RegionCode, string? InstitutionCode,
    string? TerminalSerial, string? Location, string? ResponsiblePerson, string? ReplacedBySerial, int KeyVersion, Guid? PlanId,
    DateTimeOffset StockedInAt)
{
    /// <summary>The triggers allowed from <see cref="Status"/>, each with where it leads: the actions a page may offer.</summary>
    public IReadOnlyList<AllowedTransition<SamTrigger, SamStatus>> Allowed => Sam.Lifecycle.AllowedFrom(Status);

    /// <summary>The one mapping, usable in queries (lists read only these columns, never the sealed image).</summary>
    internal static readonly Expression<Func<Sam, SamView>> Projection = s => new SamView(s.Serial, s.Type, s.ProductId, s.Status, s.RegionCode,
        s.InstitutionCode, s.TerminalSerial, s.Location, s.ResponsiblePerson, s.ReplacedBySerial, s.KeyVersion, s.PlanId, s.StockedInAt);

    private static readonly Func<Sam, SamView> Map = Projection.Compile();

    internal static SamView From(Sam s) => Map(s);
}

/// <summary>
/// Binds a SAM of an institution to one of that institution's active terminals, with its location and responsible person
/// (使用明细): activation of an allocated or recovered SAM, or a re-bind of an active one. A terminal holds one SAM.
/// </summary>
public sealed class BindSam(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<SamView>> ExecuteAsync(Caller caller, string serial, SamBindRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<SamView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("sam.activate", "sam") { TargetId = serial, OnConcurrencyConflict = SamErrors.VersionConflict }
            .OnUniqueViolation(HealthCardDb.OneActiveSamPerTerminalIndex, SamErrors.TerminalOccupied);
        return audit.RunAsync<SamView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            if (request.Location is { Length: > 100 })
            {
                errors.Add("location", "使用地点最多 100 个字符", "location is at most 100 characters");
            }
            if (string.IsNullOrWhiteSpace(request.ResponsiblePerson) || request.ResponsiblePerson.Length > 50)
            {
                errors.Add("responsiblePerson", "责任人不能为空，最多 50 个字符", "responsiblePerson is required, at most 50 characters");
            }
            if (errors.Any)
            {
                return errors.ToError("sam.invalid");
            }
            var sam = await db.Sams.InRegionOf(caller).FirstOrDefaultAsync(s => s.Serial == serial, ct);
            if (sam is null)
            {
                return SamErrors.NotFound;
            }
            scope.RegionCode = sam.RegionCode;
            var terminal = await db.Terminals.FirstOrDefaultAsync(t => t.Serial == request.TerminalSerial, ct);
            if (terminal is null || terminal.InstitutionCode != sam.InstitutionCode || terminal.Status != TerminalStatus.Active)
            {
                errors.Add("terminalSerial", "终端应为该 SAM 卡所属机构的在用终端", "The terminal must be an active terminal of the SAM's institution");
                return errors.ToError("sam.invalid");
            }
            if (sam.Status == SamStatus.Active && sam.TerminalSerial == terminal.Serial)
            {
                return new Conflict("sam.already_bound", new Message("该 SAM 卡已绑定此终端", "The SAM is already bound to this terminal"));
            }
            var bound = sam.Bind(new SamBinding(terminal.Serial, request.Location, request.ResponsiblePerson), CreateInstitution.Context(caller, clock),
                JsonSerializer.Serialize(new { terminal = terminal.Serial }));
            if (!bound.IsSuccess)
            {
                return bound.Error!;
            }
            db.Entry(sam).Property(s => s.Version).CurrentValue = sam.Version + 1;
            db.LifecycleEvents.Add(bound.Value);
            scope.Details = JsonSerializer.Serialize(new { terminal = terminal.Serial, action = bound.Value.Action });
            return SamView.From(sam);
        }, cancellationToken);
    }
}

/// <summary>Freeze, unfreeze, lock, unlock, report loss, recover, scrap and cancel: one trigger of the SAM lifecycle table each.</summary>
public sealed class ChangeSamStatus(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<SamView>> ExecuteAsync(Caller caller, string serial, SamTrigger trigger, string? reason, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<SamView>>(denied);
        }
        var scope = new AuditScope("sam." + EnumNames.Of(trigger), "sam") { TargetId = serial, OnConcurrencyConflict = SamErrors.VersionConflict };
        return LifecycleOperation.RunAsync(db, audit, caller, scope,
            ct => db.Sams.InRegionOf(caller).FirstOrDefaultAsync(s => s.Serial == serial, ct), SamErrors.NotFound, s => s.RegionCode,
            s => s.Apply(trigger, CreateInstitution.Context(caller, clock, reason)), (s, _) => Task.FromResult(SamView.From(s)), cancellationToken);
    }
}

/// <summary>
/// Replaces a lost or broken SAM: the old one is withdrawn (a lost one cancelled, a broken one scrapped) and the
/// replacement, allocated to the same institution, takes over its terminal, location and responsible person.
/// </summary>
public sealed class ReplaceSam(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<SamView>> ExecuteAsync(Caller caller, string serial, SamReplaceRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<SamView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("sam.replace", "sam") { TargetId = serial, OnConcurrencyConflict = SamErrors.VersionConflict }
            .OnUniqueViolation(HealthCardDb.OneActiveSamPerTerminalIndex, SamErrors.TerminalOccupied);
        return audit.RunAsync<SamView>(caller, scope, async ct =>
        {
            var old = await db.Sams.InRegionOf(caller).FirstOrDefaultAsync(s => s.Serial == serial, ct);
            if (old is null)
            {
                return SamErrors.NotFound;
            }
            scope.RegionCode = old.RegionCode;
            var replacement = await db.Sams.InRegionOf(caller).FirstOrDefaultAsync(s => s.Serial == request.ReplacementSerial, ct);
            if (replacement is null || replacement.InstitutionCode != old.InstitutionCode || replacement.Type != old.Type
                || replacement.Status is not (SamStatus.Allocated or SamStatus.Recovered))
            {
                var errors = new FieldErrors();
                errors.Add("replacementSerial", "替换卡应为已出库给同一机构、同类型且未使用的 SAM 卡",
                    "The replacement is an unused SAM of the same type allocated to the same institution");
                return errors.ToError("sam.invalid");
            }
            var binding = old.Binding;
            var context = CreateInstitution.Context(caller, clock, request.Reason);
            var withdrawn = old.ReplaceWith(replacement.Serial, context, JsonSerializer.Serialize(new { replacement = replacement.Serial }));
            if (!withdrawn.IsSuccess)
            {
                return withdrawn.Error!;
            }
            db.Entry(old).Property(s => s.Version).CurrentValue = old.Version + 1;
            db.LifecycleEvents.Add(withdrawn.Value);
            if (binding is not null)
            {
                // Free the terminal first, so that the one-SAM-per-terminal index admits the replacement.
                await db.SaveChangesAsync(ct);
                var bound = replacement.Bind(binding, context, JsonSerializer.Serialize(new { terminal = binding.TerminalSerial, replaces = old.Serial }));
                db.Entry(replacement).Property(s => s.Version).CurrentValue = replacement.Version + 1;
                db.LifecycleEvents.Add(bound.Value);
            }
            scope.Details = JsonSerializer.Serialize(new { replacement = replacement.Serial, old = withdrawn.Value.ToStatus, terminal = binding?.TerminalSerial });
            return SamView.From(replacement);
        }, cancellationToken);
    }
}

public sealed class GetSams(HealthCardDb db)
{
    public async Task<Result<SamView>> OneAsync(Caller caller, string serial, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var sam = await db.Sams.AsNoTracking().InRegionOf(caller).FirstOrDefaultAsync(s => s.Serial == serial, cancellationToken);
        return sam is null ? SamErrors.NotFound : SamView.From(sam);
    }

    public async Task<Result<IReadOnlyList<LifecycleEventView>>> HistoryAsync(Caller caller, string serial, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        return await db.Sams.InRegionOf(caller).AnyAsync(s => s.Serial == serial, cancellationToken)
            ? Result<IReadOnlyList<LifecycleEventView>>.Success(await LifecycleEventView.HistoryAsync(db, "sam", serial, cancellationToken))
            : SamErrors.NotFound;
    }

    /// <summary>The console list (应用维护): filters by type, status, serial prefix and institution, a page at a time.</summary>
    public Task<Result<Paged<SamView>>> ListAsync(Caller caller, int? type, string? status, string? serial, string? institutionCode, PageRequest page,
        CancellationToken cancellationToken) =>
        ListAsync(caller, type, status, serial, institutionCode, regionCode: null, page, cancellationToken);

    /// <summary>The console list with a region filter too (a GB/T 2260 prefix within the caller's region).</summary>
    public async Task<Result<Paged<SamView>>> ListAsync(Caller caller, int? type, string? status, string? serial, string? institutionCode, string? regionCode,
        PageRequest page, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var query = db.Sams.AsNoTracking().InRegionOf(caller);
        if (regionCode is { Length: > 0 })
        {
            query = query.Where(s => s.RegionCode.StartsWith(regionCode));
        }
        if (type is { } t)
        {
            query = query.Where(s => s.Type == t);
        }
        if (EnumNames.TryParse<SamStatus>(status, out var st))
        {
            query = query.Where(s => s.Status == st);
        }
        if (serial is { Length: > 0 })
        {
            query = query.Where(s => s.Serial.StartsWith(serial));
        }
        if (institutionCode is { Length: > 0 })
        {
            query = query.Where(s => s.InstitutionCode == institutionCode);
        }
        return await Paged<SamView>.ReadAsync(query.OrderBy(s => s.Serial).Select(SamView.Projection), page, v => v, cancellationToken);
    }

    public async Task<Result<HandoverView>> HandoverAsync(Caller caller, string number, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var handover = await db.Handovers.AsNoTracking().Where(HandoverVisibleTo(caller)).FirstOrDefaultAsync(h => h.Number == number, cancellationToken);
        if (handover is null)
        {
            return new NotFound("handover");
        }
        var name = handover.ToInstitutionCode is { } code
            ? await db.Institutions.Where(i => i.Code == code).Select(i => i.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        return HandoverView.From(handover, name);
    }

    /// <summary>Handover records (交接单) the caller gave or received, newest first, a page at a time.</summary>
    public async Task<Result<Paged<HandoverView>>> ListHandoversAsync(Caller caller, PageRequest page, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var handovers = await Paged<Handover>.ReadAsync(db.Handovers.AsNoTracking().Where(HandoverVisibleTo(caller)).OrderByDescending(h => h.At),
            page, h => h, cancellationToken);
        var codes = handovers.Items.Select(h => h.ToInstitutionCode).OfType<string>().Distinct().ToList();
        var names = await db.Institutions.Where(i => codes.Contains(i.Code)).Select(i => new { i.Code, i.Name }).ToDictionaryAsync(i => i.Code, i => i.Name, cancellationToken);
        return new Paged<HandoverView>(handovers.Items.Select(h => HandoverView.From(h, h.ToInstitutionCode is { } code ? names.GetValueOrDefault(code) : null)).ToList(),
            handovers.Page, handovers.PageSize, handovers.Total);
    }

    /// <summary>A handover concerns the tier that gave and the tier that received.</summary>
    private static Expression<Func<Handover, bool>> HandoverVisibleTo(Caller caller)
    {
        var prefix = caller.RegionScope;
        return h => h.ToRegionCode.StartsWith(prefix) || h.FromRegionCode.StartsWith(prefix);
    }
}
