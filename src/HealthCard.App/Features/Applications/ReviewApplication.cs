using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Applications;

/// <summary>
/// Approves an application at the caller's level (county, then city or above) or rejects it with a reason. Each step is
/// one trigger of <see cref="CardApplication.Lifecycle"/>, recorded in the application's history and the audit chain.
/// </summary>
public sealed class ReviewApplication(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<CardApplicationView>> ExecuteAsync(Caller caller, Guid id, ApplicationTrigger trigger, string? reason,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ApplicationsWrite) is { } denied)
        {
            return Task.FromResult<Result<CardApplicationView>>(denied);
        }
        if (trigger == ApplicationTrigger.Reject && string.IsNullOrWhiteSpace(reason) || reason is { Length: > 200 })
        {
            var errors = new FieldErrors();
            errors.Add("reason", "驳回须注明原因（最多 200 个字符）", "A rejection needs a reason (at most 200 characters)");
            return Task.FromResult<Result<CardApplicationView>>(errors.ToError("card_application.invalid"));
        }
        var scope = new AuditScope("card_application." + EnumNames.Of(trigger), "card_application")
        {
            TargetId = id.ToString(),
            OnConcurrencyConflict = ApplicationErrors.VersionConflict,
        };
        return LifecycleOperation.RunAsync(db, audit, caller, scope,
            ct => db.CardApplications.InRegionOf(caller).FirstOrDefaultAsync(a => a.Id == id, ct),
            ApplicationErrors.NotFound,
            a => a.RegionCode,
            a => Apply(caller, a, trigger, reason),
            (a, _) => Task.FromResult(CardApplicationView.From(a)),
            cancellationToken);
    }

    private Result<LifecycleEvent> Apply(Caller caller, CardApplication application, ApplicationTrigger trigger, string? reason)
    {
        // The table answers first (a decided application is an invalid transition), then who may take the step.
        if (CardApplication.Lifecycle.Next(application.Status, trigger) is { IsSuccess: false } refused)
        {
            return refused.Error!;
        }
        var level = ApplicationReviewLevels.Next(application.Status)!;
        if (!ApplicationReviewLevels.Reviews(caller, level, application.RegionCode))
        {
            return ApplicationErrors.WrongLevel(level, application.RegionCode);
        }
        return application.Apply(trigger, CreateInstitution.Context(caller, clock, reason), JsonSerializer.Serialize(new { level }));
    }
}
