using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Blacklists;
using HealthCard.App.Features.Usage;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Keys;

namespace HealthCard.Web.Tests.Registry;

public sealed class UsageAndListTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task UsageBatch_KeepsGoodEvents_ReportsBadOnes_AndIsNotDoubleCountedWhenResent(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var hospital = await RegistrySetup.InstitutionAsync(admin);
        var elsewhere = await RegistrySetup.InstitutionAsync(admin, "medical", "130602");
        var product = await RegistrySetup.ApprovedProductAsync(host, admin, "terminal");
        (await admin.PostJsonAsync("/api/v1/terminals", new HealthCard.App.Features.Terminals.TerminalRequest("T-0001", product, hospital)))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(admin);
        var serial = (await CardApiTests.IssueAsync(admin, residentId)).GetProperty("serial").GetString()!;
        var his = host.Client(await host.CreateInstitutionKeyAsync("changan-his", "130102", hospital, Scope.ChecksWrite, Scope.RegistryRead));
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        UsageEventRequest Event(string id, string kind, int minutes, string? institution = null) =>
            new(id, cardNumber, serial, institution ?? hospital, "T-0001", "1320000001", at.AddMinutes(minutes), kind);
        var batch = new UsageBatchRequest([
            Event("e-1", "outpatient_visit", 0), Event("e-2", "prescription", 5), Event("e-3", "payment", 9),
            Event("e-4", "teleport", 10), Event("e-5", "lab", 11, elsewhere), Event("e-1", "outpatient_visit", 0),
            new UsageEventRequest(null, null, "12", hospital, null, null, DateTimeOffset.UtcNow.AddDays(3), "lab"),
        ]);

        var first = await (await his.PostJsonAsync("/api/v1/usage-events", batch)).ReadJsonAsync();
        first.GetProperty("accepted").GetInt32().ShouldBe(3);
        first.GetProperty("duplicates").GetInt32().ShouldBe(1);
        var rejected = first.GetProperty("rejected").EnumerateArray().ToList();
        rejected.Select(r => r.GetProperty("index").GetInt32()).ShouldBe([3, 4, 6]);
        rejected[0].GetProperty("errors").GetProperty("kind")[0].GetString()!.ShouldContain("事件类型");
        rejected[1].GetProperty("errors").GetProperty("institutionCode").GetArrayLength().ShouldBe(2);
        rejected[2].GetProperty("errors").EnumerateObject().Select(p => p.Name)
            .ShouldBe(["clientEventId", "cardNumber", "cardSerial", "terminalSerial", "occurredAt"], ignoreOrder: true);

        var resent = await (await his.PostJsonAsync("/api/v1/usage-events", batch)).ReadJsonAsync();
        resent.GetProperty("accepted").GetInt32().ShouldBe(0);
        resent.GetProperty("duplicates").GetInt32().ShouldBe(4);

        var byCard = await (await admin.GetAsync($"/api/v1/cards/{cardNumber}/usage")).ReadJsonAsync();
        byCard.GetProperty("total").GetInt64().ShouldBe(3);
        byCard.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ShouldBe(["payment", "prescription", "outpatient_visit"]);
        var byInstitution = await (await his.GetAsync($"/api/v1/institutions/{hospital}/usage?from={Uri.EscapeDataString(at.AddMinutes(1).ToString("O"))}"))
            .ReadJsonAsync();
        byInstitution.GetProperty("total").GetInt64().ShouldBe(2);
        (await his.GetAsync($"/api/v1/institutions/{elsewhere}/usage")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var tooBig = new UsageBatchRequest([.. Enumerable.Range(0, 1001).Select(i => Event($"b-{i}", "read", 0))]);
        await (await his.PostJsonAsync("/api/v1/usage-events", tooBig)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "usage.invalid");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task BlacklistDelta_AfterALoss_HoldsTheCard_AndItsSignatureVerifies(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await KeyTestKit.InitAsync(host);
        var admin = host.Client();
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(admin);
        var serial = (await CardApiTests.IssueAsync(admin, residentId)).GetProperty("serial").GetString();
        var (otherId, otherNumber) = await CardApiTests.RegisterAsync(admin, "130602");
        await CardApiTests.IssueAsync(admin, otherId);
        var terminal = host.Client(await host.CreateKeyAsync("terminal-feed", "1301", Scope.ChecksWrite));
        var platformKey = Convert.FromHexString((await (await terminal.GetAsync("/api/v1/keys/platform-signing-key")).ReadJsonAsync())
            .GetProperty("publicKey").GetString()!);

        var before = await Download(terminal, "/api/v1/blacklist");
        before.Verify(platformKey).ShouldBeTrue();
        var start = Payload(before);
        start.Entries.ShouldBeEmpty();

        (await admin.PostAsync($"/api/v1/cards/{cardNumber}/report-loss", ResidentApiTests.Json(new { reason = "测试" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/v1/cards/{otherNumber}/report-loss", ResidentApiTests.Json(new { reason = "测试" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var delta = await Download(terminal, $"/api/v1/blacklist?since={start.Version}");

        delta.Verify(platformKey).ShouldBeTrue();
        var lost = Payload(delta);
        lost.Region.ShouldBe("1301");
        lost.Since.ShouldBe(start.Version);
        // Only the Shijiazhuang card: the Baoding one is outside this terminal feed's region.
        lost.Entries.ShouldBe([new ListEntry(serial!, HealthCard.Domain.Cards.CardStatus.ReportedLost, "add")]);

        (await admin.PostAsync($"/api/v1/cards/{cardNumber}/cancel-loss", ResidentApiTests.Json(new { reason = "测试" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/v1/cards/{cardNumber}/freeze", ResidentApiTests.Json(new { reason = "测试" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        Payload(await Download(terminal, $"/api/v1/blacklist?since={lost.Version}")).Entries.Single().Action.ShouldBe("remove");
        var grey = Payload(await Download(terminal, "/api/v1/greylist"));
        grey.List.ShouldBe("grey");
        grey.Entries.Single().Serial.ShouldBe(serial);

        // Tampering with the list, or presenting another key, fails.
        (delta with { Payload = delta.Payload.Replace(serial!, "1399999999", StringComparison.Ordinal) }).Verify(platformKey).ShouldBeFalse();
        var otherKey = HealthCard.Crypto.Sm2.Sm2Algorithm.GenerateKey();
        delta.Verify(otherKey.PublicKey).ShouldBeFalse();
    }

    private static async Task<SignedList> Download(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SignedList>(HealthCardHost.Json))!;
    }

    private static ListPayload Payload(SignedList list) => JsonSerializer.Deserialize<ListPayload>(list.Payload, ApiJson.Options)!;
}
