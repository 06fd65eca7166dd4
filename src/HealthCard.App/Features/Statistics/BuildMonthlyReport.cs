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
    /// <summary>Progress against this region's own plans (<see cref="PlanSummary"/>): covered ÷ target over all of them; null without a plan.</summary>
    public double? PlanProgress => PlanSummary.Of(Figures).Progress;

    public long PlanTarget => PlanSummary.Of(Figures).Target;

    public long PlanCovered => PlanSummary.Of(Figures).Covered;
}

public sealed record MonthIssued(string Month, long Issued);

public sealed record RankedRegion(int Rank, ReportLine Line);

public sealed class BuildMonthlyReport(GetStatistics statistics, GetRegionRanking regionRanking)
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
            return errors.ToError(StatisticsErrors.ReportInvalid);
        }
        var region = request.Region ?? caller.RegionScope;
        var month = request.Month;
        var previous = Month(monthStart.AddMonths(-1));

        // The month's figures and the ranking come from the one ranking query the dashboard shows.
        var ranked = await regionRanking.ExecuteAsync(caller, new RegionRankingRequest(region, month), cancellationToken);
        if (!ranked.IsSuccess)
        {
            return ranked.Error!;
        }
        var node = ranked.Value;
        var lastMonth = (await statistics.ExecuteAsync(caller, new StatisticsRequest(region, previous, previous, "region"), cancellationToken)).Value;
        var upToMonth = (await statistics.ExecuteAsync(caller, new StatisticsRequest(region, null, month, "region"), cancellationToken)).Value;

        var lines = new Dictionary<string, ReportLine>(StringComparer.Ordinal);
        foreach (var child in node.Regions.OrderBy(r => r.Region, StringComparer.Ordinal))
        {
            lines[child.Region] = await LineAsync(caller, child.Region, child.Name, child.Figures,
                lastMonth.Groups.FirstOrDefault(g => g.Key == child.Region)?.Figures.Issued ?? 0,
                upToMonth.Groups.FirstOrDefault(g => g.Key == child.Region)?.Figures.Issued ?? 0, monthStart, cancellationToken);
        }
        var children = lines.Values.ToList();
        var summary = await LineAsync(caller, region, node.RegionName ?? region, node.Total, lastMonth.Total.Issued, upToMonth.Total.Issued,
            monthStart, cancellationToken);
        var ranking = node.Regions.Select(r => new RankedRegion(r.Rank, lines[r.Region])).ToList();
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
