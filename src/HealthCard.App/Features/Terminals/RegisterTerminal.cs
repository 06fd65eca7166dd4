using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Products;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.Products;
using HealthCard.Domain.Terminals;

namespace HealthCard.App.Features.Terminals;

public sealed record TerminalRequest(string? Serial, Guid? ProductId, string? InstitutionCode);

public sealed record TerminalView(string Serial, Guid ProductId, string InstitutionCode, string RegionCode, TerminalStatus Status,
    string? SamSerial, DateTimeOffset RegisteredAt)
{
    /// <summary>The triggers allowed from <see cref="Status"/>, each with where it leads: the actions a page may offer.</summary>
    public IReadOnlyList<AllowedTransition<TerminalTrigger, TerminalStatus>> Allowed => Terminal.Lifecycle.AllowedFrom(Status);
}

/// <summary>Registers a reader device by serial and approved terminal product to a medical institution or bank in the caller's region.</summary>
public sealed class RegisterTerminal(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<TerminalView>> ExecuteAsync(Caller caller, TerminalRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<TerminalView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("terminal.register", "terminal") { TargetId = request.Serial }
            .OnUniqueViolation(HealthCardDb.TerminalSerialIndex, new Conflict("terminal.duplicate", new Message("该终端序列号已登记", "A terminal with this serial is already registered")));
        return audit.RunAsync<TerminalView>(caller, scope, async ct =>
        {
            if (!Terminal.IsSerial(request.Serial))
            {
                var errors = new FieldErrors();
                errors.Add("serial", "终端序列号应为 4–32 位数字、大写字母或连字符", "The serial is 4–32 digits, capital letters or hyphens");
                return errors.ToError("terminal.invalid");
            }
            var product = await ProductQueries.UsableAsync(db, request.ProductId, ProductKind.Terminal, clock.Today(), "productId", ct);
            if (!product.IsSuccess)
            {
                return product.Error!;
            }
            var institution = await InstitutionErrors.FindActiveAsync(db, caller, request.InstitutionCode, "institutionCode", ct,
                InstitutionKind.Medical, InstitutionKind.Bank);
            if (!institution.IsSuccess)
            {
                return institution.Error!;
            }
            var (terminal, registered) = Terminal.Register(request.Serial!, product.Value.Id, institution.Value.Code, institution.Value.RegionCode,
                CreateInstitution.Context(caller, clock));
            db.Terminals.Add(terminal);
            db.LifecycleEvents.Add(registered);
            scope.RegionCode = terminal.RegionCode;
            scope.Details = JsonSerializer.Serialize(new { institution = terminal.InstitutionCode, productId = terminal.ProductId });
            return new TerminalView(terminal.Serial, terminal.ProductId, terminal.InstitutionCode, terminal.RegionCode, terminal.Status, null,
                terminal.RegisteredAt);
        }, cancellationToken);
    }
}
