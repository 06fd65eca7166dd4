using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Residents;
using HealthCard.Domain.Cards;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// <c>hcard qr issue</c> makes an electronic health card code with the key service (shares needed); <c>hcard qr verify</c>
/// checks it offline with the platform's public key only, or online against the database, and exits non-zero with the
/// reason when the code is altered, names another key version, or its card is no longer usable.
/// </summary>
public sealed class QrCommandTests : IDisposable
{
    private readonly HcardFolder _hcard = new("hc-qr-");

    public void Dispose() => _hcard.Dispose();

    private string PathOf(string name) => _hcard.PathOf(name);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => _hcard.RunAsync(arguments);

    [Fact]
    public async Task QrVerify_OfflineWithThePublicKey_AndOnline_ExitsNonZeroWithTheReasonWhenRefused()
    {
        var shares = await _hcard.InitKeysAsync();
        var draft = Residents.Valid(county: "130105");
        string platformKey;
        await using (var services = _hcard.Services())
        {
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var resident = await sp.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, draft, CancellationToken.None);
            (await sp.GetRequiredService<IssueCard>().ExecuteAsync(Caller.System, new IssueCardRequest(resident.Value.Id, "hospital", "13010000001"),
                CancellationToken.None)).IsSuccess.ShouldBeTrue();
            platformKey = (await sp.GetRequiredService<GetPlatformSigningKey>().ExecuteAsync(CancellationToken.None)).Value.PublicKey;
        }

        var sealedIssue = await RunAsync("qr", "issue", draft.IdNumber!);
        sealedIssue.ExitCode.ShouldBe(2);
        sealedIssue.Error.ShouldContain("keys.sealed");
        var issued = await RunAsync(["qr", "issue", draft.IdNumber!, "--png", PathOf("ecard.png"), .. shares]);
        issued.ExitCode.ShouldBe(0, issued.Error);
        var code = issued.Output.Trim();
        code.ShouldStartWith($"HC1:{draft.IdNumber}:13");
        (await File.ReadAllBytesAsync(PathOf("ecard.png"), TestContext.Current.CancellationToken))[..4].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47 });

        var offline = await RunAsync("qr", "verify", code, "--public-key", platformKey, "--key-version", "1");
        offline.ExitCode.ShouldBe(0, offline.Error);
        offline.Output.ShouldStartWith("valid (offline)");
        offline.Output.ShouldNotContain(draft.IdNumber!);
        var online = await RunAsync("qr", "verify", code);
        online.ExitCode.ShouldBe(0, online.Error);
        online.Output.ShouldContain("status active");

        var altered = code.Replace($":{draft.IdNumber}:", $":{IdNumbers.Next()}:", StringComparison.Ordinal);
        var badOffline = await RunAsync("qr", "verify", altered, "--public-key", platformKey);
        badOffline.ExitCode.ShouldBe(1);
        badOffline.Error.ShouldStartWith("invalid qr.bad_signature");
        (await RunAsync("qr", "verify", altered)).Error.ShouldStartWith("invalid qr.bad_signature");
        (await RunAsync("qr", "verify", code, "--public-key", platformKey, "--key-version", "2")).Error.ShouldStartWith("invalid qr.unknown_key");
        var malformed = await RunAsync("qr", "verify", "HC1:nonsense");
        malformed.ExitCode.ShouldBe(2);
        malformed.Error.ShouldStartWith("invalid qr.malformed");
        (await RunAsync("qr", "verify", code, "--public-key", "ABCD")).ExitCode.ShouldBe(2);

        await using (var services = _hcard.Services())
        {
            await using var scope = services.CreateAsyncScope();
            (await scope.ServiceProvider.GetRequiredService<ChangeCardStatus>().ExecuteAsync(Caller.System, draft.IdNumber!, CardTrigger.ReportLoss,
                new CardOperation("持卡人挂失"), CancellationToken.None)).IsSuccess.ShouldBeTrue();
        }
        var lost = await RunAsync("qr", "verify", code);
        lost.ExitCode.ShouldBe(1);
        lost.Error.ShouldStartWith("invalid qr.card_not_usable");
        lost.Error.ShouldContain("reported_lost");
        (await RunAsync("qr", "verify", code, "--public-key", platformKey)).ExitCode.ShouldBe(0, "offline verification does not know the status");
    }
}
