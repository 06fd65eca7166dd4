using System.Globalization;
using HealthCard.App.Common;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Statistics;

public sealed record MonthlyReportRequest(string? Region, string? Month);

/// <summary>
/// The monthly report (月报) of a region for one month: the node, each child region, a ranking of the children by
/// progress against plan (月报公示), and twelve months of issuance. Every figure is taken from <see cref="GetStatistics"/>,
/// so the report and the statistics endpoint cannot disagree.
/// </summary>
public sealed record MonthlyReportData(string Region, string RegionName, string Month, DateTimeOffset GeneratedAt, ReportLine Summary,
    IReadOnlyList<MonthIssued> Trend, IReadOnlyList<ReportLine> Children, IReadOnlyList<RankedRegion> Ranking);

/// <summary>
/// One region's line: <see cref="Issued"/> this month and <see cref="PreviousIssued"/> the month before, with the change
/// (null when there was nothing the month before), <see cref="CumulativeIssued"/> up to the end of the month, and the
/// month's full figures.
/// </summary>
public sealed record ReportLine(string Region, string Name, long Issued, long PreviousIssued, double? Change, long CumulativeIssued,
    RegionFigures Figures, IReadOnlyList<MonthIssued> Trend)
{
    /// <summary>Progress against this region's own plans: covered ÷ target over all of them; null without a plan.</summary>
    public double? PlanProgress
    {
        get
        {
            var plans = Figures.Coverage.SelectMany(c => c.Plans).ToList();
            return plans.Count == 0 ? null : Math.Round((double)plans.Sum(p => p.Covered) / plans.Sum(p => (long)p.TargetCount), 4);
        }
    }

    public long PlanTarget => Figures.Coverage.SelectMany(c => c.Plans).Sum(p => (long)p.TargetCount);

    public long PlanCovered => Figures.Coverage.SelectMany(c => c.Plans).Sum(p => p.Covered);
}

public sealed record MonthIssued(string Month, long Issued);

public sealed record RankedRegion(int Rank, ReportLine Line);

public sealed class BuildMonthlyReport(GetStatistics statistics)
{
    public const int TrendMonths = 12;

    public async Task<Result<MonthlyReportData>> ExecuteAsync(Caller caller, MonthlyReportRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.StatisticsRead) is { } denied)
        {
            return denied;
        }
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Month is null || !DateTime.TryParseExact(request.Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var monthStart))
        {
            var errors = new FieldErrors();
            errors.Add("month", "月份必填，格式 yyyy-MM", "month is required, as yyyy-MM");
            return errors.ToError("report.invalid");
        }
        var region = request.Region ?? caller.RegionScope;
        var month = request.Month;
        var previous = Month(monthStart.AddMonths(-1));

        var thisMonth = await statistics.ExecuteAsync(caller, new StatisticsRequest(region, month, month, "region"), cancellationToken);
        if (!thisMonth.IsSuccess)
        {
            return thisMonth.Error!;
        }
        var lastMonth = (await statistics.ExecuteAsync(caller, new StatisticsRequest(region, previous, previous, "region"), cancellationToken)).Value;
        var upToMonth = (await statistics.ExecuteAsync(caller, new StatisticsRequest(region, null, month, "region"), cancellationToken)).Value;
        var node = thisMonth.Value;

        var children = new List<ReportLine>();
        foreach (var child in node.Groups.Where(g => !g.OwnLevel)) // the node's own level is in its total, not a region to rank
        {
            children.Add(await LineAsync(caller, child.Key, child.Name ?? child.Key, child.Figures,
                lastMonth.Groups.FirstOrDefault(g => g.Key == child.Key)?.Figures.Issued ?? 0,
                upToMonth.Groups.FirstOrDefault(g => g.Key == child.Key)?.Figures.Issued ?? 0, monthStart, cancellationToken));
        }
        var summary = await LineAsync(caller, region, node.RegionName ?? region, node.Total, lastMonth.Total.Issued, upToMonth.Total.Issued,
            monthStart, cancellationToken);
        // Regions with a plan rank by progress against it; the others follow, by cards issued this month.
        var ranking = children
            .OrderByDescending(c => c.PlanProgress.HasValue)
            .ThenByDescending(c => c.PlanProgress ?? 0)
            .ThenByDescending(c => c.Issued)
            .ThenBy(c => c.Region, StringComparer.Ordinal)
            .Select((line, index) => new RankedRegion(index + 1, line))
            .ToList();
        return new MonthlyReportData(region, summary.Name, month, node.AsOf, summary, summary.Trend, children, ranking);
    }

    private async Task<ReportLine> LineAsync(Caller caller, string region, string name, RegionFigures figures, long previousIssued,
        long cumulativeIssued, DateTime monthStart, CancellationToken cancellationToken)
    {
        var first = Month(monthStart.AddMonths(1 - TrendMonths));
        var byMonth = (await statistics.ExecuteAsync(caller, new StatisticsRequest(region, first, Month(monthStart), "month"), cancellationToken)).Value;
        var trend = Enumerable.Range(0, TrendMonths)
            .Select(i => Month(monthStart.AddMonths(i + 1 - TrendMonths)))
            .Select(m => new MonthIssued(m, byMonth.Groups.FirstOrDefault(g => g.Key == m)?.Figures.Issued ?? 0))
            .ToList();
        double? change = previousIssued == 0 ? null : Math.Round((double)(figures.Issued - previousIssued) / previousIssued, 4);
        return new ReportLine(region, name, figures.Issued, previousIssued, change, cumulativeIssued, figures, trend);
    }

    private static string Month(DateTime date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
