using System.Globalization;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using HealthCard.App.Common;
using HealthCard.Domain.Common;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using S = DocumentFormat.OpenXml.Spreadsheet;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace HealthCard.App.Features.Statistics;

/// <summary>A monthly report file: its name, content type and bytes (<see cref="MonthlyReportFiles.Write"/>).</summary>
public sealed record MonthlyReportFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Writes a <see cref="MonthlyReportData"/> as the Excel workbook report users open (Chinese headers: a summary sheet
/// with a chart of monthly issuance, the ranking (排名公示), and one sheet per child region) or as CSV.
/// </summary>
public static class MonthlyReportFiles
{
    public const string Excel = "xlsx";
    public const string Csv = "csv";
    public const string ExcelContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// The report as a file, the same from every door (API, console, <c>hcard report monthly</c>): <paramref name="format"/>
    /// <c>xlsx</c> (default) or <c>csv</c>, named <c>monthly-report-&lt;region or national&gt;-&lt;yyyy-MM&gt;.&lt;format&gt;</c>.
    /// </summary>
    public static Result<MonthlyReportFile> Write(MonthlyReportData report, string? format)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (FormatError(format) is { } error)
        {
            return error;
        }
        var name = $"monthly-report-{(report.Region.Length == 0 ? "national" : report.Region)}-{report.Month}";
        return format == Csv
            ? new MonthlyReportFile($"{name}.{Csv}", CsvContentType, ToCsv(report))
            : new MonthlyReportFile($"{name}.{Excel}", ExcelContentType, ToExcel(report));
    }

    /// <summary><c>report.invalid</c> unless <paramref name="format"/> is <c>xlsx</c>, <c>csv</c> or absent (xlsx).</summary>
    public static Error? FormatError(string? format)
    {
        if (format is null or Excel or Csv)
        {
            return null;
        }
        var errors = new FieldErrors();
        errors.Add("format", "格式应为 xlsx 或 csv", "format must be xlsx or csv");
        return errors.ToError("report.invalid");
    }

    public const string SummarySheet = "汇总";
    public const string RankingSheet = "排名公示";

    /// <summary>The row of the summary sheet where the twelve-month trend table starts (its header row).</summary>
    public const int TrendHeaderRow = 4;

    /// <summary>Labels of the card statuses and period figures, in the order the report shows them.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> CardLabels =
    [
        ("pending", "待制卡"), ("produced", "已制卡"), ("distributed", "已配送"), ("active", "正常"), ("frozen", "冻结"),
        ("reported_lost", "挂失"), ("replaced", "已补换"), ("cancelled", "已注销"),
    ];

    public static readonly IReadOnlyList<(string Key, string Label)> PeriodLabels =
    [
        (StatisticsNames.Issued, "发卡"), ("produced", "制卡"), ("distributed", "配送"), ("frozen", "冻结"), ("unfrozen", "解冻"),
        ("reported_lost", "挂失"), ("loss_cancelled", "解挂"), ("replaced", "补换"), ("cancelled", "注销"),
    ];

    private static readonly IReadOnlyDictionary<string, string> TagLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["poverty"] = "贫困人口", ["ncms"] = "新农合参合人员", ["newborn"] = "新生儿", ["occupational_risk"] = "职业病高危人群", ["blood_donor"] = "献血者",
    };

    /// <summary>The Chinese name of a target population, as the report heads it.</summary>
    public static string TagLabel(string tag) => TagLabels.GetValueOrDefault(tag, tag);

    public static byte[] ToExcel(MonthlyReportData report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var workbook = new XLWorkbook();
        var summary = workbook.Worksheets.Add(SummarySheet);
        var trendLastRow = WriteRegionSheet(summary, report, report.Summary);
        WriteRanking(workbook.Worksheets.Add(RankingSheet), report);
        foreach (var child in report.Children)
        {
            WriteRegionSheet(workbook.Worksheets.Add(SheetName(child)), report, child);
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        // ClosedXML writes no charts; the chart is added to the saved package with the Open XML SDK.
        AddIssuanceChart(stream, SummarySheet, TrendHeaderRow + 1, trendLastRow, $"{report.RegionName}月度发卡数");
        return stream.ToArray();
    }

    /// <summary>A sheet name Excel accepts: at most 31 characters, unique by the region code.</summary>
    public static string SheetName(ReportLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var name = $"{line.Region} {line.Name}";
        return name.Length <= 31 ? name : name[..31];
    }

    /// <summary>
    /// One row per region: the node first, then every child with its rank. Written by <see cref="CsvCells"/> (formula
    /// cells neutralised, RFC 4180 quoting, UTF-8 with BOM) like every CSV download.
    /// </summary>
    public static byte[] ToCsv(MonthlyReportData report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return CsvCells.File([CsvHeader, CsvLine(report, report.Summary, rank: null), .. report.Ranking.Select(r => CsvLine(report, r.Line, r.Rank))]);
    }

    public static IReadOnlyList<string> CsvHeader { get; } =
    [
        "月份", "地区代码", "地区", "排名", "本月发卡", "上月发卡", "环比", "累计发卡",
        .. CardLabels.Select(c => $"{c.Label}（当前）"), "待审核申领", "计划目标", "计划已完成", "完成率",
    ];

    private static List<string?> CsvLine(MonthlyReportData report, ReportLine line, int? rank) =>
    [
        report.Month, line.Region, line.Name, rank?.ToString(CultureInfo.InvariantCulture) ?? "",
        Number(line.Issued), Number(line.PreviousIssued), line.Change?.ToString("0.####", CultureInfo.InvariantCulture) ?? "",
        Number(line.CumulativeIssued),
        .. CardLabels.Select(c => Number(line.Figures.Cards.GetValueOrDefault(c.Key))),
        Number(line.Figures.ApplicationsPending ?? 0), Number(line.PlanTarget), Number(line.PlanCovered),
        line.PlanProgress?.ToString("0.####", CultureInfo.InvariantCulture) ?? "",
    ];

    private static string Number<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Writes one region's figures and returns the last row of its trend table.</summary>
    private static int WriteRegionSheet(IXLWorksheet sheet, MonthlyReportData report, ReportLine line)
    {
        Title(sheet, $"{line.Name}（{line.Region}）居民健康卡发放月报 {report.Month}", $"生成时间 {report.GeneratedAt.ToOffset(Common.ChinaTime.Offset):yyyy-MM-dd HH:mm}（当前状态数截至此时）");

        // Twelve months of issuance in columns A–B; the chart on the summary sheet reads them.
        var row = TrendHeaderRow;
        Header(sheet, row, "月份", "发卡数");
        foreach (var month in line.Trend)
        {
            row++;
            sheet.Cell(row, 1).SetValue(month.Month); // SetValue keeps text as text: "2026-10" must not become a date
            sheet.Cell(row, 2).Value = month.Issued;
        }
        var trendLast = row;

        // The indicators, in columns D onwards.
        row = TrendHeaderRow;
        Header(sheet, row, 4, "指标", "本月", "上月", "环比", "截至本月累计");
        Indicator(sheet, ++row, "发卡数", line.Issued, line.PreviousIssued, line.Change, line.CumulativeIssued);
        foreach (var (key, label) in PeriodLabels.Skip(1))
        {
            Indicator(sheet, ++row, $"{label}（本月）", line.Figures.Period.GetValueOrDefault(key), null, null, null);
        }
        row += 2;
        Header(sheet, row, 4, "卡状态（当前）", "张数");
        foreach (var (key, label) in CardLabels)
        {
            Indicator(sheet, ++row, label, line.Figures.Cards.GetValueOrDefault(key), null, null, null);
        }
        Indicator(sheet, ++row, "待审核申领", line.Figures.ApplicationsPending ?? 0, null, null, null);

        row += 2;
        Header(sheet, row, 4, "目标人群", "人数", "持正常卡", "覆盖率");
        foreach (var coverage in line.Figures.Coverage)
        {
            row++;
            sheet.Cell(row, 4).Value = TagLabel(coverage.Tag);
            sheet.Cell(row, 5).Value = coverage.Residents;
            sheet.Cell(row, 6).Value = coverage.WithActiveCard;
            Percent(sheet.Cell(row, 7), coverage.Rate);
        }
        row += 2;
        Header(sheet, row, 4, "发放计划", "目标人群", "目标数", "已完成", "完成率", "截止日期");
        foreach (var coverage in line.Figures.Coverage)
        {
            foreach (var plan in coverage.Plans)
            {
                row++;
                sheet.Cell(row, 4).Value = plan.Name;
                sheet.Cell(row, 5).Value = TagLabel(coverage.Tag);
                sheet.Cell(row, 6).Value = plan.TargetCount;
                sheet.Cell(row, 7).Value = plan.Covered;
                Percent(sheet.Cell(row, 8), plan.Progress);
                sheet.Cell(row, 9).SetValue(plan.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }
        if (line.Figures.Sams is { } sams)
        {
            row += 2;
            Header(sheet, row, 4, "SAM 卡状态", "张数");
            foreach (var (status, count) in sams)
            {
                Indicator(sheet, ++row, status, count, null, null, null);
            }
        }
        if (line.Figures.Uses is { } uses)
        {
            row += 2;
            Header(sheet, row, 4, "本月用卡（按类型）", "次数");
            foreach (var (kind, count) in uses)
            {
                Indicator(sheet, ++row, kind, count, null, null, null);
            }
        }
        Widths(sheet, 12, 10, 2, 24, 12, 12, 10, 14, 12);
        return trendLast;
    }

    private static void WriteRanking(IXLWorksheet sheet, MonthlyReportData report)
    {
        Title(sheet, $"{report.RegionName}各地区居民健康卡发放进度排名 {report.Month}", "按计划完成率排名；无计划的地区按本月发卡数排在其后");
        Header(sheet, TrendHeaderRow, 1, "排名", "地区代码", "地区", "计划目标", "计划已完成", "完成率", "本月发卡", "上月发卡", "环比", "累计发卡");
        var row = TrendHeaderRow;
        foreach (var ranked in report.Ranking)
        {
            row++;
            var line = ranked.Line;
            sheet.Cell(row, 1).Value = ranked.Rank;
            sheet.Cell(row, 2).SetValue(line.Region);
            sheet.Cell(row, 3).Value = line.Name;
            sheet.Cell(row, 4).Value = line.PlanTarget;
            sheet.Cell(row, 5).Value = line.PlanCovered;
            Percent(sheet.Cell(row, 6), line.PlanProgress);
            sheet.Cell(row, 7).Value = line.Issued;
            sheet.Cell(row, 8).Value = line.PreviousIssued;
            Percent(sheet.Cell(row, 9), line.Change);
            sheet.Cell(row, 10).Value = line.CumulativeIssued;
        }
        Widths(sheet, 6, 10, 16, 10, 12, 10, 10, 10, 10, 10);
    }

    private static void Title(IXLWorksheet sheet, string title, string subtitle)
    {
        sheet.Cell(1, 1).Value = title;
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 14;
        sheet.Cell(2, 1).Value = subtitle;
        sheet.Cell(2, 1).Style.Font.FontColor = XLColor.Gray;
    }

    private static void Header(IXLWorksheet sheet, int row, params string[] labels) => Header(sheet, row, 1, labels);

    private static void Header(IXLWorksheet sheet, int row, int column, params string[] labels)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            var cell = sheet.Cell(row, column + i);
            cell.Value = labels[i];
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = XLColor.FromHtml("#DDEBF7");
            cell.Style.Border.BottomBorder = XLBorderStyleValues.Thin;
        }
    }

    private static void Indicator(IXLWorksheet sheet, int row, string label, long value, long? previous, double? change, long? cumulative)
    {
        sheet.Cell(row, 4).Value = label;
        sheet.Cell(row, 5).Value = value;
        if (previous is not null)
        {
            sheet.Cell(row, 6).Value = previous.Value;
            Percent(sheet.Cell(row, 7), change);
        }
        if (cumulative is not null)
        {
            sheet.Cell(row, 8).Value = cumulative.Value;
        }
    }

    /// <summary>A ratio as a percentage cell; "—" when there is none (for example no issuance the month before).</summary>
    private static void Percent(IXLCell cell, double? ratio)
    {
        if (ratio is null)
        {
            cell.Value = "—";
            return;
        }
        cell.Value = ratio.Value;
        cell.Style.NumberFormat.Format = "0.00%";
    }

    // Fixed widths: ClosedXML's AdjustToContents measures text with System.Drawing, which does not run on Linux.
    private static void Widths(IXLWorksheet sheet, params double[] widths)
    {
        for (var i = 0; i < widths.Length; i++)
        {
            sheet.Column(i + 1).Width = widths[i];
        }
    }

    private static void AddIssuanceChart(MemoryStream xlsx, string sheetName, int firstRow, int lastRow, string title)
    {
        using var document = SpreadsheetDocument.Open(xlsx, isEditable: true);
        var workbookPart = document.WorkbookPart!;
        var sheet = workbookPart.Workbook.Descendants<S.Sheet>().First(s => s.Name == sheetName);
        var worksheetPart = (WorksheetPart)workbookPart.GetPartById(sheet.Id!);
        var drawingsPart = worksheetPart.AddNewPart<DrawingsPart>();
        drawingsPart.WorksheetDrawing = new Xdr.WorksheetDrawing();
        // The drawing reference must come before these elements in a worksheet (ECMA-376 element order).
        var drawing = new S.Drawing { Id = worksheetPart.GetIdOfPart(drawingsPart) };
        var before = worksheetPart.Worksheet.Elements<S.LegacyDrawing>().Cast<DocumentFormat.OpenXml.OpenXmlElement>()
            .Concat(worksheetPart.Worksheet.Elements<S.TableParts>()).Concat(worksheetPart.Worksheet.Elements<S.WorksheetExtensionList>())
            .FirstOrDefault();
        if (before is null)
        {
            worksheetPart.Worksheet.Append(drawing);
        }
        else
        {
            worksheetPart.Worksheet.InsertBefore(drawing, before);
        }

        var chartPart = drawingsPart.AddNewPart<ChartPart>();
        var quoted = $"'{sheetName}'";
        var categories = $"{quoted}!$A${firstRow}:$A${lastRow}";
        var values = $"{quoted}!$B${firstRow}:$B${lastRow}";
        chartPart.ChartSpace = new C.ChartSpace(
            new C.EditingLanguage { Val = "zh-CN" },
            new C.RoundedCorners { Val = false },
            new C.Chart(
                new C.Title(new C.ChartText(new C.RichText(new A.BodyProperties(), new A.ListStyle(), new A.Paragraph(new A.Run(new A.Text(title))))),
                    new C.Overlay { Val = false }),
                new C.AutoTitleDeleted { Val = false },
                new C.PlotArea(
                    new C.Layout(),
                    new C.BarChart(
                        new C.BarDirection { Val = C.BarDirectionValues.Column },
                        new C.BarGrouping { Val = C.BarGroupingValues.Clustered },
                        new C.VaryColors { Val = false },
                        new C.BarChartSeries(
                            new C.Index { Val = 0U },
                            new C.Order { Val = 0U },
                            new C.SeriesText(new C.StringReference(new C.Formula($"{quoted}!$B${firstRow - 1}"))),
                            new C.CategoryAxisData(new C.StringReference(new C.Formula(categories))),
                            new C.Values(new C.NumberReference(new C.Formula(values)))),
                        new C.GapWidth { Val = 80 },
                        new C.AxisId { Val = 1U },
                        new C.AxisId { Val = 2U }),
                    new C.CategoryAxis(
                        new C.AxisId { Val = 1U },
                        new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                        new C.Delete { Val = false },
                        new C.AxisPosition { Val = C.AxisPositionValues.Bottom },
                        new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                        new C.CrossingAxis { Val = 2U },
                        new C.Crosses { Val = C.CrossesValues.AutoZero },
                        new C.AutoLabeled { Val = true },
                        new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
                        new C.LabelOffset { Val = 100 }),
                    new C.ValueAxis(
                        new C.AxisId { Val = 2U },
                        new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                        new C.Delete { Val = false },
                        new C.AxisPosition { Val = C.AxisPositionValues.Left },
                        new C.MajorGridlines(),
                        new C.NumberingFormat { FormatCode = "General", SourceLinked = true },
                        new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                        new C.CrossingAxis { Val = 1U },
                        new C.Crosses { Val = C.CrossesValues.AutoZero },
                        new C.CrossBetween { Val = C.CrossBetweenValues.Between })),
                new C.PlotVisibleOnly { Val = true }));

        drawingsPart.WorksheetDrawing.Append(new Xdr.TwoCellAnchor(
            new Xdr.FromMarker(new Xdr.ColumnId("0"), new Xdr.ColumnOffset("0"), new Xdr.RowId((lastRow + 1).ToString(CultureInfo.InvariantCulture)), new Xdr.RowOffset("0")),
            new Xdr.ToMarker(new Xdr.ColumnId("3"), new Xdr.ColumnOffset("0"), new Xdr.RowId((lastRow + 18).ToString(CultureInfo.InvariantCulture)), new Xdr.RowOffset("0")),
            new Xdr.GraphicFrame(
                new Xdr.NonVisualGraphicFrameProperties(
                    new Xdr.NonVisualDrawingProperties { Id = 2U, Name = "月度发卡数" },
                    new Xdr.NonVisualGraphicFrameDrawingProperties()),
                new Xdr.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 }),
                new A.Graphic(new A.GraphicData(new C.ChartReference { Id = drawingsPart.GetIdOfPart(chartPart) })
                { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
            { Macro = "" },
            new Xdr.ClientData()));
        drawingsPart.WorksheetDrawing.Save();
        worksheetPart.Worksheet.Save();
    }
}
