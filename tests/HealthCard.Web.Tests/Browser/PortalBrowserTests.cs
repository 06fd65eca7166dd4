using System.Net.Http.Json;
using System.Text.Json;
using HealthCard.App.Features.Demo;
using HealthCard.App.Features.ElectronicCards;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Staff;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HealthCard.Web.Tests.Browser;

/// <summary>The resident portal in Debian's Chromium: first password, self-service loss seen by the console, the QR e-card.</summary>
public sealed class PortalBrowserTests(BrowserWorld world) : IClassFixture<BrowserWorld>
{
    [Fact]
    public async Task Resident_SetsAPassword_ReportsTheCardLost_AndTheConsoleShowsIt()
    {
        BrowserWorld.SkipWithoutChromium();
        var resident = await DemoResidentAsync();
        var page = await world.NewPageAsync(1024, 768);
        await SignUpAsync(page, resident);
        await Assertions.Expect(page.GetByTestId("portal-status")).ToHaveTextAsync("正常");
        var serial = (await page.GetByTestId("portal-serial").TextContentAsync())!.Trim();
        await BrowserWorld.ScreenshotAsync(page, "30-portal");

        await page.GetByTestId("portal-report-loss").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("portal-status")).ToHaveTextAsync("挂失");

        // The card desk sees the loss at once, made through the portal.
        var staff = await world.NewPageAsync();
        await BrowserWorld.SignInAsync(staff, "portal.desk", await world.CreateStaffAsync("portal.desk", StaffRoles.RegionAdmin, "1301", ifMissing: true));
        await staff.GotoAsync("/residents");
        await BrowserWorld.WaitInteractiveAsync(staff);
        await staff.GetByLabel("证件号码、卡序列号或姓名").FillAsync(serial);
        await staff.GetByTestId("search").ClickAsync();
        await staff.GetByRole(AriaRole.Link, new() { Name = "查看居民" }).First.ClickAsync();
        await Assertions.Expect(staff.GetByTestId("card-status").First).ToHaveTextAsync("挂失");
        await Assertions.Expect(staff.GetByTestId("timeline")).ToContainTextAsync("resident:");

        await world.Host.WithDbAsync(async db =>
        {
            var audit = await db.AuditEntries.Where(e => e.Action == "card.report_loss" && e.TargetId == serial).ToListAsync();
            audit.ShouldHaveSingleItem().Channel.ShouldBe("portal");
            audit[0].Actor.ShouldStartWith("resident:");
            audit[0].Actor.ShouldNotContain(resident.CardNumber); // never the full number
        });
    }

    [Fact]
    public async Task ElectronicCard_FromThePortal_Verifies_AndFailsOnceAlteredOrExpired()
    {
        BrowserWorld.SkipWithoutChromium();
        var resident = await DemoResidentAsync(skip: 1);
        var page = await world.NewPageAsync();
        await SignUpAsync(page, resident);
        await page.GetByTestId("ecard-show").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ecard-image")).ToBeVisibleAsync();
        var code = (await page.GetByTestId("ecard-code").TextContentAsync())!.Trim();
        await BrowserWorld.ScreenshotAsync(page, "31-portal-ecard");

        using var client = world.Host.Client();
        client.BaseAddress = world.Address;
        var valid = await client.PostAsJsonAsync("/api/v1/qr/verify", new { code });
        valid.IsSuccessStatusCode.ShouldBeTrue(await valid.Content.ReadAsStringAsync());
        var body = await valid.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("cardSerial").GetString().ShouldBe((await page.GetByTestId("portal-serial").TextContentAsync())!.Trim());

        var altered = code[..^3] + (code[^3] == 'A' ? 'B' : 'A') + code[^2..];
        var refused = await client.PostAsJsonAsync("/api/v1/qr/verify", new { code = altered });
        refused.IsSuccessStatusCode.ShouldBeFalse();
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBeOneOf("qr.bad_signature", "qr.malformed");

        // Offline, with only the platform's public key, as a terminal checks it: fine now, expired after its expiry.
        byte[] publicKey = [];
        await world.Host.WithDbAsync(async db => publicKey = (await db.Keys.FirstAsync(k => k.KeyId == KeyIds.PlatformSigning)).PublicKey!);
        var claims = ElectronicCardCode.Verify(code, publicKey, DateTimeOffset.UtcNow);
        claims.IsSuccess.ShouldBeTrue();
        var expired = ElectronicCardCode.Verify(code, publicKey, claims.Value.ExpiresAt.AddSeconds(ElectronicCardCode.MaxClockSkew.TotalSeconds + 1));
        expired.Error!.Code.ShouldBe("qr.expired");
    }

    /// <summary>The demo's residents and keys on this host, and one resident's portal proof (card number, serial, 安全码, phone).</summary>
    private async Task<DemoPortalResident> DemoResidentAsync(int skip = 0)
    {
        await world.SeedDemoAsync();
        await using var scope = world.Host.Services.CreateAsyncScope();
        var resident = await scope.ServiceProvider.GetRequiredService<DemoData>().PortalResidentAsync(skip, CancellationToken.None);
        resident.ShouldNotBeNull();
        return resident;
    }

    private static async Task SignUpAsync(IPage page, DemoPortalResident resident)
    {
        await page.GotoAsync("/portal/activate");
        await page.GetByLabel("卡号（身份证号码）").FillAsync(resident.CardNumber);
        await page.GetByLabel("卡序列号（密码函上的 10 位）").FillAsync(resident.CardSerial);
        await page.GetByLabel("安全码（密码函上的 3 位数字）").FillAsync(resident.SecurityCode);
        await page.GetByLabel("预留手机号码（完整号码）").FillAsync(resident.Phone);
        await page.GetByLabel("新密码").FillAsync("my-card-pass-8");
        await page.GetByRole(AriaRole.Button, new() { Name = "设置并登录" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/portal", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('.mud-layout') !== null");
        await page.WaitForTimeoutAsync(300);
    }
}
