using System.Text.Json;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using HealthCard.App.Features.Statistics;
using Shouldly;

namespace HealthCard.TestKit;

/// <summary>
/// Opens a monthly report workbook with ClosedXML and checks every figure of the month on every sheet against the
/// statistics endpoint's answer for the same region and month grouped by region (<c>GET /api/v1/stats?groupBy=region</c>).
/// </summary>
public static class MonthlyReportChecks
{
    public static void ShouldAgreeWith(byte[] workbookBytes, JsonElement stats)
    {
        using var workbook = new XLWorkbook(new MemoryStream(workbookBytes));
        var children = stats.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("figures"));
        workbook.Worksheets.Select(w => w.Name).Take(2).ShouldBe([MonthlyReportFiles.SummarySheet, MonthlyReportFiles.RankingSheet]);
        workbook.Worksheets.Count.ShouldBe(2 + children.Count);

        SheetShouldAgree(workbook.Worksheet(MonthlyReportFiles.SummarySheet), stats.GetProperty("total"));
        foreach (var (region, figures) in children)
        {
            SheetShouldAgree(workbook.Worksheets.Single(w => w.Name.StartsWith(region + " ", StringComparison.Ordinal)), figures);
        }

        var ranking = workbook.Worksheet(MonthlyReportFiles.RankingSheet);
        var rows = Enumerable.Range(MonthlyReportFiles.TrendHeaderRow + 1, children.Count).Select(r => ranking.Row(r)).ToList();
        rows.Select(r => r.Cell(1).GetValue<int>()).ShouldBe(Enumerable.Range(1, children.Count));
        foreach (var row in rows)
        {
            var figures = children[row.Cell(2).GetString()];
            var plans = figures.GetProperty("coverage").EnumerateArray().SelectMany(c => c.GetProperty("plans").EnumerateArray()).ToList();
            row.Cell(4).GetValue<long>().ShouldBe(plans.Sum(p => p.GetProperty("targetCount").GetInt64()));
            row.Cell(5).GetValue<long>().ShouldBe(plans.Sum(p => p.GetProperty("covered").GetInt64()));
            row.Cell(7).GetValue<long>().ShouldBe(figures.GetProperty("period").GetProperty(StatisticsNames.Issued).GetInt64());
        }
        var progress = rows.Select(r => r.Cell(6).DataType == XLDataType.Number ? r.Cell(6).GetValue<double>() : -1).ToList();
        progress.ShouldBe(progress.OrderByDescending(p => p).ToList(), "ranked by progress against plan");

        using var package = SpreadsheetDocument.Open(new MemoryStream(workbookBytes), isEditable: false);
        var summary = package.WorkbookPart!.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First(s => s.Name == MonthlyReportFiles.SummarySheet);
        ((WorksheetPart)package.WorkbookPart.GetPartById(summary.Id!)).DrawingsPart!.ChartParts.Count().ShouldBe(1);
    }

    /// <summary>The month's lifecycle figures, the current card statuses, pending applications and coverage of one sheet.</summary>
    private static void SheetShouldAgree(IXLWorksheet sheet, JsonElement figures)
    {
        var period = figures.GetProperty("period");
        Row(sheet, "发卡数").Cell(5).GetValue<long>().ShouldBe(period.GetProperty(StatisticsNames.Issued).GetInt64(), sheet.Name);
        foreach (var (key, label) in MonthlyReportFiles.PeriodLabels.Skip(1))
        {
            Row(sheet, $"{label}（本月）").Cell(5).GetValue<long>().ShouldBe(period.GetProperty(key).GetInt64(), $"{sheet.Name} {label}");
        }
        foreach (var (key, label) in MonthlyReportFiles.CardLabels)
        {
            Row(sheet, label).Cell(5).GetValue<long>().ShouldBe(figures.GetProperty("cards").GetProperty(key).GetInt64(), $"{sheet.Name} {label}");
        }
        Row(sheet, "待审核申领").Cell(5).GetValue<long>().ShouldBe(figures.GetProperty("applicationsPending").GetInt64());
        foreach (var coverage in figures.GetProperty("coverage").EnumerateArray())
        {
            var row = sheet.RowsUsed().Single(r => r.Cell(4).GetString() == MonthlyReportFiles.TagLabel(coverage.GetProperty("tag").GetString()!)
                && r.Cell(5).DataType == XLDataType.Number && r.Cell(9).IsEmpty());
            row.Cell(5).GetValue<long>().ShouldBe(coverage.GetProperty("residents").GetInt64());
            row.Cell(6).GetValue<long>().ShouldBe(coverage.GetProperty("withActiveCard").GetInt64());
        }
    }

    private static IXLRow Row(IXLWorksheet sheet, string label) => sheet.RowsUsed().First(r => r.Cell(4).GetString() == label);
}
