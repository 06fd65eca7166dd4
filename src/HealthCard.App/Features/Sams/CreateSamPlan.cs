using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.SecurityModules;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Sams;

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
