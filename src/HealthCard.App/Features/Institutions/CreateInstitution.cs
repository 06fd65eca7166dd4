using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Institutions;

public sealed record InstitutionRequest(string? Code, string? Kind, string? Name, string? Level, string? Type, string? RegionCode,
    string? ContactName = null, string? ContactPhone = null, int? Version = null);

public sealed record InstitutionView(string Code, InstitutionKind Kind, string Name, string? Level, string? LevelName, string? Type,
    string? TypeName, string RegionCode, string? RegionName, string? ContactName, string? ContactPhone, InstitutionStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    /// <summary>The triggers allowed from <see cref="Status"/>, each with where it leads: the actions a page may offer.</summary>
    public IReadOnlyList<AllowedTransition<InstitutionTrigger, InstitutionStatus>> Allowed => Institution.Lifecycle.AllowedFrom(Status);

    internal static InstitutionView From(Institution i, IRegionDirectory regions) => new(i.Code, i.Kind, i.Name, i.Level,
        i.Level is null ? null : InstitutionCodes.Levels.NameOf(i.Level), i.Type, i.Type is null ? null : InstitutionCodes.Types.NameOf(i.Type),
        i.RegionCode, regions.NameOf(i.RegionCode), i.ContactName, i.ContactPhone, i.Status, i.CreatedAt, i.UpdatedAt, i.Version);
}

/// <summary>One entry of the history of an institution, a product, a SAM or a terminal.</summary>
public sealed record LifecycleEventView(string Action, string? FromStatus, string ToStatus, string Actor, Channel Channel, string? Reason,
    JsonElement? Details, DateTimeOffset OccurredAt)
{
    internal static LifecycleEventView From(LifecycleEvent e) => new(e.Action, e.FromStatus, e.ToStatus, e.Actor, e.Channel, e.Reason,
        e.Details is null ? null : JsonDocument.Parse(e.Details).RootElement.Clone(), e.OccurredAt);

    internal static async Task<IReadOnlyList<LifecycleEventView>> HistoryAsync(HealthCardDb db, string subjectType, string subjectKey,
        CancellationToken cancellationToken) =>
        (await db.LifecycleEvents.AsNoTracking().Where(e => e.SubjectType == subjectType && e.SubjectKey == subjectKey)
            .OrderBy(e => e.Id).ToListAsync(cancellationToken)).Select(From).ToList();
}

/// <summary>Registers an institution in the caller's region.</summary>
public sealed class CreateInstitution(HealthCardDb db, AuditTrail audit, IRegionDirectory regions, TimeProvider clock)
{
    public Task<Result<InstitutionView>> ExecuteAsync(Caller caller, InstitutionRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsWrite) is { } denied)
        {
            return Task.FromResult<Result<InstitutionView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("institution.create", "institution") { TargetId = request.Code, RegionCode = request.RegionCode }
            .OnUniqueViolation(HealthCardDb.InstitutionCodeIndex, InstitutionErrors.Duplicate);
        return audit.RunAsync<InstitutionView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            if (request.Code is null)
            {
                errors.Add("code", "机构代码不能为空", "The code is required");
            }
            if (!EnumNames.TryParse<InstitutionKind>(request.Kind, out var kind))
            {
                errors.Add("kind", "机构类型应为 medical、bank、manufacturer 或 personalization_centre",
                    "kind must be medical, bank, manufacturer or personalization_centre");
            }
            var details = new InstitutionDetails(request.Name ?? "", request.Level, request.Type, request.ContactName, request.ContactPhone);
            InstitutionCodes.Validate(errors, request.Code, kind, details);
            if (request.RegionCode is null || !regions.Exists(request.RegionCode))
            {
                errors.Add("regionCode", "地区代码应为有效的 6 位 GB/T 2260 代码", "regionCode is a valid 6-digit GB/T 2260 code");
            }
            else if (!caller.Covers(request.RegionCode))
            {
                errors.Add("regionCode", "不能在自身管辖范围以外登记机构", "An institution can only be registered within your region");
            }
            if (errors.Any)
            {
                return errors.ToError("institution.invalid");
            }
            var (institution, created) = Institution.Create(request.Code!, kind, request.RegionCode!, details, Context(caller, clock));
            db.Institutions.Add(institution);
            db.LifecycleEvents.Add(created);
            await Task.CompletedTask;
            scope.Details = JsonSerializer.Serialize(new { kind = EnumNames.Of(kind), level = details.Level, type = details.Type });
            return InstitutionView.From(institution, regions);
        }, cancellationToken);
    }

    internal static TransitionContext Context(Caller caller, TimeProvider clock, string? reason = null) =>
        new(caller.Actor, caller.Channel, clock.GetUtcNow(), reason);
}
