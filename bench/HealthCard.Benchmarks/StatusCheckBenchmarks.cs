using BenchmarkDotNet.Attributes;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Residents;
using HealthCard.Domain.Residents;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Benchmarks;

/// <summary>
/// The status check below HTTP, on SQLite: one DI scope and one use-case call per operation, as each request makes.
/// Baseline: the same scope with the blind index computed but no query, to isolate the database's share.
/// </summary>
[MemoryDiagnoser]
public class StatusCheckBenchmarks : IAsyncDisposable
{
    private const string CardNumber = "13010519800101001X";
    private BenchServices _bench = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _bench = await BenchServices.StartAsync();
        await using var scope = _bench.Services.CreateAsyncScope();
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
        await using var scope = _bench.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<HealthCard.App.Security.PersonalDataProtector>().IdNumberIndex(CardNumber).Length;
    }

    [Benchmark]
    public async Task<bool> StatusCheck()
    {
        await using var scope = _bench.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<GetCardStatus>().ExecuteAsync(Caller.System, CardNumber, CancellationToken.None)).IsSuccess;
    }

    public async ValueTask DisposeAsync()
    {
        await _bench.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
