namespace HealthCard.Web.Console.Reports;

/// <summary>The words of the console's Statistics, coverage plans and the monthly report (统计报表): Resources/Console/Reports/ReportText(.en).resx.</summary>
public sealed class ReportText;
