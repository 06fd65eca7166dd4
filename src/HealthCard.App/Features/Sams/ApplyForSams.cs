using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.SecurityModules;

namespace HealthCard.App.Features.Sams;

public sealed record SamApplicationRequest(string? InstitutionCode, int? Type, int? Count, string? Purpose);

public sealed record SamApplicationView(Guid Id, string InstitutionCode, string RegionCode, int Type, int Count, string Purpose,
    SamApplicationStatus Status, string? NextReviewLevel, Guid? PlanId, string SubmittedBy, DateTimeOffset SubmittedAt)
{
    internal static SamApplicationView From(SamApplication a) => new(a.Id, a.InstitutionCode, a.RegionCode, a.Type, a.Count, a.Purpose,
        a.Status, SamReviewLevels.Next(a) is { } level ? SamReviewLevels.Name(level) : null, a.PlanId, a.SubmittedBy, a.SubmittedAt);
}

/// <summary>
/// The roll-up of SAM applications: a district's application is reviewed by its district, then its city, then its
/// province; a city-level institution's starts at the city. Each level is a region prefix of 6, 4 or 2 digits, and a
/// reviewer acts only at the level their own region is.
/// </summary>
public static class SamReviewLevels
{
    public const int District = 6;
    public const int City = 4;
    public const int Province = 2;

    /// <summary>The prefix length of the level that reviews next, or null when no review is pending.</summary>
    public static int? Next(SamApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var region = application.RegionCode;
        return application.Status switch
        {
            SamApplicationStatus.Submitted when !region.EndsWith("00", StringComparison.Ordinal) => District,
            SamApplicationStatus.Submitted when !region.EndsWith("0000", StringComparison.Ordinal) => City,
            SamApplicationStatus.Submitted => Province,
            SamApplicationStatus.DistrictApproved => City,
            SamApplicationStatus.CityApproved => Province,
            _ => null,
        };
    }

    public static SamApplicationStatus ApprovedAt(int level) => level switch
    {
        District => SamApplicationStatus.DistrictApproved,
        City => SamApplicationStatus.CityApproved,
        _ => SamApplicationStatus.Approved,
    };

    /// <summary>True when <paramref name="caller"/> reviews at <paramref name="level"/> for <paramref name="regionCode"/>; the national level may act for a province.</summary>
    public static bool Reviews(Caller caller, int level, string regionCode)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.RegionScope == regionCode[..level] || (level == Province && caller.RegionScope.Length == 0);
    }

    public static string Name(int level) => level switch
    {
        District => "district",
        City => "city",
        _ => "province",
    };
}

/// <summary>An institution applies for SAMs of one type (申请登记).</summary>
public sealed class ApplyForSams(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public const int MaxCount = 1000;

    public Task<Result<SamApplicationView>> ExecuteAsync(Caller caller, SamApplicationRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<SamApplicationView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("sam_application.submit", "sam_application");
        return audit.RunAsync<SamApplicationView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            if (request.Type is not (>= Sam.MinType and <= Sam.MaxType))
            {
                errors.Add("type", "SAM 卡类型应为 1–5", "type is a SAM type 1–5");
            }
            if (request.Count is not (>= 1 and <= MaxCount))
            {
                errors.Add("count", $"申请数量应为 1–{MaxCount}", $"count is 1–{MaxCount}");
            }
            if (string.IsNullOrWhiteSpace(request.Purpose) || request.Purpose.Length > 200)
            {
                errors.Add("purpose", "用途不能为空，最多 200 个字符", "purpose is required, at most 200 characters");
            }
            if (errors.Any)
            {
                return errors.ToError("sam_application.invalid");
            }
            var institution = await InstitutionErrors.FindActiveAsync(db, caller, request.InstitutionCode, "institutionCode", ct,
                InstitutionKind.Medical, InstitutionKind.Bank, InstitutionKind.PersonalizationCentre);
            if (!institution.IsSuccess)
            {
                return institution.Error!;
            }
            var now = clock.GetUtcNow();
            var application = new SamApplication
            {
                Id = Guid.CreateVersion7(now),
                InstitutionCode = institution.Value.Code,
                RegionCode = institution.Value.RegionCode,
                Type = request.Type!.Value,
                Count = request.Count!.Value,
                Purpose = request.Purpose!,
                Status = SamApplicationStatus.Submitted,
                SubmittedBy = caller.Actor,
                SubmittedAt = now,
            };
            db.SamApplications.Add(application);
            db.LifecycleEvents.Add(LifecycleEvent.Record("sam_application", application.Id.ToString(), "submit", null,
                EnumNames.Of(application.Status), CreateInstitution.Context(caller, clock)));
            scope.TargetId = application.Id.ToString();
            scope.RegionCode = application.RegionCode;
            scope.Details = JsonSerializer.Serialize(new { institution = application.InstitutionCode, type = application.Type, count = application.Count });
            return SamApplicationView.From(application);
        }, cancellationToken);
    }
}
