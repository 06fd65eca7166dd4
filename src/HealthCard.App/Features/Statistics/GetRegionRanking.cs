using System.Globalization;
using HealthCard.App.Common;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Statistics;

/// <summary><paramref name="Region"/>: the node (default: the caller's region); <paramref name="Month"/>: <c>yyyy-MM</c> (default: this month, China time).</summary>
public sealed record RegionRankingRequest(string? Region, string? Month = null);

/// <summary>
/// The child regions of a node ranked for one month (月报公示), with the node's figures for that month. The dashboard shows
/// it and the monthly report ranks with it, so the two cannot disagree.
/// </summary>
public sealed record RegionRanking(string Region, string? RegionName, string Month, DateTimeOffset AsOf, RegionFigures Total,
    IReadOnlyList<RegionRank> Regions);

/// <summary>One child region's place in the ranking, with its figures for the month and its progress against its plans.</summary>
public sealed record RegionRank(int Rank, string Region, string Name, RegionFigures Figures)
{
    public long Issued => Figures.Issued;

    public PlanSummary Plan => PlanSummary.Of(Figures);
}

/// <summary>
/// The one ranking of child regions: regions with a plan rank by progress against it (<see cref="PlanSummary"/>); the
/// others follow, by cards issued in the month; ties go by region code.
/// </summary>
public sealed class GetRegionRanking(GetStatistics statistics, TimeProvider clock)
{
    public async Task<Result<RegionRanking>> ExecuteAsync(Caller caller, RegionRankingRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.StatisticsRead) is { } denied)
        {
            return denied;
        }
        ArgumentNullException.ThrowIfNull(request);
        var month = request.Month ?? clock.Today().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            var errors = new FieldErrors();
            StatisticsErrors.AddMonth(errors, "month");
            return errors.ToError(StatisticsErrors.Invalid);
        }
        var byRegion = await statistics.ExecuteAsync(caller, new StatisticsRequest(request.Region, month, month, "region"), cancellationToken);
        if (!byRegion.IsSuccess)
        {
            return byRegion.Error!;
        }
        var node = byRegion.Value;
        return new RegionRanking(node.Region, node.RegionName, month, node.AsOf, node.Total, Rank(node.Groups));
    }

    /// <summary>The node's own level counts in its total but is not a region to rank.</summary>
    private static List<RegionRank> Rank(IEnumerable<StatisticsGroup> groups) =>
        groups.Where(g => !g.OwnLevel)
            .Select(g => (Group: g, Plan: PlanSummary.Of(g.Figures)))
            .OrderByDescending(r => r.Plan.Progress.HasValue)
            .ThenByDescending(r => r.Plan.Progress ?? 0)
            .ThenByDescending(r => r.Group.Figures.Issued)
            .ThenBy(r => r.Group.Key, StringComparer.Ordinal)
            .Select((r, index) => new RegionRank(index + 1, r.Group.Key, r.Group.Name ?? r.Group.Key, r.Group.Figures))
            .ToList();
}
