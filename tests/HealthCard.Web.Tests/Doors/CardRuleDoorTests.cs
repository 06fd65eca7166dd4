using System.Net;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Staff;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Doors;

/// <summary>
/// Issue 15, disagreements 2 and 3 for cards. The reason and the caps of a lifecycle operation were enforced only by the
/// console's dialog; the serial and validity of a CLI card were the CLI's own. Each rule now has one home
/// (<see cref="CardOperationRules"/>, <see cref="ReserveCardSerial"/>, <see cref="CardValidity"/>) and every door answers
/// alike. The console door is the resident page's: its dialog hands the typed <see cref="CardOperation"/> to
/// <see cref="ChangeCardStatus"/> as a console caller, which is what these tests do. The CLI's half is in
/// HealthCard.Cli.Tests (<c>OneHomeDoorTests</c>).
/// </summary>
public sealed class CardRuleDoorTests
{
    private static readonly Caller Console = new("staff:clerk", "", StaffRoles.ScopesOf(StaffRoles.CardOperator), Channel.Console);

    /// <summary>The operations that need a reason, with their URL segment (<c>report_loss</c> → <c>report-loss</c>).</summary>
    private static readonly (string Segment, CardTrigger Trigger)[] Operations = [.. Enum.GetValues<CardTrigger>()
        .Where(CardOperationRules.NeedsReason).Select(t => (EnumNames.Of(t).Replace('_', '-'), t))];

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task CardOperationReason_SameAnswerThroughEveryDoor(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(client);
        await CardApiTests.IssueAsync(client, residentId);

        Operations.Length.ShouldBe(6);
        foreach (var (segment, trigger) in Operations)
        {
            foreach (var reason in new[] { null, "   " })
            {
                var api = await DoorAnswer.OfAsync(await client.PostJsonAsync($"/api/v1/cards/{cardNumber}/{segment}", new { reason }));
                var console = DoorAnswer.Of((await ChangeAsync(host, cardNumber, trigger, new CardOperation(reason))).Error!);

                api.Code.ShouldBe("card.invalid", $"{segment} with reason '{reason}'");
                api.Fields.Keys.ShouldBe(["reason"]);
                api.ShouldBeSameAs(console, $"console, {segment}");
            }
        }
        // Nothing was done: the card is still active, and a reason lets the operation through.
        (await (await client.GetAsync($"/api/v1/cards/{cardNumber}/status")).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("active");
        (await ChangeAsync(host, cardNumber, CardTrigger.Freeze, new CardOperation(" 持卡人申请冻结 "))).IsSuccess.ShouldBeTrue();
        var events = await (await client.GetAsync($"/api/v1/cards/{cardNumber}/events")).ReadJsonAsync();
        events.EnumerateArray().Last().GetProperty("reason").GetString().ShouldBe("持卡人申请冻结");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task CardOperationCaps_SameAnswerThroughEveryDoor(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(client);
        await CardApiTests.IssueAsync(client, residentId, "batch");
        var tooLong = new CardOperation(new string('因', CardOperationRules.ReasonMaxLength + 1), new string('人', CardOperationRules.OperatorMaxLength + 1),
            new string('位', CardOperationRules.UnitMaxLength + 1));

        foreach (var (segment, trigger, fields) in new[]
        {
            ("freeze", CardTrigger.Freeze, new[] { "operator", "reason", "unit" }),
            ("activate", CardTrigger.Activate, new[] { "operator", "reason", "unit" }),
        })
        {
            var api = await DoorAnswer.OfAsync(await client.PostJsonAsync($"/api/v1/cards/{cardNumber}/{segment}", tooLong));
            var console = DoorAnswer.Of((await ChangeAsync(host, cardNumber, trigger, tooLong)).Error!);

            api.Fields.Keys.Order(StringComparer.Ordinal).ShouldBe(fields);
            api.ShouldBeSameAs(console, $"console, {segment}");
        }
        // The operator's cap holds for issuance too (the console's issue dialog had it alone).
        var (otherId, _) = await CardApiTests.RegisterAsync(client);
        var issue = new IssueCardRequest(otherId, "hospital", "13010000001", Operator: new string('人', CardOperationRules.OperatorMaxLength + 1));
        var apiIssue = await DoorAnswer.OfAsync(await client.PostJsonAsync("/api/v1/cards", issue));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var consoleIssue = DoorAnswer.Of((await scope.ServiceProvider.GetRequiredService<IssueCard>().ExecuteAsync(Console, issue, CancellationToken.None)).Error!);
            apiIssue.Fields.Keys.ShouldBe(["operator"]);
            apiIssue.ShouldBeSameAs(consoleIssue, "console, issue");
        }
        (await (await client.GetAsync($"/api/v1/cards/{cardNumber}/status")).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("pending");
    }

    /// <summary>
    /// With a validity of five years configured, a card issued through the API and through the console, and the terms the
    /// CLI takes for a card it personalizes, all have serials <see cref="CardRules"/> allows, from the one counter, and
    /// the configured validity.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task IssuedSerialAndValidity_SameAnswerThroughEveryDoor(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database, services: s => s.PostConfigure<HealthCardOptions>(o => o.CardValidityYears = 5));
        var client = host.Client();
        var (first, _) = await CardApiTests.RegisterAsync(client);
        var (second, _) = await CardApiTests.RegisterAsync(client);

        var api = await CardApiTests.IssueAsync(client, first);
        await using var scope = host.Services.CreateAsyncScope();
        var console = (await scope.ServiceProvider.GetRequiredService<IssueCard>()
            .ExecuteAsync(Console, new IssueCardRequest(second, "hospital", "13010000001"), CancellationToken.None)).Value;
        var cli = (await scope.ServiceProvider.GetRequiredService<ReserveCardSerial>()
            .ExecuteAsync(Caller.CommandLine("cli:test"), new CardSerialRequest("130105"), CancellationToken.None)).Value;

        var cards = new[]
        {
            (Door: "api", Serial: api.GetProperty("serial").GetString()!, Issue: DateOnly.Parse(api.GetProperty("issueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Expiry: DateOnly.Parse(api.GetProperty("expiryDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture)),
            (Door: "console", console.Serial, Issue: console.IssueDate, Expiry: console.ExpiryDate),
            (Door: "cli", cli.Serial, Issue: cli.IssueDate, Expiry: cli.ExpiryDate),
        };
        foreach (var card in cards)
        {
            CardRules.IsValidSerial(card.Serial).ShouldBeTrue($"{card.Door}: {card.Serial}");
            card.Expiry.ShouldBe(card.Issue.AddYears(5), card.Door);
        }
        cards.Select(c => c.Serial).ShouldBe([CardRules.Serial("13", 1), CardRules.Serial("13", 2), CardRules.Serial("13", 3)]);

        // A serial the CLI is given is checked by the same rule: the old CLI would take "1300000000".
        var refused = await scope.ServiceProvider.GetRequiredService<ReserveCardSerial>()
            .ExecuteAsync(Caller.CommandLine("cli:test"), new CardSerialRequest("130105", "1300000000"), CancellationToken.None);
        DoorAnswer.Of(refused.Error!).Fields.Keys.ShouldBe(["serial"]);
    }

    private static async Task<Result<CardView>> ChangeAsync(HealthCardHost host, string cardNumber, CardTrigger trigger, CardOperation operation)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChangeCardStatus>().ExecuteAsync(Console, cardNumber, trigger, operation, CancellationToken.None);
    }
}
