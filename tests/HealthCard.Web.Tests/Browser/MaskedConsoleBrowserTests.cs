using HealthCard.App.Common;
using HealthCard.App.Features.Residents;
using HealthCard.App.Features.Staff;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Browser;

/// <summary>
/// Issue 14, finding 2, in the console: a card operator (no pii:read) opened a resident's page and rebuilt the ID number
/// from its masked form and the birth date beside it. The page now holds neither.
/// </summary>
public sealed class MaskedConsoleBrowserTests(BrowserWorld world) : IClassFixture<BrowserWorld>
{
    [Fact]
    public async Task Finding2_CardOperatorsResidentPage_HoldsNoBirthDate_NorAnyFragmentOfTheIdNumber()
    {
        BrowserWorld.SkipWithoutChromium();
        var draft = Residents.Valid(county: "130102") with { Name = "遮蔽测试" };
        Guid id;
        await using (var scope = world.Host.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, draft, CancellationToken.None)).Value.Id;
        }
        var password = await world.CreateStaffAsync("op.masking", StaffRoles.CardOperator, "130102");
        var page = await world.NewPageAsync();
        await BrowserWorld.SignInAsync(page, "op.masking", password);

        await page.GotoAsync($"/residents/{id}");
        await BrowserWorld.WaitInteractiveAsync(page);
        await Microsoft.Playwright.Assertions.Expect(page.GetByTestId("resident-name")).ToHaveTextAsync("遮蔽测试");

        var html = await page.ContentAsync();
        ExposureAttackTests.ShouldHoldNothingToRebuild(html, draft.IdNumber!, draft.BirthDate!, "the console's resident page");
        html.ShouldContain(draft.BirthDate![..4] + " 年");
        await Microsoft.Playwright.Assertions.Expect(page.GetByTestId("resident-id-number")).ToHaveTextAsync(new string('*', draft.IdNumber!.Length));
        await Microsoft.Playwright.Assertions.Expect(page.GetByTestId("health-masked")).ToBeVisibleAsync();
    }
}
