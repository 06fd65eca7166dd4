using System.Text.RegularExpressions;
using HealthCard.App.Features.Demo;
using HealthCard.App.Features.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HealthCard.Web.Tests.Browser;

/// <summary>
/// The console's pages on the demo data set, as a national administrator: each renders without an error, in Chinese
/// only, with one heading, labelled inputs and named buttons; a screenshot of each goes to docs/screenshots. The list
/// holds the pages merged so far; the pages of the other menu entries join it when they land.
/// </summary>
public sealed partial class ConsolePagesTests(BrowserWorld world) : IClassFixture<BrowserWorld>
{
    /// <summary>The pages, in menu order, with the file name their screenshot gets.</summary>
    public static TheoryData<string, string> Pages => new()
    {
        { "/", "01-dashboard" },
        { "/residents", "02-residents" },
        { "/residents/new", "04-resident-register" },
    };

    /// <summary>Latin words that are names, not English: standards, algorithms, file formats, the language switch.</summary>
    private static readonly HashSet<string> NotEnglish = new(StringComparer.Ordinal)
    {
        "SAM", "PSAM", "ISAM", "API", "KCV", "CSV", "XLSX", "Excel", "SM2", "SM3", "SM4", "English", "PNG", "JPEG", "HIS", "GB", "GBK", "UTF",
        "ABO", "Rh", "NCMS", "ID", "IC", "QR", "HC1", "PIN", "MAC", "PKI", "CA", "yyyy", "MM", "dd", "demo", "national", "admin", "operator",
        "sam", "keys", "auditor", "institution", "changan", "clerk",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task MainPage_RendersCompletely_InChinese_WithLabelledControls(string route, string screenshot)
    {
        BrowserWorld.SkipWithoutChromium();
        await SeedDemoAsync();
        var page = await world.NewPageAsync();
        await BrowserWorld.SignInAsync(page, "pages.national", await world.CreateStaffAsync("pages.national", StaffRoles.NationalAdmin, "", ifMissing: true));
        await page.GotoAsync(route);
        await BrowserWorld.WaitInteractiveAsync(page);
        await page.WaitForTimeoutAsync(500); // charts and server-paged tables load right after the circuit starts

        page.Url.ShouldNotContain("/account/");
        await Assertions.Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".mud-alert-filled-error, .mud-alert-text-error")).ToHaveCountAsync(0);
        var text = await page.Locator("main").InnerTextAsync();
        var english = LatinWord().Matches(text).Select(m => m.Value).Where(w => !NotEnglish.Contains(w)).Distinct().ToList();
        english.ShouldBeEmpty($"English on {route}: {string.Join(", ", english)}");

        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter(e => e.offsetParent !== null && e.type !== 'checkbox' && e.type !== 'file')
                .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !e.title)
                .map(e => e.outerHTML.slice(0, 120))
            """);
        unlabelled.ShouldBeEmpty($"inputs without a label on {route}");
        var unnamed = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('button, a[href]')]
                .filter(e => e.offsetParent !== null)
                .filter(e => !e.textContent.trim() && !e.getAttribute('aria-label') && !e.getAttribute('title') && !e.getAttribute('aria-labelledby'))
                .map(e => e.outerHTML.slice(0, 120))
            """);
        unnamed.ShouldBeEmpty($"buttons or links without a name on {route}");
        await BrowserWorld.ScreenshotAsync(page, screenshot);
    }

    [Fact]
    public async Task Dashboard_OnATablet_AndInEnglish()
    {
        BrowserWorld.SkipWithoutChromium();
        await SeedDemoAsync();
        var page = await world.NewPageAsync(1024, 768);
        await BrowserWorld.SignInAsync(page, "pages.tablet", await world.CreateStaffAsync("pages.tablet", StaffRoles.RegionAdmin, "1301", ifMissing: true));
        await BrowserWorld.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator(".mud-chart").First).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        overflow.ShouldBeFalse("the dashboard scrolls sideways on a tablet");
        await BrowserWorld.ScreenshotAsync(page, "00-dashboard-tablet");

        await page.GotoAsync("/culture?c=en&redirect=/");
        await BrowserWorld.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Dashboard");
        var menu = await page.Locator(".mud-drawer").InnerTextAsync();
        HanCharacter().IsMatch(menu).ShouldBeFalse($"Chinese left in the English menu: {menu}");
        await BrowserWorld.ScreenshotAsync(page, "00-dashboard-english");
    }

    [Fact]
    public async Task SignInPage_Screenshot_AndSecurityHeaders()
    {
        BrowserWorld.SkipWithoutChromium();
        var page = await world.NewPageAsync();
        var response = await page.GotoAsync("/account/login");
        var headers = await response!.AllHeadersAsync();
        headers["content-security-policy"].ShouldContain("frame-ancestors 'none'");
        headers["content-security-policy"].ShouldContain("script-src 'self'");
        headers["x-frame-options"].ShouldBe("DENY");
        await BrowserWorld.ScreenshotAsync(page, "22-sign-in");
    }

    /// <summary>The demo as the web host seeds it: residents and registry, its key ceremony, then what needs the keys.</summary>
    private async Task SeedDemoAsync()
    {
        await using var scope = world.Host.Services.CreateAsyncScope();
        var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
        await demo.SeedIfEmptyAsync(CancellationToken.None);
        await demo.EnsureKeysAsync(null, CancellationToken.None);
        await demo.SeedAfterKeysAsync(CancellationToken.None);
    }

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z]{2,}\b")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HanCharacter();
}
