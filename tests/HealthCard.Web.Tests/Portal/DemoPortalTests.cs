using HealthCard.App.Common;
using HealthCard.App.Features.Demo;
using HealthCard.App.Features.ElectronicCards;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Portal;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Portal;

/// <summary>The demo (HealthCard:Demo:Enabled) holds its own key ceremony, so that its printed portal resident works.</summary>
public sealed class DemoPortalTests
{
    [Fact]
    public async Task DemoPortalResident_SetsAPassword_AndShowsAnElectronicCard_AlsoAfterTheDemoUnsealsItselfAgain()
    {
        await using var host = await HealthCardHost.StartAsync(TestDatabase.Sqlite);
        Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action) => Keys.KeyTestKit.WithAsync(host, action);
        var ct = CancellationToken.None;

        await WithAsync(sp => sp.GetRequiredService<DemoData>().SeedIfEmptyAsync(ct));
        var shares = await WithAsync(sp => sp.GetRequiredService<DemoData>().EnsureKeysAsync(null, ct));
        await WithAsync(sp => sp.GetRequiredService<DemoData>().SeedAfterKeysAsync(ct));
        var resident = await WithAsync(sp => sp.GetRequiredService<DemoData>().PortalResidentAsync(ct));

        shares.ShouldNotBeNull().Count.ShouldBe(3);
        resident.ShouldNotBeNull();
        resident.CardNumber.ShouldStartWith("1301");
        resident.SecurityCode.ShouldMatch("^[0-9]{3}$");
        var session = await WithAsync(sp => sp.GetRequiredService<SetPortalPassword>().ExecuteAsync(
            new SetPortalPasswordRequest(resident.CardNumber, resident.CardSerial, resident.SecurityCode, resident.Phone, "demo2026pw"), ct));
        session.IsSuccess.ShouldBeTrue(session.Error?.ToString());
        var card = await WithAsync(sp => sp.GetRequiredService<IssueElectronicCard>().ForResidentAsync(session.Value.ToCaller(), ct));
        (await WithAsync(sp => sp.GetRequiredService<VerifyElectronicCard>().ExecuteAsync(Caller.System, card.Value.Code, ct))).IsSuccess.ShouldBeTrue();

        // A restart: the node is sealed; the demo unseals itself with the shares it kept.
        await WithAsync(sp => sp.GetRequiredService<KeyCeremony>().SealAsync(Caller.System, ct));
        (await WithAsync(sp => sp.GetRequiredService<DemoData>().PortalResidentAsync(ct))).ShouldBeNull();
        (await WithAsync(sp => sp.GetRequiredService<DemoData>().EnsureKeysAsync(shares, ct))).ShouldBeNull();
        (await WithAsync(sp => sp.GetRequiredService<DemoData>().PortalResidentAsync(ct))).ShouldBe(resident);
    }
}
