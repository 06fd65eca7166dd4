using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Statistics;

/// <summary>The statistics area's error codes and the messages its use cases share.</summary>
internal static class StatisticsErrors
{
    /// <summary>A statistics or ranking request that does not parse.</summary>
    public const string Invalid = "stats.invalid";

    /// <summary>A monthly report request that does not parse.</summary>
    public const string ReportInvalid = "report.invalid";

    /// <summary>A rollout plan that cannot be recorded.</summary>
    public const string PlanInvalid = "coverage_plan.invalid";

    /// <summary>A region outside the caller's: not found, as everywhere (ADR 003).</summary>
    public static NotFound RegionNotFound { get; } = new("region");

    /// <summary>A month that is not <c>yyyy-MM</c>.</summary>
    public static void AddMonth(FieldErrors errors, string field) => errors.Add(field, "月份格式应为 yyyy-MM", $"{field} must be a month, yyyy-MM");
}
