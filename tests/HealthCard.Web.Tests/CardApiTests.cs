using System.Net;
using System.Text.Json;
using HealthCard.App.Features.Cards;
using HealthCard.TestKit;

namespace HealthCard.Web.Tests;

public sealed class CardApiTests
{
    internal static async Task<(Guid ResidentId, string CardNumber)> RegisterAsync(HttpClient client, string county = "130105")
    {
        var draft = Residents.Valid(county: county);
        var response = await client.PostJsonAsync("/api/v1/residents", draft);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return ((await response.ReadJsonAsync()).GetProperty("id").GetGuid(), draft.IdNumber!);
    }

    internal static async Task<JsonElement> IssueAsync(HttpClient client, Guid residentId, string mode = "hospital")
    {
        var response = await client.PostJsonAsync("/api/v1/cards", new IssueCardRequest(residentId, mode, "13010000001", "6222020200112345679"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Issue_HospitalMode_IsActiveAtOnceWithSerialAndRecords(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var (residentId, cardNumber) = await RegisterAsync(client);

        var card = await IssueAsync(client, residentId);

        card.GetProperty("cardNumber").GetString().ShouldBe(cardNumber);
        card.GetProperty("status").GetString().ShouldBe("active");
        card.GetProperty("serial").GetString()!.ShouldMatch("^13[0-9]{8}$");
        card.GetProperty("cityCode").GetString().ShouldBe("130100");
        card.GetProperty("issuanceMode").GetString().ShouldBe("hospital");
        card.GetProperty("bankCardNumber").GetString().ShouldBe("6222020200112345679");
        card.GetProperty("production").GetProperty("unit").GetString().ShouldBe("13010000001");
        card.GetProperty("issuance").GetProperty("unit").GetString().ShouldBe("13010000001");
        var status = await (await client.GetAsync($"/api/v1/cards/{cardNumber}/status")).ReadJsonAsync();
        status.GetProperty("status").GetString().ShouldBe("active");
        status.GetProperty("serial").GetString().ShouldBe(card.GetProperty("serial").GetString());
    }

    [Fact]
    public async Task Issue_BatchMode_StaysPendingUntilActivated()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();
        var (residentId, cardNumber) = await RegisterAsync(client);

        (await IssueAsync(client, residentId, "batch")).GetProperty("status").GetString().ShouldBe("pending");
        var activated = await client.PostAsync($"/api/v1/cards/{cardNumber}/activate", null);

        (await activated.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("active");
    }

    [Fact]
    public async Task Issue_InvalidBody_Returns400WithFieldErrors()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();
        var (residentId, _) = await RegisterAsync(client);

        var response = await client.PostJsonAsync("/api/v1/cards", new IssueCardRequest(residentId, "drone", "ABC", "6222020200112345670", "XYZ"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("card.invalid");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)
            .ShouldBe(["issuanceMode", "issuerCode", "bankCardNumber", "chipSerial"], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Issue_SecondCardWhileFirstIsCurrent_Returns409AlreadyIssued(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var (residentId, _) = await RegisterAsync(client);
        await IssueAsync(client, residentId);

        var second = await client.PostJsonAsync("/api/v1/cards", new IssueCardRequest(residentId, "hospital", "13010000001"));

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("card.already_issued");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task LossThenReplace_StatusShowsTheNewSerial_AndTheOldCardIsReplaced(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var (residentId, cardNumber) = await RegisterAsync(client);
        var oldSerial = (await IssueAsync(client, residentId)).GetProperty("serial").GetString();

        var lost = await client.PostAsync($"/api/v1/cards/{cardNumber}/report-loss", ResidentApiTests.Json(new { reason = "钱包丢失", @operator = "窗口1" }));
        (await lost.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("reported_lost");
        var replaced = await client.PostAsync($"/api/v1/cards/{cardNumber}/replace", ResidentApiTests.Json(new { reason = "补卡" }));

        replaced.StatusCode.ShouldBe(HttpStatusCode.OK);
        var newCard = await replaced.ReadJsonAsync();
        var newSerial = newCard.GetProperty("serial").GetString();
        newSerial.ShouldNotBe(oldSerial);
        newCard.GetProperty("status").GetString().ShouldBe("active");
        newCard.GetProperty("replacesSerial").GetString().ShouldBe(oldSerial);
        var status = await (await client.GetAsync($"/api/v1/cards/{cardNumber}/status")).ReadJsonAsync();
        status.GetProperty("serial").GetString().ShouldBe(newSerial);
        status.GetProperty("status").GetString().ShouldBe("active");
        var card = await (await client.GetAsync($"/api/v1/cards/{cardNumber}")).ReadJsonAsync();
        card.GetProperty("serial").GetString().ShouldBe(newSerial);
        var previous = card.GetProperty("previousCards")[0];
        previous.GetProperty("serial").GetString().ShouldBe(oldSerial);
        previous.GetProperty("status").GetString().ShouldBe("replaced");
        var events = await (await client.GetAsync($"/api/v1/cards/{cardNumber}/events")).ReadJsonAsync();
        events.EnumerateArray().Select(e => $"{e.GetProperty("serial").GetString()}:{e.GetProperty("action").GetString()}").ShouldBe(
            [$"{oldSerial}:issue", $"{oldSerial}:activate", $"{oldSerial}:report_loss", $"{oldSerial}:replace", $"{newSerial}:issue", $"{newSerial}:activate"]);
        var loss = events[2];
        loss.GetProperty("reason").GetString().ShouldBe("钱包丢失");
        loss.GetProperty("operator").GetString().ShouldBe("窗口1");
        loss.GetProperty("channel").GetString().ShouldBe("api");
        loss.GetProperty("actor").GetString().ShouldBe("bootstrap-admin");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task FreezeUnfreezeAndCancelLoss_FollowTheTable(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var (residentId, cardNumber) = await RegisterAsync(client);
        await IssueAsync(client, residentId);

        async Task<string> Do(string operation) =>
            (await (await client.PostAsync($"/api/v1/cards/{cardNumber}/{operation}", ResidentApiTests.Json(new { reason = "测试" }))).ReadJsonAsync()).GetProperty("status").GetString()!;

        (await Do("freeze")).ShouldBe("frozen");
        (await Do("unfreeze")).ShouldBe("active");
        (await Do("report-loss")).ShouldBe("reported_lost");
        (await Do("cancel-loss")).ShouldBe("active");
    }

    [Fact]
    public async Task InvalidTransition_Returns409NamingStatusAndTrigger()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();
        var (residentId, cardNumber) = await RegisterAsync(client);
        await IssueAsync(client, residentId);

        var response = await client.PostAsync($"/api/v1/cards/{cardNumber}/unfreeze", ResidentApiTests.Json(new { reason = "测试" }));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await response.ReadJsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("card.invalid_transition");
        problem.GetProperty("status").GetString().ShouldBe("active");
        problem.GetProperty("trigger").GetString().ShouldBe("unfreeze");
    }

    [Fact]
    public async Task Cancel_RequiresAKnownReason_AndIsFinal()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();
        var (residentId, cardNumber) = await RegisterAsync(client);
        await IssueAsync(client, residentId);

        var noReason = await client.PostAsync($"/api/v1/cards/{cardNumber}/cancel", ResidentApiTests.Json(new { reason = "bored" }));
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var cancelled = await client.PostAsync($"/api/v1/cards/{cardNumber}/cancel", ResidentApiTests.Json(new { reason = "voluntary" }));
        (await cancelled.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("cancelled");

        var afterwards = await client.PostAsync($"/api/v1/cards/{cardNumber}/freeze", ResidentApiTests.Json(new { reason = "测试" }));
        afterwards.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        // A cancelled card frees the resident for a new card.
        (await IssueAsync(client, residentId)).GetProperty("status").GetString().ShouldBe("active");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Death_CancelsTheCardsAndBlocksNewOnes(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var (residentId, cardNumber) = await RegisterAsync(client);
        var serial = (await IssueAsync(client, residentId)).GetProperty("serial").GetString();

        var death = await client.PostAsync($"/api/v1/residents/{residentId}/death", ResidentApiTests.Json(new { date = "2026-01-02" }));

        death.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await death.ReadJsonAsync()).GetProperty("cancelledCardSerials")[0].GetString().ShouldBe(serial);
        var status = await (await client.GetAsync($"/api/v1/cards/{cardNumber}/status")).ReadJsonAsync();
        status.GetProperty("status").GetString().ShouldBe("cancelled");
        var events = await (await client.GetAsync($"/api/v1/cards/{cardNumber}/events")).ReadJsonAsync();
        events[events.GetArrayLength() - 1].GetProperty("reason").GetString().ShouldBe("death");
        var again = await client.PostJsonAsync("/api/v1/cards", new IssueCardRequest(residentId, "hospital", "13010000001"));
        (await again.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("resident.deceased");
    }

    [Fact]
    public async Task UnknownCard_Returns404()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);

        var response = await host.Client().GetAsync($"/api/v1/cards/{IdNumbers.Next()}/status");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("not_found");
    }
}
