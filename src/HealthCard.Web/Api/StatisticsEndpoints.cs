using System.Security.Claims;
using HealthCard.App.Features.Statistics;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>Statistics for any node of the region tree, rollout plans, and the monthly report (月报) as Excel or CSV.</summary>
public static class StatisticsEndpoints
{
    public static RouteGroupBuilder MapStatisticsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/stats", StatisticsAsync).WithTags("Statistics").WithName("GetStatistics");
        api.MapGet("/coverage-plans", PlansAsync).WithTags("Statistics").WithName("GetCoveragePlans");
        api.MapPost("/coverage-plans", CreatePlanAsync).WithTags("Statistics").WithName("CreateCoveragePlan");
        api.MapGet("/reports/monthly", MonthlyReportAsync).WithTags("Statistics").WithName("GetMonthlyReport");
        return api;
    }

    public static async Task<Results<Ok<StatisticsView>, ProblemHttpResult>> StatisticsAsync(string? region, string? from, string? to,
        string? groupBy, ClaimsPrincipal user, GetStatistics useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), new StatisticsRequest(region, from, to, groupBy), cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<CoveragePlanView>>, ProblemHttpResult>> PlansAsync(string? region, ClaimsPrincipal user,
        GetCoveragePlans useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), region, cancellationToken));

    public static async Task<Results<Created<CoveragePlanView>, ProblemHttpResult>> CreatePlanAsync(CoveragePlanRequest body, ClaimsPrincipal user,
        CreateCoveragePlan useCase, CancellationToken cancellationToken) =>
        Problems.Created(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    /// <summary>The report as a download: <c>format=xlsx</c> (default) or <c>csv</c>.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> MonthlyReportAsync(string? region, string? month, string? format,
        ClaimsPrincipal user, BuildMonthlyReport useCase, CancellationToken cancellationToken)
    {
        if (MonthlyReportFiles.FormatError(format) is { } invalid)
        {
            return Problems.From(invalid);
        }
        var built = await useCase.ExecuteAsync(user.ToCaller(), new MonthlyReportRequest(region, month), cancellationToken);
        if (!built.IsSuccess)
        {
            return Problems.From(built.Error!);
        }
        var file = MonthlyReportFiles.Write(built.Value, format).Value;
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }
}
