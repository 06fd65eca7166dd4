using System.Linq.Expressions;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
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
