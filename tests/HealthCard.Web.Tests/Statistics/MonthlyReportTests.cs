using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using HealthCard.App.Common;
using HealthCard.App.Features.Statistics;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;

namespace HealthCard.Web.Tests.Statistics;

public sealed class MonthlyReportTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task MonthlyReport_OpensInExcel_AndEveryNumberAgreesWithTheStatisticsEndpoint(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        await StatisticsWorld.BuildAsync(admin);
        await PlanAsync(admin, "130102", 4);
        await PlanAsync(admin, "130105", 2);
        var month = DateTimeOffset.UtcNow.ToOffset(ChinaTime.Offset).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var stats = await StatisticsTests.StatsAsync(admin, $"region=1301&from={month}&to={month}&groupBy=region");
        var children = stats.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("figures"));
        children.Keys.ShouldBe(["130102", "130105"], ignoreOrder: true);

        var response = await admin.GetAsync($"/api/v1/reports/monthly?region=1301&month={month}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        MonthlyReportChecks.ShouldAgreeWith(bytes, stats);
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        workbook.Worksheets.Select(w => w.Name).ShouldBe([MonthlyReportFiles.SummarySheet, MonthlyReportFiles.RankingSheet, "130102 长安区", "130105 新华区"]);
        var summary = workbook.Worksheet(MonthlyReportFiles.SummarySheet);
        summary.Cell(1, 1).GetString().ShouldBe($"石家庄市（1301）居民健康卡发放月报 {month}");
        var total = stats.GetProperty("total");
        IndicatorRow(summary, "发卡数").Cell(6).GetValue<long>().ShouldBe(0);
        IndicatorRow(summary, "发卡数").Cell(7).GetString().ShouldBe("—"); // no issuance the month before: no rate
        IndicatorRow(summary, "发卡数").Cell(8).GetValue<long>().ShouldBe(Period(total, "issued")); // everything was issued this month
        var povertyStats = total.GetProperty("coverage").EnumerateArray().Single(c => c.GetProperty("tag").GetString() == "poverty");
        IndicatorRow(summary, "贫困人口").Cell(7).GetValue<double>().ShouldBe(povertyStats.GetProperty("rate").GetDouble());

        // Twelve months of issuance, ending with this month; the chart plots exactly that range.
        var trendRows = Enumerable.Range(MonthlyReportFiles.TrendHeaderRow + 1, BuildMonthlyReport.TrendMonths).Select(r => summary.Row(r)).ToList();
        trendRows[^1].Cell(1).GetString().ShouldBe(month);
        trendRows[^1].Cell(2).GetValue<long>().ShouldBe(Period(total, "issued"));
        trendRows.Take(11).Sum(r => r.Cell(2).GetValue<long>()).ShouldBe(0);
        using (var package = SpreadsheetDocument.Open(new MemoryStream(bytes), isEditable: false))
        {
            var sheet = package.WorkbookPart!.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First(s => s.Name == MonthlyReportFiles.SummarySheet);
            var chart = ((WorksheetPart)package.WorkbookPart.GetPartById(sheet.Id!)).DrawingsPart!.ChartParts.Single();
            chart.ChartSpace.Descendants<DocumentFormat.OpenXml.Drawing.Charts.Formula>().Select(f => f.Text)
                .ShouldContain($"'汇总'!$B${MonthlyReportFiles.TrendHeaderRow + 1}:$B${MonthlyReportFiles.TrendHeaderRow + BuildMonthlyReport.TrendMonths}");
        }

        // The ranking (公示): by progress against each county's own plan.
        var progress = children.ToDictionary(c => c.Key, c => PlanOf(c.Value));
        var expectedOrder = progress.OrderByDescending(p => p.Value.GetProperty("progress").GetDouble()).Select(p => p.Key).ToList();
        var ranking = workbook.Worksheet(MonthlyReportFiles.RankingSheet);
        Enumerable.Range(MonthlyReportFiles.TrendHeaderRow + 1, 2).Select(r => ranking.Row(r).Cell(2).GetString()).ShouldBe(expectedOrder);

        // The CSV carries the same numbers.
        var csv = await admin.GetAsync($"/api/v1/reports/monthly?region=1301&month={month}&format=csv");
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Split(',').ShouldBe(MonthlyReportFiles.CsvHeader);
        lines.Length.ShouldBe(1 + 1 + children.Count);
        var node = lines[1].Split(',');
        (node[1], long.Parse(node[4], CultureInfo.InvariantCulture)).ShouldBe(("1301", Period(total, "issued")));
        foreach (var line in lines.Skip(2).Select(l => l.Split(',')))
        {
            long.Parse(line[4], CultureInfo.InvariantCulture).ShouldBe(Period(children[line[1]], "issued"));
            int.Parse(line[3], CultureInfo.InvariantCulture).ShouldBe(expectedOrder.IndexOf(line[1]) + 1);
        }
    }

    [Fact]
    public async Task MonthlyReport_RefusesABadMonthOrFormat_AndAnotherRegion()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var admin = host.Client();
        await (await admin.GetAsync("/api/v1/reports/monthly?region=1301&month=2026-13")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "report.invalid");
        await (await admin.GetAsync("/api/v1/reports/monthly?region=1301&month=2026-10&format=pdf")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "report.invalid");
        var baoding = host.Client(await host.CreateKeyAsync("baoding-report", "1306", Scope.RegistryRead));
        await (await baoding.GetAsync("/api/v1/reports/monthly?region=1301&month=2026-10")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private static async Task PlanAsync(HttpClient admin, string region, int target) =>
        (await admin.PostJsonAsync("/api/v1/coverage-plans", new CoveragePlanRequest($"{region} 贫困人口", region, "poverty", target, new DateOnly(2027, 6, 30))))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

    private static JsonElement PlanOf(JsonElement figures) =>
        figures.GetProperty("coverage").EnumerateArray().Single(c => c.GetProperty("tag").GetString() == "poverty").GetProperty("plans")[0];

    private static long Period(JsonElement figures, string name) => figures.GetProperty("period").GetProperty(name).GetInt64();

    /// <summary>The row whose indicator label (column D) is <paramref name="label"/>.</summary>
    private static IXLRow IndicatorRow(IXLWorksheet sheet, string label) =>
        sheet.RowsUsed().Single(r => r.Cell(4).GetString() == label);
}
