using HealthCard.App;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// A throwaway folder holding an hcard database and key file: <c>hcard</c> runs in it as a process, and the test reaches
/// the same database in process through <see cref="Services"/>, as the registry would hold it.
/// </summary>
internal sealed class HcardFolder(string prefix) : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string PathOf(string name) => Path.Combine(Folder, name);

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => Hcard.RunAsync(Folder, arguments);

    /// <summary>Holds the key ceremony (3 custodians, threshold 2) and returns the arguments that hand two of the shares to a command.</summary>
    public async Task<string[]> InitKeysAsync(int first = 1, int second = 2)
    {
        var init = await RunAsync("keys", "init", "--custodians", "3", "--threshold", "2", "--out-dir", PathOf("shares"));
        init.ExitCode.ShouldBe(0, init.Error);
        return ["--share", PathOf($"shares/share-{first:D2}.txt"), "--share", PathOf($"shares/share-{second:D2}.txt")];
    }

    /// <summary>The platform's services over this folder's database and key file, as hcard configures them.</summary>
    public ServiceProvider Services(string nodeId = "test-province")
    {
        var settings = new Dictionary<string, string?>
        {
            ["HealthCard:Database:SqlitePath"] = PathOf("healthcard.db"),
            ["HealthCard:DataProtection:KeyFile"] = PathOf("healthcard.keys"),
            ["HealthCard:NodeId"] = nodeId,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddHealthCard(configuration).BuildServiceProvider();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
