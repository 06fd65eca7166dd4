using BenchmarkDotNet.Attributes;
using HealthCard.App;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Residents;
using HealthCard.App.Persistence;
using HealthCard.Domain.Residents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthCard.Benchmarks;

/// <summary>
/// The status check below HTTP, on SQLite: one DI scope and one use-case call per operation, as each request makes.
/// Baseline: the same scope with the blind index computed but no query, to isolate the database's share.
/// </summary>
[MemoryDiagnoser]
public class StatusCheckBenchmarks : IAsyncDisposable
{
    private const string CardNumber = "13010519800101001X";
    private readonly string _folder = Directory.CreateTempSubdirectory("hc-bench-").FullName;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthCard:Database:SqlitePath"] = Path.Combine(_folder, "healthcard.db"),
            ["HealthCard:NodeId"] = "bench",
        }).Build();
        _services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddHealthCard(configuration).BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        var resident = await scope.ServiceProvider.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, new ResidentDraft
        {
            IdType = "01", IdNumber = CardNumber, Name = "张三", Gender = "1", Ethnicity = "01", BirthDate = "1980-01-01", RegionCode = "130105",
        }, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<IssueCard>()
            .ExecuteAsync(Caller.System, new IssueCardRequest(resident.Value.Id, "hospital", "13010000001"), CancellationToken.None);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> ScopeAndBlindIndexOnly()
    {
        await using var scope = _services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<HealthCard.App.Security.PersonalDataProtector>().IdNumberIndex(CardNumber).Length;
    }

    [Benchmark]
    public async Task<bool> StatusCheck()
    {
        await using var scope = _services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<GetCardStatus>().ExecuteAsync(CardNumber, CancellationToken.None)).IsSuccess;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
