using System.Net;
using HealthCard.App.Features.Imports;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthCard.Web.Tests.Imports;

/// <summary>Alone in the process while it runs: it measures the process's memory.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class MemoryMeasurements;

/// <summary>
/// Issue 14, finding 4, as the attack: the two hostile workbooks uploaded and imported through the real HTTP host. Before,
/// the first drove the web process from 0.5 to 6.3 GB and the second to 5.6 GB inside the upload request, and both jobs
/// stayed queued, so that every start blew up again. Now the process's peak memory grows by less than 256 MiB, each job
/// ends failed with its reason, and a restart of the worker does not resume them.
/// </summary>
[Collection(typeof(MemoryMeasurements))]
public sealed class ImportMemoryTests
{
    private const long Bound = 256L << 20;

    [Fact]
    public async Task HostileWorkbooks_UploadedAndImported_GrowThePeakBy_LessThan256MiB_FailWithTheirReasons_AndAreNotResumedOnRestart()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var admin = host.Client();
        // Made before the measurement: the bomb is 2 MB that expands to 2 GiB.
        var lastCell = HostileWorkbooks.OneCellAtTheLastAddress();
        var bomb = HostileWorkbooks.ZipBomb();
        bomb.Length.ShouldBeLessThan(4 << 20);
        // Warm up the paths the measurement crosses (upload, worker, reader), so that it measures the files, not the JIT.
        using (var warm = new StringWriter())
        {
            PopulationFiles.WriteCsv(warm, rows: 50, county: "130105", seed: 3);
            (await ImportKit.ImportAsync(admin, System.Text.Encoding.UTF8.GetBytes(warm.ToString()), "warm.csv", "130105"))
                .GetProperty("status").GetString().ShouldBe("completed");
        }

        Guid lastCellJob, bombJob;
        System.Text.Json.JsonElement lastCellResult, bombResult;
        long growth;
        await using (var peak = PeakMemory.Start())
        {
            lastCellJob = await UploadAsync(admin, lastCell, "last-cell.xlsx");
            lastCellResult = await ImportKit.WaitAsync(admin, lastCellJob);
            bombJob = await UploadAsync(admin, bomb, "bomb.xlsx");
            bombResult = await ImportKit.WaitAsync(admin, bombJob);
            growth = await peak.StopAsync();
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"peak memory growth: {growth >> 20} MiB (bound {Bound >> 20} MiB)");

        growth.ShouldBeLessThan(Bound, $"the process grew by {growth >> 20} MiB");
        lastCellResult.GetProperty("status").GetString().ShouldBe("failed");
        lastCellResult.GetProperty("errorCode").GetString().ShouldBe(ImportErrors.LimitCode);
        lastCellResult.GetProperty("error").GetString()!.ShouldContain("XFD1048576");
        bombResult.GetProperty("status").GetString().ShouldBe("failed");
        bombResult.GetProperty("errorCode").GetString().ShouldBe(ImportErrors.LimitCode);
        bombResult.GetProperty("error").GetString()!.ShouldContain("sheet1.xml");

        // A restart (the worker's start-up: sweep, then resume this node's queued and running jobs) leaves them failed.
        var before = await JobsAsync(host, lastCellJob, bombJob);
        await RestartWorkerAsync(host);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var after = await JobsAsync(host, lastCellJob, bombJob);
        after.ShouldBe(before);
        after.ShouldAllBe(j => j.Status == ImportStatus.Failed && j.Attempts == 1);
        await host.WithDbAsync(async db => (await db.Set<ImportFileSegment>().CountAsync()).ShouldBe(0, "a failed job's upload is dropped"));
    }

    private static async Task<Guid> UploadAsync(HttpClient client, byte[] file, string name)
    {
        var response = await ImportKit.UploadAsync(client, file, name, "130105");
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<List<(ImportStatus Status, int Attempts, DateTimeOffset UpdatedAt)>> JobsAsync(HealthCardHost host, params Guid[] ids)
    {
        var jobs = new List<(ImportStatus, int, DateTimeOffset)>();
        await host.WithDbAsync(async db => jobs = await db.Set<ImportJob>().AsNoTracking().Where(j => ids.Contains(j.Id)).OrderBy(j => j.Id)
            .Select(j => new ValueTuple<ImportStatus, int, DateTimeOffset>(j.Status, j.Attempts, j.UpdatedAt)).ToListAsync());
        return jobs;
    }

    /// <summary>Stops and starts the import worker as a process restart does (its start-up sweep and resume included).</summary>
    internal static async Task RestartWorkerAsync(HealthCardHost host)
    {
        var worker = host.Services.GetServices<IHostedService>().OfType<ImportWorker>().Single();
        await worker.StopAsync(CancellationToken.None);
        await worker.StartAsync(CancellationToken.None);
        await Task.Delay(300);
        if (worker.ExecuteTask is { IsFaulted: true } faulted)
        {
            throw faulted.Exception!;
        }
    }
}

/// <summary>
/// The process's peak resident memory above its level at <see cref="Start"/>: the kernel's high-water mark (VmHWM, reset
/// through /proc/self/clear_refs) where it can be reset, and a 5 ms poll of the working set besides.
/// </summary>
internal sealed class PeakMemory : IAsyncDisposable
{
    private readonly long _baseline;
    private readonly bool _highWaterMarkReset;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poll;
    private long _peak;

    private PeakMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _highWaterMarkReset = TryResetHighWaterMark();
        _baseline = Environment.WorkingSet;
        _peak = _baseline;
        _poll = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, Environment.WorkingSet);
                try
                {
                    await Task.Delay(5, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public static PeakMemory Start() => new();

    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _poll;
        var peak = Math.Max(_peak, _highWaterMarkReset ? HighWaterMark() : 0);
        return peak - _baseline;
    }

    private static bool TryResetHighWaterMark()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long HighWaterMark()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }
}
