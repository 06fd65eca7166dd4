using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Keys;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Keys;

/// <summary>The reviewer's note: optional on approval, required on rejection; at most 500 characters.</summary>
public sealed record ReviewRequest(string? Note);

/// <summary>
/// Step 2 (national tier): approves or rejects a submitted application, as <see cref="KeyApplicationLifecycle"/> allows.
/// The reviewer is never the applicant (ADR 016).
/// </summary>
public sealed class ReviewKeyApplication(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<KeyApplicationView>> ExecuteAsync(Caller caller, Guid id, bool approve, ReviewRequest? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysNational) is { } denied)
        {
            return Task.FromResult(Result<KeyApplicationView>.Failure(denied));
        }
        var note = request?.Note?.Trim();
        var trigger = approve ? KeyApplicationTrigger.Approve : KeyApplicationTrigger.Reject;
        var scope = new AuditScope(approve ? "keys.application.approve" : "keys.application.reject", "key_application")
        {
            OnConcurrencyConflict = KeyErrors.ApplicationChangedMeanwhile,
        };
        return audit.RunAsync<KeyApplicationView>(caller, scope, async ct =>
        {
            if (note is { Length: > 500 } || (!approve && string.IsNullOrEmpty(note)))
            {
                var errors = new FieldErrors();
                errors.Add("note", "驳回须说明理由，最多 500 个字符", "A rejection needs a note; at most 500 characters");
                return errors.ToError(KeyErrors.Invalid);
            }
            var application = await db.KeyApplications.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (application is null)
            {
                return KeyErrors.ApplicationNotFound;
            }
            scope.TargetId = application.Number;
            scope.RegionCode = application.ProvinceCode;
            var next = KeyApplicationLifecycle.Table.Next(application.Status, trigger);
            if (!next.IsSuccess)
            {
                return next.Error!;
            }
            if (application.CreatedBy == caller.Actor)
            {
                return KeyErrors.ReviewerIsApplicant;
            }
            application.Status = next.Value;
            application.ReviewNote = note;
            application.ReviewedBy = caller.Actor;
            application.ReviewedAt = clock.GetUtcNow();
            application.Version++;
            scope.Details = JsonSerializer.Serialize(new { status = EnumNames.Of(application.Status) });
            return KeyApplicationView.Of(application);
        }, cancellationToken);
    }
}
