using BenchmarkDotNet.Attributes;
using HealthCard.App;
using HealthCard.App.Common;
using HealthCard.App.Features.Residents;
using HealthCard.App.Persistence;
using HealthCard.Domain.Residents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthCard.Benchmarks;

/// <summary>
/// One registration below HTTP on SQLite: validation, encryption, the resident row and its audit entry in one
/// transaction. Registrations are serialised per node (the audit chain), so 1 / mean is the node's ceiling.
/// Baseline: the same scope and validation without the database.
/// </summary>
[MemoryDiagnoser]
public class RegistrationBenchmarks : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hc-bench-").FullName;
    private ServiceProvider _services = null!;
    private int _next;

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
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> ValidateOnly()
    {
        await using var scope = _services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<ResidentValidator>().Validate(Next(), new DateOnly(2026, 11, 22)).IsSuccess;
    }

    [Benchmark]
    public async Task<bool> Register()
    {
        await using var scope = _services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, Next(), CancellationToken.None)).IsSuccess;
    }

    private ResidentDraft Next()
    {
        var n = Interlocked.Increment(ref _next);
        var birth = new DateOnly(1950, 1, 1).AddDays(n / 450);
        var first17 = $"130105{birth:yyyyMMdd}{n % 450 * 2 + 1:D3}";
        return new ResidentDraft
        {
            IdType = "01", IdNumber = first17 + CitizenIdNumber.CheckCharacterOf(first17), Name = "张三", Gender = "1", Ethnicity = "01",
            BirthDate = birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), RegionCode = "130105",
            Phones = ["13912345678"], Addresses = [new AddressDraft("1", "河北省石家庄市新华区中华北大街100号")], PaymentMethods = ["2"], Tags = ["ncms"],
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
