using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.SecurityModules;
using Microsoft.EntityFrameworkCore;

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

public sealed record SamPlanRequest(string? RegionCode, IReadOnlyList<Guid>? ApplicationIds);

public sealed record SamPlanView(Guid Id, string Number, string RegionCode, IReadOnlyList<int> Planned, IReadOnlyList<int> StockedIn,
    IReadOnlyList<Guid> ApplicationIds, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Turns approved applications of a province into a production plan (制卡计划), counting SAMs by type.</summary>
public sealed class CreateSamPlan(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<SamPlanView>> ExecuteAsync(Caller caller, SamPlanRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<SamPlanView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("sam_plan.create", "sam_plan") { RegionCode = request.RegionCode }
            .OnUniqueViolation(HealthCardDb.SamPlanNumberIndex, SamErrors.NumberTaken);
        return audit.RunAsync<SamPlanView>(caller, scope, async ct =>
        {
            var region = request.RegionCode ?? caller.RegionScope;
            if (!RegionPrefix.TryParse(region, out var prefix) || !prefix.IsProvince || !caller.Covers(prefix))
            {
                var errors = new FieldErrors();
                errors.Add("regionCode", "制卡计划按省编制：地区应为本人管辖范围内的 2 位省级代码", "A plan is made per province: regionCode is a 2-digit province within your region");
                return errors.ToError("sam_plan.invalid");
            }
            var query = db.SamApplications.Where(a => a.Status == SamApplicationStatus.Approved && a.RegionCode.StartsWith(region));
            if (request.ApplicationIds is { Count: > 0 } ids)
            {
                query = query.Where(a => ids.Contains(a.Id));
            }
            var applications = await query.ToListAsync(ct);
            if (applications.Count == 0 || (request.ApplicationIds is { Count: > 0 } wanted && applications.Count != wanted.Distinct().Count()))
            {
                return new Conflict("sam_plan.nothing_to_plan", new Message("没有可编入计划的已批准申请（或部分申请不是已批准状态）",
                    "There are no approved applications to plan (or some named applications are not approved)"));
            }
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7(now);
            var plan = new SamPlan
            {
                Id = id,
                Number = SamErrors.Number("JH" + region, now, id),
                RegionCode = region,
                Counts = [.. Enumerable.Range(Sam.MinType, Sam.MaxType).Select(type => applications.Where(a => a.Type == type).Sum(a => a.Count))],
                CreatedBy = caller.Actor,
                CreatedAt = now,
            };
            db.SamPlans.Add(plan);
            foreach (var application in applications)
            {
                application.Status = SamApplicationStatus.Planned;
                application.PlanId = plan.Id;
                application.Version++;
                db.LifecycleEvents.Add(LifecycleEvent.Record("sam_application", application.Id.ToString(), "plan", EnumNames.Of(SamApplicationStatus.Approved),
                    EnumNames.Of(SamApplicationStatus.Planned), CreateInstitution.Context(caller, clock), JsonSerializer.Serialize(new { plan = plan.Number })));
            }
            scope.TargetId = plan.Number;
            scope.Details = JsonSerializer.Serialize(new { counts = plan.Counts, applications = applications.Count });
            return new SamPlanView(plan.Id, plan.Number, plan.RegionCode, plan.Counts, new int[Sam.MaxType], applications.Select(a => a.Id).ToList(),
                plan.CreatedBy, plan.CreatedAt);
        }, cancellationToken);
    }
}

public sealed class GetSamApplications(HealthCardDb db)
{
    public async Task<Result<Paged<SamApplicationView>>> ListAsync(Caller caller, string? status, PageRequest page, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var query = db.SamApplications.AsNoTracking().InRegionOf(caller);
        if (EnumNames.TryParse<SamApplicationStatus>(status, out var s))
        {
            query = query.Where(a => a.Status == s);
        }
        return await Paged<SamApplicationView>.ReadAsync(query.OrderByDescending(a => a.SubmittedAt), page, SamApplicationView.From, cancellationToken);
    }

    public async Task<Result<SamPlanView>> PlanAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var plan = await db.SamPlans.AsNoTracking().Where(VisibleTo(caller)).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (plan is null)
        {
            return new NotFound("sam_plan");
        }
        return (await ViewsAsync([plan], cancellationToken))[0];
    }

    /// <summary>The plans the caller may see (制卡计划), newest first, a page at a time, each with its stock-in progress.</summary>
    public async Task<Result<Paged<SamPlanView>>> ListPlansAsync(Caller caller, PageRequest page, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var plans = await Paged<SamPlan>.ReadAsync(db.SamPlans.AsNoTracking().Where(VisibleTo(caller)).OrderByDescending(p => p.CreatedAt),
            page, p => p, cancellationToken);
        return new Paged<SamPlanView>(await ViewsAsync(plans.Items, cancellationToken), plans.Page, plans.PageSize, plans.Total);
    }

    /// <summary>A province's plan concerns the province and every tier below it (and the national level above it).</summary>
    private static System.Linq.Expressions.Expression<Func<SamPlan, bool>> VisibleTo(Caller caller)
    {
        var prefix = caller.RegionScope;
        return p => p.RegionCode.StartsWith(prefix) || prefix.StartsWith(p.RegionCode);
    }

    private async Task<List<SamPlanView>> ViewsAsync(IReadOnlyList<SamPlan> plans, CancellationToken cancellationToken)
    {
        var ids = plans.Select(p => p.Id).ToList();
        var stocked = await db.Sams.Where(s => s.PlanId != null && ids.Contains(s.PlanId.Value)).GroupBy(s => new { s.PlanId, s.Type })
            .Select(g => new { g.Key.PlanId, g.Key.Type, Count = g.Count() }).ToListAsync(cancellationToken);
        var applications = await db.SamApplications.Where(a => a.PlanId != null && ids.Contains(a.PlanId.Value))
            .Select(a => new { a.PlanId, a.Id }).ToListAsync(cancellationToken);
        return plans.Select(plan => new SamPlanView(plan.Id, plan.Number, plan.RegionCode, plan.Counts,
            Enumerable.Range(Sam.MinType, Sam.MaxType).Select(t => stocked.FirstOrDefault(s => s.PlanId == plan.Id && s.Type == t)?.Count ?? 0).ToList(),
            applications.Where(a => a.PlanId == plan.Id).Select(a => a.Id).ToList(), plan.CreatedBy, plan.CreatedAt)).ToList();
    }
}
