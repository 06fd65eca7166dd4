using System.Text.RegularExpressions;
using HealthCard.App.Features.Imports;
using HealthCard.App.Features.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HealthCard.Web.Tests.Browser;

/// <summary>
/// The console's pages on the demo data set, as a national administrator: each renders without an error, in Chinese
/// only, with one heading, labelled inputs and named buttons; a screenshot of each goes to docs/screenshots. Every
/// menu entry is listed, with the detail pages the demo data reaches.
/// </summary>
public sealed partial class ConsolePagesTests(BrowserWorld world) : IClassFixture<BrowserWorld>
{
    /// <summary>The pages, in menu order, with the file name their screenshot gets.</summary>
    public static TheoryData<string, string> Pages => new()
    {
        { "/", "01-dashboard" },
        { "/residents", "02-residents" },
        { "/residents/new", "04-resident-register" },
        { "/applications", "05-applications" },
        { "/production", "06-production" },
        { "/production/{batch}", "06b-production-batch" },
        { "/imports", "07-imports" },
        { "/imports/{import}", "07b-import-job" },
        { "/sams/applications", "08-sam-applications" },
        { "/sams/plans", "09-sam-plans" },
        { "/sams/stock-in", "10-sam-stock-in" },
        { "/sams/stock-out", "11-sam-stock-out" },
        { "/sams", "12-sams" },
        { "/terminals", "13-terminals" },
        { "/institutions", "14-institutions" },
        { "/institutions/{institution}", "14b-institution" },
        { "/products", "15-products" },
        { "/keys", "16-keys" },
        { "/statistics", "17-statistics" },
        { "/reports/monthly", "18-monthly-report" },
        { "/system/users", "19-users" },
        { "/system/api-keys", "20-api-keys" },
        { "/system/audit", "21-audit" },
        { "/system/network", "22-network" },
    };

    /// <summary>Latin words that are names, not English: standards, algorithms, file formats, the language switch.</summary>
    private static readonly HashSet<string> NotEnglish = new(StringComparer.OrdinalIgnoreCase)
    {
        "SAM", "PSAM", "ISAM", "API", "KCV", "CSV", "XLSX", "Excel", "SM2", "SM3", "SM4", "English", "PNG", "JPEG", "HIS", "GB", "GBK", "UTF",
        "ABO", "Rh", "NCMS", "ID", "IC", "QR", "HC1", "PIN", "MAC", "PKI", "CA", "yyyy", "MM", "dd",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task MainPage_RendersCompletely_InChinese_WithLabelledControls(string route, string screenshot)
    {
        BrowserWorld.SkipWithoutChromium();
        await world.SeedDemoAsync();
        var page = await world.NewPageAsync();
        await BrowserWorld.SignInAsync(page, "pages.national", await world.CreateStaffAsync("pages.national", StaffRoles.NationalAdmin, "", ifMissing: true));
        await page.GotoAsync(await ResolveAsync(route));
        await BrowserWorld.WaitInteractiveAsync(page);
        await page.WaitForTimeoutAsync(500); // charts and server-paged tables load right after the circuit starts

        page.Url.ShouldNotContain("/account/");
        await Assertions.Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".mud-alert-filled-error, .mud-alert-text-error")).ToHaveCountAsync(0);
        // Names, codes and commands are data, not words to translate: pages mark them with <code> or translate="no".
        var text = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('main code, main [translate=no]')]
                .reduce((text, e) => text.replace(e.innerText, ' '), document.querySelector('main').innerText)
            """);
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
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        overflow.ShouldBeFalse($"{route} scrolls sideways at 1366 px (wide tables scroll inside their own frame)");
        await BrowserWorld.ScreenshotAsync(page, screenshot);
    }

    [Fact]
    public async Task Dashboard_OnATablet_AndInEnglish()
    {
        BrowserWorld.SkipWithoutChromium();
        await world.SeedDemoAsync();
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

    /// <summary>A detail page's route with the first demo record of its kind.</summary>
    private async Task<string> ResolveAsync(string route)
    {
        var id = "";
        await world.Host.WithDbAsync(async db => id = route switch
        {
            "/production/{batch}" => (await db.ProductionBatches.OrderBy(b => b.CreatedAt).FirstAsync()).Id.ToString(),
            "/imports/{import}" => (await db.Set<ImportJob>().FirstAsync()).Id.ToString(),
            "/institutions/{institution}" => (await db.Institutions.OrderBy(i => i.Code).FirstAsync()).Code,
            _ => "",
        });
        return id.Length == 0 ? route : route[..(route.IndexOf('{', StringComparison.Ordinal))] + id;
    }

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z]{2,}\b")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HanCharacter();
}
