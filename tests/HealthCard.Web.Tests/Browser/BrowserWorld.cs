using HealthCard.App.Common;
using HealthCard.App.Features.Demo;
using HealthCard.App.Features.Staff;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HealthCard.Web.Tests.Browser;

/// <summary>
/// A real browser (Debian's Chromium, headless, driven by Playwright) on the real host listening on loopback, over a
/// fresh SQLite database. One per test class; each test takes a fresh browser context (its own cookies).
/// </summary>
public sealed class BrowserWorld : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Where the tests leave a screenshot of every main page (named in the README).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(Repository.Root, "docs", "screenshots");

    private IPlaywright? _playwright;

    public HealthCardHost Host { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static void SkipWithoutChromium() =>
        Assert.SkipUnless(File.Exists(ChromiumPath), $"Browser tests need Debian's Chromium at {ChromiumPath} (.ci/run installs it).");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }
        (Host, Address) = await HealthCardHost.StartListeningAsync(TestDatabase.Sqlite);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (no cookies) at an office screen's size, or a tablet's.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 768)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        // Generous: on two cores the other test projects run beside these, and the first render of a page JIT-compiles it.
        context.SetDefaultTimeout(30_000);
        // A navigation waits for a use case under a loaded two-core machine (CI runs two test projects at once).
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>The demo as the web host seeds it: residents and registry, its key ceremony, then what needs the keys.</summary>
    public async Task SeedDemoAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
        await demo.SeedIfEmptyAsync(CancellationToken.None);
        await demo.EnsureKeysAsync(null, CancellationToken.None);
        await demo.SeedAfterKeysAsync(CancellationToken.None);
    }

    /// <summary>Creates a console account through the real use case.</summary>
    public async Task<string> CreateStaffAsync(string userName, string role, string region, bool mustChange = false, bool ifMissing = false)
    {
        const string Password = "browser-test-2026";
        await using var scope = Host.Services.CreateAsyncScope();
        if (ifMissing && await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>().FindByNameAsync(userName) is not null)
        {
            return Password;
        }
        var created = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(Caller.System,
            new StaffAccountRequest(userName, role, region, Password, userName, mustChange), CancellationToken.None);
        created.IsSuccess.ShouldBeTrue(created.Error?.Code);
        return Password;
    }

    /// <summary>Signs in through the form, by keyboard: type, Tab, type, Enter.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    /// <summary>
    /// Waits until the circuit has rendered the page (its layout says <c>data-interactive="true"</c>), so that buttons
    /// respond: a click on the pre-rendered page before that is lost.
    /// </summary>
    public static async Task WaitInteractiveAsync(IPage page) =>
        await page.Locator(".mud-layout[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
