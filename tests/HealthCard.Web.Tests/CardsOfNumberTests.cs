using System.Net;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Checks;
using HealthCard.App.Features.Portal;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests;

/// <summary>
/// Which card a number stands for (<see cref="CardsOfNumber"/>, issue 15 disagreement 6): one ranking, so the status
/// check's SQL, the lookup's LINQ, the console, the portal and the online check name the same card (the CLI is crossed
/// in HealthCard.Cli.Tests.EveryDoorTests).
/// </summary>
public sealed class CardsOfNumberTests
{
    private static readonly Caller Console = new("console-test", "", new HashSet<string> { Scope.RegistryRead }, Channel.Console);

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task DeadHoldersNumber_OnlineCheckAndStatus_SameAnswerThroughEveryDoor(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var world = await SamWorld.BuildAsync(host);
        var terminal = host.Client(await host.CreateInstitutionKeyAsync("changan-his", "130102", world.Hospital, Scope.ChecksWrite, Scope.RegistryRead));
        await world.InUseAsync("1320000001", "T-0001");
        var (number, serial) = await world.CardAsync();
        var residentId = (await (await world.Client.GetAsync($"/api/v1/cards/{number}")).ReadJsonAsync()).GetProperty("residentId").GetGuid();
        async Task<string> CheckAsync() => (await (await terminal.PostJsonAsync("/api/v1/checks",
            new CheckRequest(number, serial, null, "1320000001", "T-0001", "read"))).ReadJsonAsync()).GetProperty("code").GetString()!;
        (await CheckAsync()).ShouldBe(CheckCodes.Allowed);

        (await world.Client.PostAsync($"/api/v1/residents/{residentId}/death", ResidentApiTests.Json(new { date = "2026-01-02" })))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await CheckAsync()).ShouldBe(CheckCodes.CardCancelled);
        var status = await (await terminal.GetAsync($"/api/v1/cards/{number}/status")).ReadJsonAsync();
        (status.GetProperty("serial").GetString(), status.GetProperty("status").GetString()).ShouldBe((serial, "cancelled"));
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task LivingHolderBeforeDeceased_SameCardThroughEveryDoor(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var draft = Residents.Valid(county: "130105");
        var number = draft.IdNumber!;
        async Task<Guid> RegisterAsync()
        {
            var response = await client.PostJsonAsync("/api/v1/residents", draft);
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        }

        // A registration whose death was recorded, then the same person registered again: the living one's card was
        // cancelled, and it is older than the dead registration's card (the case where the copies disagreed).
        var dead = await RegisterAsync();
        var deadSerial = (await CardApiTests.IssueAsync(client, dead)).GetProperty("serial").GetString()!;
        (await client.PostAsync($"/api/v1/residents/{dead}/death", ResidentApiTests.Json(new { date = "2026-01-02" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var living = await RegisterAsync();
        var livingSerial = (await CardApiTests.IssueAsync(client, living)).GetProperty("serial").GetString()!;
        (await client.PostAsync($"/api/v1/cards/{number}/cancel", ResidentApiTests.Json(new { reason = "voluntary" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await host.WithDbAsync(async db =>
        {
            var older = await db.Cards.SingleAsync(c => c.Serial == livingSerial);
            var newer = await db.Cards.SingleAsync(c => c.Serial == deadSerial);
            db.Entry(older).Property(nameof(Card.IssueDate)).CurrentValue = newer.IssueDate.AddDays(-30);
            await db.SaveChangesAsync();
        });
        await using var scope = host.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var account = new PortalAccount { ResidentId = living, CreatedAt = DateTimeOffset.UtcNow };
        account.SetPassword(sp.GetRequiredService<PortalPasswords>().Hash("abc12345"), DateTimeOffset.UtcNow);
        await host.WithDbAsync(async db =>
        {
            db.PortalAccounts.Add(account);
            await db.SaveChangesAsync();
        });

        var status = await (await client.GetAsync($"/api/v1/cards/{number}/status")).ReadJsonAsync();
        status.GetProperty("serial").GetString().ShouldBe(livingSerial, "status check (prepared SQL)");
        var card = await (await client.GetAsync($"/api/v1/cards/{number}")).ReadJsonAsync();
        card.GetProperty("serial").GetString().ShouldBe(livingSerial, "lookup (LINQ)");
        card.GetProperty("previousCards")[0].GetProperty("serial").GetString().ShouldBe(deadSerial);
        var console = await sp.GetRequiredService<GetCard>().ExecuteAsync(Console,
            (await sp.GetRequiredService<CardStore>().CardNumberOfAsync(Console, living, CancellationToken.None))!, CancellationToken.None);
        console.Value.Serial.ShouldBe(livingSerial, "console resident page");
        var session = await sp.GetRequiredService<PortalSignIn>().ExecuteAsync(new PortalSignInRequest(number, "abc12345", "203.0.113.7"), CancellationToken.None);
        session.Value.CardSerial.ShouldBe(livingSerial, "portal sign-in");
        var own = await sp.GetRequiredService<GetMyCards>().ExecuteAsync(session.Value.ToCaller(), CancellationToken.None);
        own.Value.Cards.Select(c => c.Serial).ShouldBe([livingSerial], "the portal shows the resident's own cards only");
    }
}
