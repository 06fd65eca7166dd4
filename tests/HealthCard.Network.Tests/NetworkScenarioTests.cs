using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HealthCard.App.Features.Cards;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Network.Tests;

/// <summary>The network scenarios of issue 16, each on the real four-node network (<see cref="TestNetwork"/>).</summary>
[Collection(nameof(TheNetwork))]
public sealed class NetworkScenarioTests(TestNetwork network)
{
    private static readonly TimeSpan WithinTwoSeconds = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task CardIssuedAtCity_IsActiveAtProvinceAndNationalWithinTwoSeconds_AndCountedInProvinceStatistics()
    {
        var province = network["13"].Client();
        var before = await ActiveCardsAsync(province, "1301");

        var (residentId, cardNumber) = await RegisterAsync(network["1301"].Client(), "130105");
        await IssueAsync(network["1301"].Client(), residentId);

        foreach (var region in new[] { "13", "00" })
        {
            var took = await TestNetwork.EventuallyAsync(async () => await StatusAsync(network[region].Client(), cardNumber) == "active",
                WithinTwoSeconds, $"the card is active at {region}");
            took.ShouldBeLessThan(WithinTwoSeconds);
        }
        // The status may come from the card directory first; the province's statistics count its copy of the card, which
        // its subtree consumer applies within the same two seconds.
        await TestNetwork.EventuallyAsync(async () => await ActiveCardsAsync(province, "1301") == before + 1, WithinTwoSeconds,
            "province 13's statistics count the card");
        // Province 43 answers for it too, from the national card directory.
        await TestNetwork.EventuallyAsync(async () => await StatusAsync(network["43"].Client(), cardNumber) == "active", WithinTwoSeconds, "the card is active at 43");
    }

    [Fact]
    public async Task SameIdNumberAtAnotherProvince_IsDuplicateNational_AndWithNationalStopped_IssuanceIsRefusedAndCreatesNothing()
    {
        var (_, cardNumber) = await RegisterAsync(network["1301"].Client(), "130105");
        var again = Residents.Valid(cardNumber, "430405");
        var duplicate = await network["43"].Client().PostJsonAsync("/api/v1/residents", again);
        await ShouldBeProblemAsync(duplicate, HttpStatusCode.Conflict, "resident.duplicate_national");

        var (otherId, otherNumber) = await RegisterAsync(network["43"].Client(), "430405");
        await network.StopAsync("00");
        try
        {
            var refused = await network["43"].Client().PostJsonAsync("/api/v1/cards", new IssueCardRequest(otherId, "hospital", "43010000001", "6222020200112345679"));
            await ShouldBeProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "network.national_unreachable");
            (await network["43"].Client().GetAsync($"/api/v1/cards/{otherNumber}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        finally
        {
            network.Restart("00");
        }
        // Nowhere afterwards either: not at national once it is back and has caught up, nor at the province.
        await TestNetwork.EventuallyAsync(async () => (await network["00"].Client().GetAsync($"/api/v1/residents?idNumber={otherNumber}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), "national is back");
        (await network["00"].Client().GetAsync($"/api/v1/cards/{otherNumber}/status")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await network["43"].Client().GetAsync($"/api/v1/cards/{otherNumber}/status")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LossReportedAtAnotherProvince_TakesEffectAtTheOwner_EveryNodeAnswersReportedLost_And43sBlacklistCarriesIt()
    {
        var city = network["1301"].Client();
        var (residentId, cardNumber) = await RegisterAsync(city, "130105");
        var serial = (await IssueAsync(city, residentId)).GetProperty("serial").GetString();
        await TestNetwork.EventuallyAsync(async () => await StatusAsync(network["43"].Client(), cardNumber) == "active", WithinTwoSeconds, "43 knows the card");

        var reported = await network["43"].Client().PostAsJsonAsync($"/api/v1/cards/{cardNumber}/report-loss", new { reason = "在长沙就医时遗失" });
        reported.StatusCode.ShouldBe(HttpStatusCode.OK, await reported.Content.ReadAsStringAsync());
        (await StatusAsync(city, cardNumber)).ShouldBe("reported_lost"); // applied at the owner, synchronously
        foreach (var region in TestNetwork.Regions)
        {
            await TestNetwork.EventuallyAsync(async () => await StatusAsync(network[region].Client(), cardNumber) == "reported_lost",
                WithinTwoSeconds, $"{region} answers reported_lost");
        }
        await KeysAsync(network["43"]);
        var terminal = network["43"].Client(await network["43"].CreateKeyAsync("terminal-feed-" + Guid.NewGuid().ToString("N")[..6], "43", "checks:write"));
        var list = await terminal.GetFromJsonAsync<JsonElement>("/api/v1/blacklist");
        var payload = JsonDocument.Parse(list.GetProperty("payload").GetString()!).RootElement;
        payload.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("serial").GetString()).ShouldContain(serial);
    }

    [Fact]
    public async Task ResidentMovedFrom1301To4304_IsOwnedBy43Afterwards_And1301RefusesChangesToIt()
    {
        var city = network["1301"].Client();
        var (residentId, _) = await RegisterAsync(city, "130105");
        await IssueAsync(city, residentId);
        var corrected = await city.PatchAsync($"/api/v1/residents/{residentId}", JsonContent.Create(new { name = "李四", reason = "更正姓名" }));
        corrected.StatusCode.ShouldBe(HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());

        var moved = await city.PatchAsync($"/api/v1/residents/{residentId}", JsonContent.Create(new { regionCode = "430405", reason = "户籍迁至长沙" }));
        moved.StatusCode.ShouldBe(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());

        // 43 owns it now, with its history, and changes it.
        var atNew = network["43"].Client();
        var changed = await atNew.PatchAsync($"/api/v1/residents/{residentId}", JsonContent.Create(new { name = "李四四", reason = "迁入后更正" }));
        changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        var history = await atNew.GetFromJsonAsync<JsonElement>($"/api/v1/residents/{residentId}/history");
        history.ToString().ShouldContain("户籍迁至长沙");

        // 1301 keeps a read-only copy of the history and refuses changes.
        var refused = await city.PatchAsync($"/api/v1/residents/{residentId}", JsonContent.Create(new { name = "王五", reason = "试图修改" }));
        await ShouldBeProblemAsync(refused, HttpStatusCode.Conflict, "network.not_owner");
        (await city.GetAsync($"/api/v1/residents/{residentId}/history")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Every tier that held 1301's copy now holds 43's, with 43's change.
        foreach (var region in new[] { "00", "13" })
        {
            await TestNetwork.EventuallyAsync(async () =>
            {
                string? owner = null;
                string? name = null;
                await network[region].WithDbAsync(async db =>
                {
                    var row = await db.Residents.AsNoTracking().Where(r => r.Id == residentId)
                        .Select(r => new { Owner = EF.Property<string?>(r, "CopyOwner"), r.Name, r.RegionCode }).SingleAsync();
                    owner = row.Owner;
                    name = row.RegionCode;
                });
                return owner == "43" && name == "430405";
            }, TimeSpan.FromSeconds(5), $"{region} holds the resident as 43's");
        }
    }

    internal static async Task<(Guid ResidentId, string CardNumber)> RegisterAsync(HttpClient client, string county)
    {
        var draft = Residents.Valid(county: county);
        var response = await client.PostJsonAsync("/api/v1/residents", draft);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.ReadJsonAsync()).GetProperty("id").GetGuid(), draft.IdNumber!);
    }

    internal static async Task<JsonElement> IssueAsync(HttpClient client, Guid residentId)
    {
        var response = await client.PostJsonAsync("/api/v1/cards", new IssueCardRequest(residentId, "hospital", "13010000001", "6222020200112345679"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    internal static async Task<string?> StatusAsync(HttpClient client, string cardNumber)
    {
        var response = await client.GetAsync($"/api/v1/cards/{cardNumber}/status");
        return response.StatusCode == HttpStatusCode.OK ? (await response.ReadJsonAsync()).GetProperty("status").GetString() : null;
    }

    internal static async Task<long> ActiveCardsAsync(HttpClient client, string region)
    {
        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/stats?region={region}");
        return stats.GetProperty("total").GetProperty("cards").TryGetProperty("active", out var active) ? active.GetInt64() : 0;
    }

    internal static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        JsonDocument.Parse(body).RootElement.GetProperty("code").GetString().ShouldBe(code, body);
    }

    /// <summary>The platform signing key a node's lists are signed with (a key ceremony at that node).</summary>
    private static async Task KeysAsync(HealthCardHost node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var ceremony = scope.ServiceProvider.GetRequiredService<HealthCard.App.Features.Keys.KeyCeremony>();
        await ceremony.InitAsync(HealthCard.App.Common.Caller.CommandLine("ceremony"), 3, 2, CancellationToken.None);
    }
}

[CollectionDefinition(nameof(TheNetwork))]
public sealed class TheNetwork : ICollectionFixture<TestNetwork>;
