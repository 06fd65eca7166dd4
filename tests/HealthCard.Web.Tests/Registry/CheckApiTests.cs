using System.Net;
using HealthCard.App.Common;
using HealthCard.App.Features.Checks;
using HealthCard.TestKit;

namespace HealthCard.Web.Tests.Registry;

/// <summary>The online check end to end: a card, SAMs and terminals put in every refusable state, and the exact code for each.</summary>
public sealed class CheckApiTests
{
    private static async Task<string> CheckAsync(HttpClient client, string cardNumber, string serial, string sam, string terminal,
        string operation = "read", string? chip = null, string[]? items = null)
    {
        var response = await client.PostJsonAsync("/api/v1/checks", new CheckRequest(cardNumber, serial, chip, sam, terminal, operation, items));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var answer = await response.ReadJsonAsync();
        answer.GetProperty("message").GetString().ShouldBe(CheckCodes.Messages[answer.GetProperty("code").GetString()!].Zh);
        return answer.GetProperty("code").GetString()!;
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task EveryRefusableState_GetsItsExactCode(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var world = await SamWorld.BuildAsync(host);
        var admin = world.Client;
        var terminal = host.Client(await host.CreateInstitutionKeyAsync("changan-his", "130102", world.Hospital, Scope.ChecksWrite, Scope.RegistryRead));
        await world.InUseAsync("1320000001", "T-0001");
        var (card, serial) = await world.CardAsync(chipSerial: "A1B2C3D4E5F60708");
        async Task Expect(string code, string sam = "1320000001", string device = "T-0001", string operation = "read", string? number = null,
            string? cardSerial = null, string? chip = null, string[]? items = null) =>
            (await CheckAsync(terminal, number ?? card, cardSerial ?? serial, sam, device, operation, chip, items)).ShouldBe(code);

        await Expect("0000");
        await Expect("0000", operation: "write", chip: "a1b2c3d4e5f60708");

        // Parameters.
        (await CheckAsync(terminal, card, "", "1320000001", "T-0001")).ShouldBe("2001");
        (await CheckAsync(terminal, "", serial, "1320000001", "T-0001")).ShouldBe("3002");
        (await CheckAsync(terminal, card, serial, "", "T-0001")).ShouldBe("4001");
        (await CheckAsync(terminal, card, serial, "1320000001", "")).ShouldBe("6001");
        await Expect("2002", operation: "erase");
        await Expect("2009", chip: "FFFFFFFFFFFFFFFF");

        // Things that do not exist, or that the caller cannot see.
        await Expect("6005", device: "T-NOWHERE");
        await Expect("4005", sam: "1399999999");
        await Expect("3001", number: Residents.Valid().IdNumber);
        await Expect("3001", cardSerial: "1399999999");
        var qiaoxi = await RegistrySetup.InstitutionAsync(admin, "medical", "130104", "石家庄市桥西区医院");
        var otherDistrict = host.Client(await host.CreateInstitutionKeyAsync("qiaoxi-his", "130104", qiaoxi, Scope.ChecksWrite));
        (await CheckAsync(otherDistrict, card, serial, "1320000001", "T-0001")).ShouldBe("6005");

        // SAMs not in use, of the wrong type, or in another terminal.
        await world.StockInAsync(2, "1320000002");
        await Expect("4007", sam: "1320000002");
        await world.StockOutAsync("1320000002");
        await Expect("4007", sam: "1320000002");
        await world.InUseAsync("1310000001", "T-0002", type: 1);
        await Expect("0000", sam: "1310000001", device: "T-0002");
        await Expect("4008", sam: "1310000001", device: "T-0002", operation: "write");
        await world.InUseAsync("1330000001", "T-0003", type: 3);
        await Expect("0000", sam: "1330000001", device: "T-0003", operation: "write", items: ["DF02EF05"]);
        await Expect("4008", sam: "1330000001", device: "T-0003", operation: "write", items: ["DF03EE01"]);
        await Expect("7001", sam: "1310000001", device: "T-0001");

        // A SAM moved to another terminal answers 7001 until it is re-bound there.
        await world.TerminalAsync("T-0004");
        await Expect("7001", device: "T-0004");
        (await world.BindAsync("1320000001", "T-0004")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("0000", device: "T-0004");
        await Expect("7001", device: "T-0001");
        (await world.BindAsync("1320000001", "T-0001")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The SAM's states.
        foreach (var (operation, code, undo) in new[] { ("freeze", "4002", "unfreeze"), ("lock", "4006", "unlock") })
        {
            (await admin.PostAsync($"/api/v1/sams/1320000001/{operation}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
            await Expect(code);
            (await admin.PostAsync($"/api/v1/sams/1320000001/{undo}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
            await Expect("0000");
        }
        (await admin.PostAsync("/api/v1/sams/1320000001/report-loss", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("4004");
        (await admin.PostAsync("/api/v1/sams/1320000001/recover", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("4007");
        (await world.BindAsync("1320000001", "T-0001")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("0000");

        // The terminal's states, and its institution's.
        (await admin.PostAsync($"/api/v1/institutions/{world.Hospital}/suspend", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("6006");
        (await admin.PostAsync($"/api/v1/institutions/{world.Hospital}/reactivate", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync("/api/v1/terminals/T-0001/freeze", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("6002");
        (await admin.PostAsync("/api/v1/terminals/T-0001/unfreeze", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("0000");

        // The card's states.
        foreach (var (operation, code, undo) in new[] { ("freeze", "2005", "unfreeze"), ("report-loss", "2003", "cancel-loss") })
        {
            (await admin.PostAsync($"/api/v1/cards/{card}/{operation}", ResidentApiTests.Json(new { reason = "测试" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
            await Expect(code);
            (await admin.PostAsync($"/api/v1/cards/{card}/{undo}", ResidentApiTests.Json(new { reason = "测试" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var replaced = await (await admin.PostAsync($"/api/v1/cards/{card}/replace", ResidentApiTests.Json(new { reason = "测试" }))).ReadJsonAsync();
        var newSerial = replaced.GetProperty("serial").GetString()!;
        await Expect("2006");
        await Expect("0000", cardSerial: newSerial);
        var (pendingCard, pendingSerial) = await world.CardAsync("batch");
        await Expect("2007", number: pendingCard, cardSerial: pendingSerial);
        (await admin.PostAsync($"/api/v1/products/{world.CardProduct}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("2008", cardSerial: newSerial);
        (await admin.PostJsonAsync($"/api/v1/cards/{card}/cancel", new { reason = "voluntary" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("2004", cardSerial: newSerial);

        // The remaining terminal and SAM states, which end their life.
        (await admin.PostAsync("/api/v1/terminals/T-0002/report-loss", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("6004", sam: "1310000001", device: "T-0002");
        (await admin.PostAsync("/api/v1/terminals/T-0002/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("6003", sam: "1310000001", device: "T-0002");
        (await admin.PostAsync("/api/v1/sams/1330000001/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Expect("4003", sam: "1330000001", device: "T-0003");

        // Every check was recorded as a card-use event, with its answer.
        var usage = await (await admin.GetAsync($"/api/v1/cards/{card}/usage?pageSize=500")).ReadJsonAsync();
        var codes = usage.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("resultCode").GetString()).ToList();
        codes.ShouldContain("2006");
        codes.ShouldContain("4006");
        codes.ShouldContain("7001");
        usage.GetProperty("items").EnumerateArray().ShouldAllBe(e => e.GetProperty("source").GetString() == "changan-his" || e.GetProperty("source").GetString() == "qiaoxi-his");
    }

    [Fact]
    public async Task Check_NeedsTheChecksScope()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var reader = host.Client(await host.CreateKeyAsync("reader", "", Scope.RegistryRead));

        var response = await reader.PostJsonAsync("/api/v1/checks", new CheckRequest("x", "1", null, "1", "1", "read"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }
}
