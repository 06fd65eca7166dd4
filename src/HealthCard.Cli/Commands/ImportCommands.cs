using System.CommandLine;
using HealthCard.App.Features.Imports;
using HealthCard.Domain.Residents;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard import residents &lt;file&gt; --region R [--tag T] [--source S]</c> imports a population list (CSV or XLSX)
/// with a progress bar. Run the same command again after an interruption and it resumes where it stopped; run it again
/// after it finished and nothing changes. <c>hcard import rejections &lt;job-id&gt; --out F</c> writes the rejection report
/// (audited); <c>hcard import cancel &lt;job-id&gt;</c> cancels a queued or running job (audited).
/// Exit 0 when the import completed (rejected rows are in the report), 1 when the file failed as a whole, 2 when refused.
/// </summary>
internal static class ImportCommands
{
    public static Command Create() => new("import", "Population imports (人口导入)") { Residents(), Rejections(), Cancel() };

    private static Command Residents()
    {
        var file = new Argument<FileInfo>("file") { Description = "The list: CSV (UTF-8 or GBK) or XLSX (first sheet); see `GET /api/v1/imports/template`" };
        var region = new Option<string>("--region") { Description = "The import's region (GB/T 2260); rows without a region get it", Required = true };
        var tag = new Option<string?>("--tag") { Description = $"Population tag added to every resident: {string.Join(", ", PopulationTagNames.All)}" };
        var source = new Option<string?>("--source") { Description = "Where the list comes from (default: the file name)" };
        var chunkSize = new Option<int>("--chunk-size")
        {
            Description = "Lines per committed chunk (the checkpoint step)",
            DefaultValueFactory = _ => ImportRunner.DefaultChunkSize,
        };
        var command = new Command("residents", "Import residents; re-run the same command to resume after an interruption") { file, region, tag, source, chunkSize };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"error: {path} does not exist");
                return 2;
            }
            if (parse.GetValue(chunkSize) < 1)
            {
                Console.Error.WriteLine("error: --chunk-size must be at least 1");
                return 2;
            }
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            Stream Open() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var request = new ImportRequest(Path.GetFileName(path), parse.GetValue(region), parse.GetValue(tag), parse.GetValue(source), KeepFile: false);
            var started = await scope.ServiceProvider.GetRequiredService<StartImport>().ExecuteAsync(CliHost.Operator, request, Open, cancellationToken);
            if (!started.IsSuccess)
            {
                return Output.Result(started, _ => { });
            }
            var job = started.Value.Job;
            if (job.Status is ImportStatus.Completed or ImportStatus.Failed or ImportStatus.Cancelled)
            {
                Console.WriteLine($"already imported as job {job.Id}: nothing changed");
                return Summary(job);
            }
            if (job.ProcessedLines > 0)
            {
                Console.WriteLine($"resuming job {job.Id} after line {job.ProcessedLines} of {job.TotalLines}");
            }
            var runner = scope.ServiceProvider.GetRequiredService<ImportRunner>();
            var finished = await WithProgressAsync(job, progress => runner.RunAsync(job.Id, Open, parse.GetValue(chunkSize), progress, cancellationToken));
            return finished.IsSuccess ? Summary(finished.Value) : Output.Result(finished, _ => { });
        });
        return command;
    }

    /// <summary>
    /// A Spectre.Console progress bar on a terminal; one plain line per committed chunk otherwise (logs, tests), which
    /// also tells a watcher that the checkpoint has moved.
    /// </summary>
    private static async Task<T> WithProgressAsync<T>(ImportJobView job, Func<IProgress<ImportProgress>, Task<T>> run)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return await run(new Reporter(p => Console.WriteLine(
                $"progress: line {p.LastLine}/{p.TotalLines} ({Percent(p)}%), accepted {p.Accepted}, merged {p.Merged}, rejected {p.Rejected}")));
        }
        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask($"导入 import {Markup.Escape(job.FileName)}", maxValue: Math.Max(1, job.TotalLines));
                bar.Value = job.ProcessedLines;
                var result = await run(new Reporter(p =>
                {
                    bar.MaxValue = Math.Max(bar.MaxValue, p.TotalLines); // an XLSX sheet's extent is known once the worker reads it
                    bar.Value = p.LastLine;
                }));
                bar.Value = bar.MaxValue;
                return result;
            });
    }

    private static int Percent(ImportProgress p) => p.TotalLines == 0 ? 100 : (int)Math.Min(100, (long)p.LastLine * 100 / p.TotalLines);

    private static int Summary(ImportJobView job)
    {
        Console.WriteLine($"job {job.Id}: {job.Status.ToString().ToLowerInvariant()}");
        Console.WriteLine($"  lines {job.TotalLines}, accepted {job.Accepted}, merged {job.Merged}, rejected {job.Rejected}, blank {job.BlankLines}");
        if (job.Status is ImportStatus.Failed or ImportStatus.Cancelled)
        {
            Console.Error.WriteLine($"error {job.ErrorCode}: {job.Error}");
            return 1;
        }
        if (job.Rejected > 0)
        {
            Console.WriteLine($"  rejection report: hcard import rejections {job.Id} --out rejections.csv");
        }
        return 0;
    }

    private static Command Rejections()
    {
        var id = new Argument<Guid>("job-id") { Description = "The import job's id" };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the report (CSV, UTF-8 with BOM)", Required = true };
        var command = new Command("rejections", "Write an import's rejection report: line, code, reasons (zh, en), original content") { id, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<GetImportRejections>().ExecuteAsync(CliHost.Operator, parse.GetValue(id), cancellationToken);
            if (!report.IsSuccess)
            {
                return Output.Result(report, _ => { });
            }
            var path = parse.GetValue(output)!.FullName;
            await using (var file = File.Create(path))
            {
                await report.Value.WriteAsync(file, cancellationToken);
            }
            Console.WriteLine($"{path}: {report.Value.Job.Rejected} rejected lines");
            return 0;
        });
        return command;
    }

    private static Command Cancel()
    {
        var id = new Argument<Guid>("job-id") { Description = "The import job's id" };
        var command = new Command("cancel", "Cancel a queued or running import: it is never resumed; lines already committed stay") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var cancelled = await scope.ServiceProvider.GetRequiredService<CancelImport>().ExecuteAsync(CliHost.Operator, parse.GetValue(id), cancellationToken);
            return Output.Result(cancelled, job => Console.WriteLine(
                $"job {job.Id}: cancelled after line {job.ProcessedLines} of {job.TotalLines} (accepted {job.Accepted}, merged {job.Merged}, rejected {job.Rejected})"));
        });
        return command;
    }

    private sealed class Reporter(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
