using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Sams;

/// <summary>Approves an application at the caller's level (it moves up) or rejects it with a reason.</summary>
public sealed class ReviewSamApplication(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<SamApplicationView>> ExecuteAsync(Caller caller, Guid id, bool approve, string? comment, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<SamApplicationView>>(denied);
        }
        var scope = new AuditScope(approve ? "sam_application.approve" : "sam_application.reject", "sam_application")
        {
            TargetId = id.ToString(),
            OnConcurrencyConflict = new Conflict("sam_application.version_conflict", new Message("该申请刚被他人审核，请刷新后重试", "The application was reviewed meanwhile; reload and retry")),
        };
        return audit.RunAsync<SamApplicationView>(caller, scope, async ct =>
        {
            if (!approve && string.IsNullOrWhiteSpace(comment))
            {
                var errors = new FieldErrors();
                errors.Add("reason", "驳回须注明原因", "A rejection needs a reason");
                return errors.ToError("sam_application.invalid");
            }
            var application = await db.SamApplications.InRegionOf(caller).FirstOrDefaultAsync(a => a.Id == id, ct);
            if (application is null)
            {
                return new NotFound("sam_application");
            }
            scope.RegionCode = application.RegionCode;
            var trigger = approve ? "approve" : "reject";
            if (SamReviewLevels.Next(application) is not { } level)
            {
                return new InvalidTransition("sam_application", EnumNames.Of(application.Status), trigger);
            }
            if (!SamReviewLevels.Reviews(caller, level, application.RegionCode))
            {
                return new Conflict("sam_application.wrong_level", new Message(
                    $"该申请当前应由{application.RegionCode[..level]}的{LevelZh(level)}级审核", $"The application awaits review at the {SamReviewLevels.Name(level)} level ({application.RegionCode[..level]})"));
            }
            var from = application.Status;
            application.Status = approve ? SamReviewLevels.ApprovedAt(level) : SamApplicationStatus.Rejected;
            application.Version++;
            db.LifecycleEvents.Add(LifecycleEvent.Record("sam_application", application.Id.ToString(), trigger, EnumNames.Of(from),
                EnumNames.Of(application.Status), CreateInstitution.Context(caller, clock, comment),
                JsonSerializer.Serialize(new { level = SamReviewLevels.Name(level) })));
            scope.Details = JsonSerializer.Serialize(new { level = SamReviewLevels.Name(level), to = EnumNames.Of(application.Status) });
            return SamApplicationView.From(application);
        }, cancellationToken);
    }

    private static string LevelZh(int level) => level switch
    {
        SamReviewLevels.District => "区县",
        SamReviewLevels.City => "市",
        _ => "省",
    };
}
