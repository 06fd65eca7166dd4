using System.Text.RegularExpressions;
using HealthCard.App.Common;
using HealthCard.App.Features.Residents;
using HealthCard.App.Features.Staff;
using HealthCard.App.Security;
using HealthCard.Web.Security;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HealthCard.Web.Tests.Browser;

/// <summary>
/// Alone in the process while they run: in the full suite on two cores, with every other class running beside it, the
/// desk flow's registration did not answer within a minute in two runs, while the class alone passes every time. The
/// cause is not yet found (issue 14's closing note); until it is, these flows run without the rest of the suite beside them.
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class ConsoleFlowsAlone;

/// <summary>The console in Debian's Chromium: the card desk's whole flow, region scoping by URL, sign-in rules.</summary>
[Collection(typeof(ConsoleFlowsAlone))]
public sealed class ConsoleBrowserTests(BrowserWorld world) : IClassFixture<BrowserWorld>
{
    [Fact]
    public async Task DistrictOperator_RegistersIssuesReportsLossReplaces_AndSeesTheNewSerialAndTimeline()
    {
        BrowserWorld.SkipWithoutChromium();
        var password = await world.CreateStaffAsync("op.changan", StaffRoles.CardOperator, "130102");
        var page = await world.NewPageAsync();
        await BrowserWorld.SignInAsync(page, "op.changan", password);
        await page.GotoAsync("/residents/new");
        await BrowserWorld.WaitInteractiveAsync(page);

        // A wrong check digit: the validator's own message appears under the field, as the API would give it.
        var idNumber = IdNumbers.Next("130102");
        var (birthDate, gender) = IdNumbers.Facts(idNumber);
        var wrongCheck = idNumber[..17] + (idNumber[17] == '0' ? '1' : '0');
        await page.GetByLabel("证件号码").FillAsync(wrongCheck);
        await page.GetByLabel("姓名").FillAsync("赵测试");
        await page.GetByLabel("出生日期").FillAsync(birthDate);
        await page.GetByLabel("联系电话").FillAsync("13800138000");
        await page.GetByTestId("submit").ClickAsync();
        await Assertions.Expect(page.GetByText("居民身份证号码校验码错误")).ToBeVisibleAsync();

        await page.GetByLabel("证件号码").FillAsync(idNumber);
        await page.GetByTestId("gender").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = gender == "1" ? "男" : "女" }).ClickAsync();
        await page.GetByTestId("submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/residents/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("resident-name")).ToHaveTextAsync("赵测试");
        // A card operator lacks pii:read: the number is masked on the page.
        await Assertions.Expect(page.GetByTestId("resident-id-number")).ToHaveTextAsync(new string('*', idNumber.Length)); // ADR 017: no fragment

        await page.GetByTestId("issue-card").ClickAsync();
        await page.GetByLabel("发卡机构代码").FillAsync("13010000001");
        await page.GetByTestId("issue-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("card-status").First).ToHaveTextAsync("正常");
        var firstSerial = (await page.GetByTestId("card-serial").First.TextContentAsync())!.Trim();

        await OperateAsync(page, "op-report_loss", "持卡人电话挂失");
        await Assertions.Expect(page.GetByTestId("card-status").First).ToHaveTextAsync("挂失");

        await OperateAsync(page, "op-replace", "挂失后补卡");
        await Assertions.Expect(page.GetByTestId("card-serial")).ToHaveCountAsync(2);
        var newSerial = (await page.GetByTestId("card-serial").First.TextContentAsync())!.Trim();
        newSerial.ShouldNotBe(firstSerial);
        await Assertions.Expect(page.GetByTestId("card-status").First).ToHaveTextAsync("正常");
        await Assertions.Expect(page.GetByTestId("card-status").Nth(1)).ToHaveTextAsync("已补换");
        var timeline = page.GetByTestId("timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("补换卡");
        await Assertions.Expect(timeline).ToContainTextAsync("挂失后补卡");
        await Assertions.Expect(timeline).ToContainTextAsync("持卡人电话挂失");
        await Assertions.Expect(timeline).ToContainTextAsync(newSerial);
        await BrowserWorld.ScreenshotAsync(page, "03-resident-detail");

        // The registry agrees with the page: the new card is current and the old one replaced.
        await world.Host.WithDbAsync(async db =>
        {
            var statuses = db.Cards.Where(c => c.Serial == firstSerial || c.Serial == newSerial).AsEnumerable()
                .ToDictionary(c => c.Serial, c => c.Status);
            statuses[firstSerial].ShouldBe(Domain.Cards.CardStatus.Replaced);
            statuses[newSerial].ShouldBe(Domain.Cards.CardStatus.Active);
            await Task.CompletedTask;
        });
    }

    [Fact]
    public async Task DistrictOperator_CannotOpenAResidentOfAnotherDistrict_ByUrl()
    {
        BrowserWorld.SkipWithoutChromium();
        Guid elsewhere;
        string name;
        await using (var scope = world.Host.Services.CreateAsyncScope())
        {
            var registered = await scope.ServiceProvider.GetRequiredService<RegisterResident>()
                .ExecuteAsync(Caller.System, Residents.Valid(county: "130104") with { Name = "钱外区" }, CancellationToken.None);
            (elsewhere, name) = (registered.Value.Id, registered.Value.Name);
        }
        var password = await world.CreateStaffAsync("op.changan2", StaffRoles.CardOperator, "130102");
        var page = await world.NewPageAsync();
        await BrowserWorld.SignInAsync(page, "op.changan2", password);
        await page.GotoAsync($"/residents/{elsewhere}");
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("resident-name")).ToHaveCountAsync(0);
        (await page.ContentAsync()).ShouldNotContain(name); // nothing of the record reaches the page
    }

    [Fact]
    public async Task SignIn_BacksOffAStrangerAfterFiveFailures_WithoutLockingTheOwnerOut_AndAForcedChangeComesFirst()
    {
        BrowserWorld.SkipWithoutChromium();
        var password = await world.CreateStaffAsync("new.clerk", StaffRoles.Auditor, "1301", mustChange: true);
        var page = await world.NewPageAsync();
        await BrowserWorld.SignInAsync(page, "new.clerk", password);
        page.Url.ShouldContain("/account/change-password");
        await page.GotoAsync("/residents");
        page.Url.ShouldContain("/account/change-password"); // nothing else opens before the change
        await page.GetByLabel("当前密码").FillAsync(password);
        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync("a-better-secret-42");
        await page.GetByLabel("确认新密码").FillAsync("a-better-secret-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync("审计员");

        // A stranger guessing from another browser (same address here) is slowed down after five failures...
        var stranger = await world.NewPageAsync();
        await stranger.GotoAsync("/account/login");
        for (var attempt = 0; attempt < SignInThrottling.StaffSignInPair.FreeFailures; attempt++)
        {
            await stranger.GetByLabel("用户名").FillAsync("new.clerk");
            await stranger.GetByLabel("密码").FillAsync("wrong-password-" + attempt);
            await stranger.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await stranger.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        await stranger.GetByLabel("用户名").FillAsync("new.clerk");
        await stranger.GetByLabel("密码").FillAsync("a-better-secret-42");
        await stranger.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(stranger.GetByRole(AriaRole.Alert)).ToContainTextAsync("稍后再试");
        // ...but the account is not locked: its owner's browser, which signed in before, still signs in.
        await page.Context.ClearCookiesAsync(new() { Name = ConsoleSecurity.StaffCookie });
        await BrowserWorld.SignInAsync(page, "new.clerk", "a-better-secret-42");
        await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync("审计员");
        await world.Host.WithDbAsync(async db =>
        {
            // Five failures, two entries: the first, and the one that started the back-off.
            var entries = db.AuditEntries.Where(e => e.Action == "staff.sign_in" && e.TargetId == "new.clerk").Select(e => e.Outcome).ToList();
            entries.Count(o => o == "auth.failed").ShouldBe(1);
            entries.Count(o => o == "auth.throttled").ShouldBe(1);
            (await db.StaffUsers.SingleAsync(u => u.UserName == "new.clerk")).LockoutEnd.ShouldBeNull();
        });
    }

    [Fact]
    public async Task CardDesk_ReportsALoss_ByKeyboardAlone()
    {
        BrowserWorld.SkipWithoutChromium();
        var draft = Residents.Valid(county: "130102") with { Name = "孙键盘" };
        await using (var scope = world.Host.Services.CreateAsyncScope())
        {
            var registered = await scope.ServiceProvider.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, draft, CancellationToken.None);
            (await scope.ServiceProvider.GetRequiredService<App.Features.Cards.IssueCard>().ExecuteAsync(Caller.System,
                new App.Features.Cards.IssueCardRequest(registered.Value.Id, "hospital", "13010000001"), CancellationToken.None)).IsSuccess.ShouldBeTrue();
        }
        var password = await world.CreateStaffAsync("op.keyboard", StaffRoles.CardOperator, "130102");
        var page = await world.NewPageAsync();
        await BrowserWorld.SignInAsync(page, "op.keyboard", password); // by keyboard already: type, Tab, type, Enter
        await BrowserWorld.WaitInteractiveAsync(page);

        // The menu, the search form, the result link, the operation, the dialog: Tab, type, Space and Enter only.
        await TabToAsync(page, "e.tagName === 'A' && e.textContent.trim() === '居民与健康卡'");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/residents$"));
        await BrowserWorld.WaitInteractiveAsync(page);
        await TabToAsync(page, "e.id === 'search-term'");
        await page.Keyboard.TypeAsync(draft.IdNumber!);
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, "e.getAttribute('aria-label') && e.getAttribute('aria-label').includes('孙键盘')");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/residents/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("resident-name")).ToHaveTextAsync("孙键盘");

        await TabToAsync(page, "e.dataset.testid === 'op-report_loss'");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await TabToAsync(page, "e.id === 'operation-reason'");
        await page.Keyboard.TypeAsync("持卡人来电挂失");
        await TabToAsync(page, "e.type === 'checkbox'");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "e.dataset.testid === 'operation-confirm'");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("card-status").First).ToHaveTextAsync("挂失");
    }

    /// <summary>Presses Tab until the focused element satisfies <paramref name="predicate"/> (JavaScript over <c>e</c>); fails after 80 presses.</summary>
    private static async Task TabToAsync(IPage page, string predicate)
    {
        for (var press = 0; press < 80; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"() => {{ const e = document.activeElement; return !!e && ({predicate}); }}"))
            {
                return;
            }
        }
        throw new ShouldAssertException($"no element reached by Tab satisfies {predicate}");
    }

    private static async Task OperateAsync(IPage page, string operation, string reason)
    {
        await page.GetByTestId(operation).ClickAsync();
        await page.GetByLabel("原因").FillAsync(reason);
        await page.GetByTestId("operation-confirm-check").ClickAsync();
        await page.GetByTestId("operation-confirm").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }
}
