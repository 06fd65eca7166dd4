using HealthCard.App;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Residents;
using HealthCard.Domain.Cards;
using HealthCard.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// <c>hcard blacklist export</c> signs a list with the key service (custodian shares needed) and <c>hcard blacklist verify</c>
/// checks it offline against the platform key, as a terminal does; a tampered list or another key fails.
/// </summary>
public sealed class BlacklistCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hc-lists-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => Hcard.RunAsync(_folder, arguments);

    [Fact]
    public async Task ExportedList_HoldsTheLostCard_VerifiesWithThePlatformKey_AndFailsWhenTampered()
    {
        var init = await RunAsync("keys", "init", "--custodians", "3", "--threshold", "2", "--out-dir", PathOf("shares"));
        init.ExitCode.ShouldBe(0, init.Error);
        string[] shares = ["--share", PathOf("shares/share-01.txt"), "--share", PathOf("shares/share-03.txt")];
        string platformKey, serial;
        await using (var services = Services())
        {
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var draft = Residents.Valid(county: "130105");
            var resident = await sp.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, draft, CancellationToken.None);
            var card = await sp.GetRequiredService<IssueCard>().ExecuteAsync(Caller.System,
                new IssueCardRequest(resident.Value.Id, "hospital", "13010000001"), CancellationToken.None);
            serial = card.Value.Serial;
            (await sp.GetRequiredService<ChangeCardStatus>().ExecuteAsync(Caller.System, draft.IdNumber!, CardTrigger.ReportLoss, new CardOperation(),
                CancellationToken.None)).IsSuccess.ShouldBeTrue();
            platformKey = (await sp.GetRequiredService<KeyManagement>().PlatformSigningKeyAsync(CancellationToken.None)).Value.PublicKey;
        }

        var withoutShares = await RunAsync("blacklist", "export", "--region", "13", "--out", PathOf("list.json"));
        withoutShares.ExitCode.ShouldNotBe(0);
        withoutShares.Error.ShouldContain("keys.sealed");
        var exported = await RunAsync(["blacklist", "export", "--region", "13", "--out", PathOf("list.json"), .. shares]);
        exported.ExitCode.ShouldBe(0, exported.Error);
        (await File.ReadAllTextAsync(PathOf("list.json"), TestContext.Current.CancellationToken)).ShouldContain(serial);

        var verified = await RunAsync("blacklist", "verify", PathOf("list.json"), "--public-key", platformKey);
        verified.ExitCode.ShouldBe(0, verified.Error);
        verified.Output.ShouldContain("valid: black list, region 13");
        verified.Output.ShouldContain("1 entries");

        var text = await File.ReadAllTextAsync(PathOf("list.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(PathOf("tampered.json"), text.Replace(serial, "1399999999", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var tampered = await RunAsync("blacklist", "verify", PathOf("tampered.json"), "--public-key", platformKey);
        tampered.ExitCode.ShouldBe(1);
        tampered.Output.ShouldStartWith("invalid");
        using var stranger = HealthCard.Crypto.Sm2.Sm2Algorithm.GenerateKey();
        (await RunAsync("blacklist", "verify", PathOf("list.json"), "--public-key", Convert.ToHexString(stranger.PublicKey))).ExitCode.ShouldBe(1);
        (await RunAsync("blacklist", "verify", PathOf("missing.json"), "--public-key", platformKey)).ExitCode.ShouldBe(2);
    }

    private ServiceProvider Services()
    {
        var settings = new Dictionary<string, string?>
        {
            ["HealthCard:Database:SqlitePath"] = PathOf("healthcard.db"),
            ["HealthCard:DataProtection:KeyFile"] = PathOf("healthcard.keys"),
            ["HealthCard:NodeId"] = "test-province",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddHealthCard(configuration).BuildServiceProvider();
    }
}
