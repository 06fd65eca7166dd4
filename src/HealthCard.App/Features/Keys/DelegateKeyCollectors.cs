using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using HealthCard.Domain.Keys;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Keys;

public sealed record CollectorRequest(string? Name, string? IdNumber);

/// <summary>
/// A delegation letter: its number, the delegating institution, 1 to 5 collectors, and how long it is valid: either
/// <c>ValidUntil</c> (a date from today on) or <c>ValidDays</c> (days from today, China time); with neither,
/// <see cref="DelegateKeyCollectors.DefaultValidDays"/> days.
/// </summary>
public sealed record DelegationRequest(string? LetterNumber, string? Delegator, DateOnly? ValidUntil, IReadOnlyList<CollectorRequest>? Collectors,
    int? ValidDays = null);

/// <summary>
/// Step 3: the applying province's delegation letter (委派书) naming who collects its keys, on an application that is
/// submitted or approved (<see cref="KeyApplicationLifecycle"/>). Written by the province itself, by neither the applicant
/// nor the reviewer (ADR 016). Collectors' ID numbers are kept only masked and as a blind index.
/// </summary>
public sealed class DelegateKeyCollectors(HealthCardDb db, AuditTrail audit, PersonalDataProtector protector, TimeProvider clock)
{
    /// <summary>How long a delegation letter is valid when the request names no date and no number of days.</summary>
    public const int DefaultValidDays = 30;

    /// <summary>The longest validity a number of days may give (about ten years).</summary>
    public const int MaxValidDays = 3650;

    public Task<Result<DelegationView>> ExecuteAsync(Caller caller, Guid applicationId, DelegationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Authorize(Capabilities.KeysManage) is { } denied)
        {
            return Task.FromResult(Result<DelegationView>.Failure(denied));
        }
        var scope = new AuditScope("keys.delegation.create", "key_delegation") { TargetId = request.LetterNumber }
            .OnUniqueViolation(HealthCardDb.KeyDelegationLetterIndex, KeyErrors.DelegationDuplicate);
        return audit.RunAsync<DelegationView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            KeyDocuments.Text(errors, "letterNumber", request.LetterNumber, 32, "委派书编号", "letterNumber");
            KeyDocuments.Text(errors, "delegator", request.Delegator, 100, "委派单位", "delegator");
            var validUntil = ValidUntil(request, clock.Today(), errors);
            if (request.Collectors is not { Count: >= 1 and <= 5 })
            {
                errors.Add("collectors", "应指定 1 至 5 名领取人", "Name 1 to 5 collectors");
            }
            else
            {
                for (var n = 0; n < request.Collectors.Count; n++)
                {
                    var collector = request.Collectors[n];
                    KeyDocuments.Text(errors, $"collectors[{n}].name", collector.Name, 50, "领取人姓名", "name");
                    if (CitizenIdNumber.TryParse(collector.IdNumber, out _) != CitizenIdNumber.Problem.None)
                    {
                        errors.Add($"collectors[{n}].idNumber", "领取人身份证号码无效", "The collector's citizen ID number is not valid");
                    }
                }
            }
            if (errors.Any)
            {
                return errors.ToError(KeyErrors.Invalid);
            }
            var application = await db.KeyApplications.InRegionOf(caller).AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId, ct);
            if (application is null)
            {
                return KeyErrors.ApplicationNotFound;
            }
            scope.RegionCode = application.ProvinceCode;
            // A letter leaves the application's state as it is (submitted or approved); any other state refuses it.
            if (KeyApplicationLifecycle.Table.Next(application.Status, KeyApplicationTrigger.Delegate).Error is { } refused)
            {
                return refused;
            }
            if (caller.RegionScope != application.ProvinceCode)
            {
                // The delegation letter is the applying province's own document.
                return KeyErrors.OwnProvinceOnly;
            }
            if (caller.Actor == application.CreatedBy || caller.Actor == application.ReviewedBy)
            {
                return KeyErrors.DelegatorIsApplicantOrReviewer;
            }
            var delegation = new KeyDelegation
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                ApplicationId = application.Id,
                LetterNumber = request.LetterNumber!.Trim(),
                Delegator = request.Delegator!.Trim(),
                ValidUntil = validUntil!.Value,
                Collectors = request.Collectors!.Select(c => new KeyCollector
                {
                    Name = c.Name!.Trim(),
                    IdNumberMasked = Masking.IdNumber(c.IdNumber!.Trim().ToUpperInvariant()),
                    IdNumberIndex = protector.IdNumberIndex(c.IdNumber!),
                }).ToList(),
                CreatedBy = caller.Actor,
                CreatedAt = clock.GetUtcNow(),
            };
            db.KeyDelegations.Add(delegation);
            scope.Details = JsonSerializer.Serialize(new { application = application.Number, collectors = delegation.Collectors.Count });
            return DelegationView.Of(delegation);
        }, cancellationToken);
    }

    /// <summary>
    /// The letter's last valid day: the date given (from <paramref name="today"/> on), or <paramref name="today"/> plus the
    /// days given (0 to <see cref="MaxValidDays"/>), or plus <see cref="DefaultValidDays"/>; null (with the error added) otherwise.
    /// </summary>
    private static DateOnly? ValidUntil(DelegationRequest request, DateOnly today, FieldErrors errors)
    {
        if (request.ValidUntil is { } date)
        {
            if (request.ValidDays is not null)
            {
                errors.Add("validDays", "有效期请指定截止日期或天数之一", "Give validUntil or validDays, not both");
                return null;
            }
            if (date < today)
            {
                errors.Add("validUntil", "委派有效期应为今天或以后的日期", "validUntil is a date from today on");
                return null;
            }
            return date;
        }
        if (request.ValidDays is { } days && (days < 0 || days > MaxValidDays))
        {
            errors.Add("validDays", $"委派有效天数应为 0 至 {MaxValidDays}", $"validDays is from 0 to {MaxValidDays}");
            return null;
        }
        return today.AddDays(request.ValidDays ?? DefaultValidDays);
    }
}
