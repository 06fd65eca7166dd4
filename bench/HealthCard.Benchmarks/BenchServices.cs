using HealthCard.App;
using HealthCard.App.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthCard.Benchmarks;

/// <summary>The platform's services over a fresh SQLite database in a temporary folder, as the web host registers them.</summary>
internal sealed class BenchServices : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hc-bench-").FullName;

    private BenchServices(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; private set; } = null!;

    public static async Task<BenchServices> StartAsync()
    {
        var bench = new BenchServices(null!);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthCard:Database:SqlitePath"] = Path.Combine(bench._folder, "healthcard.db"),
            ["HealthCard:NodeId"] = "bench",
        }).Build();
        bench.Services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddHealthCard(configuration).BuildServiceProvider();
        await using var scope = bench.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return bench;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
