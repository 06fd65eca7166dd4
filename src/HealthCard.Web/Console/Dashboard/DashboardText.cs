namespace HealthCard.Web.Console.Dashboard;

/// <summary>The dashboard's words: Resources/Console/Dashboard/DashboardText(.en).resx.</summary>
public sealed class DashboardText;
