using System.CommandLine;
using System.Text.Json;
using HealthCard.App.Features.Statistics;
using HealthCard.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard report monthly --region 1301 --month 2026-10 [--out report.xlsx|.csv|directory] [--format csv]</c>, <c>hcard stats</c> and
/// <c>hcard plans create|list</c>: the same use cases as GET /api/v1/reports/monthly, /stats and /coverage-plans.
/// </summary>
internal static class ReportCommands
{
    public static Command Create()
    {
        var region = RegionOption();
        var month = new Option<string>("--month") { Description = "The month, yyyy-MM", Required = true };
        var output = new Option<string?>("--out")
        {
            Description = "The report file (.csv for CSV, else Excel), or a directory for the report's own name (default: the current directory)",
        };
        var format = new Option<string?>("--format") { Description = "xlsx (default) or csv, when --out is not a file name" };
        var monthly = new Command("monthly", "Write the monthly report (月报) of a region: summary, one sheet per child region, ranking, chart")
        {
            region, month, output, format,
        };
        monthly.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var built = await scope.ServiceProvider.GetRequiredService<BuildMonthlyReport>()
                .ExecuteAsync(CliHost.Operator, new MonthlyReportRequest(parse.GetValue(region), parse.GetValue(month)), cancellationToken);
            var target = parse.GetValue(output) ?? ".";
            var named = !Directory.Exists(target);
            var requested = named ? (Path.GetExtension(target).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? MonthlyReportFiles.Csv : MonthlyReportFiles.Excel)
                : parse.GetValue(format);
            Result<MonthlyReportFile> written = built.IsSuccess ? MonthlyReportFiles.Write(built.Value, requested) : built.Error!;
            return Output.Result(written, file =>
            {
                var path = Path.GetFullPath(named ? target : Path.Combine(target, file.FileName));
                File.WriteAllBytes(path, file.Content);
                var report = built.Value;
                Console.WriteLine($"{path}: {report.RegionName} {report.Month}, {report.Summary.Issued} cards issued, {report.Children.Count} child regions ranked");
            });
        });
        return new Command("report", "Reports") { monthly };
    }

    /// <summary><c>hcard stats --region 13 [--from yyyy-MM] [--to yyyy-MM] [--group-by region|month|institution|mode|tag]</c>, printed as JSON.</summary>
    public static Command Statistics()
    {
        var region = RegionOption();
        var from = new Option<string?>("--from") { Description = "First month of the period, yyyy-MM" };
        var to = new Option<string?>("--to") { Description = "Last month of the period, yyyy-MM" };
        var groupBy = new Option<string?>("--group-by") { Description = "region, month, institution, mode or tag" };
        var command = new Command("stats", "Statistics for a node of the region tree, as JSON") { region, from, to, groupBy };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<GetStatistics>().ExecuteAsync(CliHost.Operator,
                new StatisticsRequest(parse.GetValue(region), parse.GetValue(from), parse.GetValue(to), parse.GetValue(groupBy)), cancellationToken);
            return Output.Result(result, view => Console.WriteLine(JsonSerializer.Serialize(view, Output.Json)));
        });
        return command;
    }

    /// <summary><c>hcard plans create --name N --region 1301 --tag poverty --target 330000 --deadline 2027-06-30</c> and <c>hcard plans list</c>.</summary>
    public static Command Plans()
    {
        var name = new Option<string>("--name") { Description = "The plan's name", Required = true };
        var region = new Option<string>("--region") { Description = "2-, 4- or 6-digit region code", Required = true };
        var tag = new Option<string>("--tag") { Description = "The target population (poverty, ncms, ...)", Required = true };
        var target = new Option<int>("--target") { Description = "How many residents of the population should hold an active card", Required = true };
        var deadline = new Option<DateOnly>("--deadline") { Description = "By when, yyyy-MM-dd", Required = true };
        var create = new Command("create", "Record a rollout target for a population in a region") { name, region, tag, target, deadline };
        create.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<CreateCoveragePlan>().ExecuteAsync(CliHost.Operator,
                new CoveragePlanRequest(parse.GetValue(name), parse.GetValue(region), parse.GetValue(tag), parse.GetValue(target), parse.GetValue(deadline)),
                cancellationToken);
            return Output.Result(created, plan => Console.WriteLine($"{plan.Id}: {plan.Name}, {plan.RegionCode} {plan.Tag} {plan.TargetCount} by {plan.Deadline:yyyy-MM-dd}"));
        });
        var listRegion = RegionOption();
        var list = new Command("list", "List the rollout plans of a region") { listRegion };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var plans = await scope.ServiceProvider.GetRequiredService<GetCoveragePlans>().ExecuteAsync(CliHost.Operator, parse.GetValue(listRegion), cancellationToken);
            return Output.Result(plans, list => Console.WriteLine(JsonSerializer.Serialize(list, Output.Json)));
        });
        return new Command("plans", "Rollout plans (targets per population and region)") { create, list };
    }

    private static Option<string> RegionOption() =>
        new("--region") { Description = "2-, 4- or 6-digit region code; empty for national", DefaultValueFactory = _ => "" };
}
