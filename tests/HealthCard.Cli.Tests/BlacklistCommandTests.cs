using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Residents;
using HealthCard.Domain.Cards;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// <c>hcard blacklist export</c> signs a list with the key service (custodian shares needed) and <c>hcard blacklist verify</c>
/// checks it offline against the platform key, as a terminal does; a tampered list or another key fails.
/// </summary>
public sealed class BlacklistCommandTests : IDisposable
{
    private readonly HcardFolder _hcard = new("hc-lists-");

    public void Dispose() => _hcard.Dispose();

    private string PathOf(string name) => _hcard.PathOf(name);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => _hcard.RunAsync(arguments);

    [Fact]
    public async Task ExportedList_HoldsTheLostCard_VerifiesWithThePlatformKey_AndFailsWhenTampered()
    {
        var shares = await _hcard.InitKeysAsync(1, 3);
        string platformKey, serial;
        await using (var services = _hcard.Services())
        {
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var draft = Residents.Valid(county: "130105");
            var resident = await sp.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, draft, CancellationToken.None);
            var card = await sp.GetRequiredService<IssueCard>().ExecuteAsync(Caller.System,
                new IssueCardRequest(resident.Value.Id, "hospital", "13010000001"), CancellationToken.None);
            serial = card.Value.Serial;
            (await sp.GetRequiredService<ChangeCardStatus>().ExecuteAsync(Caller.System, draft.IdNumber!, CardTrigger.ReportLoss, new CardOperation("持卡人挂失"),
                CancellationToken.None)).IsSuccess.ShouldBeTrue();
            platformKey = (await sp.GetRequiredService<GetPlatformSigningKey>().ExecuteAsync(CancellationToken.None)).Value.PublicKey;
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
}
