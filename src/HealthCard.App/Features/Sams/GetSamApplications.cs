using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.SecurityModules;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Sams;

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
