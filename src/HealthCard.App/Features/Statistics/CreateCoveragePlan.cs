using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Features.Statistics;

public sealed record CoveragePlanRequest(string? Name, string? RegionCode, string? Tag, int? TargetCount, DateOnly? Deadline);

public sealed record CoveragePlanView(Guid Id, string Name, string RegionCode, string Tag, int TargetCount, DateOnly Deadline,
    string CreatedBy, DateTimeOffset CreatedAt)
{
    internal static CoveragePlanView From(CoveragePlan p) => new(p.Id, p.Name, p.RegionCode, PopulationTagNames.ToNames(p.Tag)[0],
        p.TargetCount, p.Deadline, p.CreatedBy, p.CreatedAt);
}

/// <summary>Records a rollout target (such as 330,000 NCMS members of Luquan by June) for the caller's region or below.</summary>
public sealed class CreateCoveragePlan(HealthCardDb db, AuditTrail audit, IRegionDirectory regions, TimeProvider clock)
{
    public Task<Result<CoveragePlanView>> ExecuteAsync(Caller caller, CoveragePlanRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.CoveragePlansWrite) is { } denied)
        {
            return Task.FromResult<Result<CoveragePlanView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("coverage_plan.create", "coverage_plan") { RegionCode = request.RegionCode };
        return audit.RunAsync<CoveragePlanView>(caller, scope, ct =>
        {
            var errors = new FieldErrors();
            var name = request.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 100)
            {
                errors.Add("name", "计划名称必填，最多 100 个字符", "name is required, at most 100 characters");
            }
            var region = RegionPrefix.Parse(request.RegionCode, regions, errors, "regionCode")?.Value ?? "";
            if (region.Length > 0 && !caller.Covers(region))
            {
                errors.Add("regionCode", "该地区不在本账号的管辖范围内", "The region is outside the caller's region scope");
            }
            if (request.Tag is null || !PopulationTagNames.TryParse(request.Tag, out var tag))
            {
                errors.Add("tag", $"目标人群应为 {string.Join("、", PopulationTagNames.All)} 之一", $"tag must be one of {string.Join(", ", PopulationTagNames.All)}");
                tag = PopulationTags.None;
            }
            if (request.TargetCount is not > 0)
            {
                errors.Add("targetCount", "目标数应为正整数", "targetCount must be a positive number");
            }
            if (request.Deadline is null)
            {
                errors.Add("deadline", "截止日期必填", "deadline is required");
            }
            if (errors.Any)
            {
                return Task.FromResult<Result<CoveragePlanView>>(errors.ToError(StatisticsErrors.PlanInvalid));
            }
            var now = clock.GetUtcNow();
            var plan = new CoveragePlan
            {
                Id = Guid.CreateVersion7(now),
                Name = name!,
                RegionCode = region,
                Tag = tag,
                TargetCount = request.TargetCount!.Value,
                Deadline = request.Deadline!.Value,
                CreatedBy = caller.Actor,
                CreatedAt = now,
            };
            db.CoveragePlans.Add(plan);
            scope.TargetId = plan.Id.ToString();
            scope.Details = JsonSerializer.Serialize(new { plan.Name, tag = request.Tag, plan.TargetCount, plan.Deadline });
            return Task.FromResult(Result<CoveragePlanView>.Success(CoveragePlanView.From(plan)));
        }, cancellationToken);
    }
}
