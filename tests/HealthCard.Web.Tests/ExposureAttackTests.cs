using System.Globalization;
using System.Net;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Blacklists;
using HealthCard.App.Features.Checks;
using HealthCard.App.Features.Products;
using HealthCard.App.Features.Terminals;
using HealthCard.App.Features.Usage;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Keys;
using HealthCard.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.Web.Tests;

/// <summary>
/// Issue 14, findings 2, 3, 10, 11, 14 and the exposure part of 8, replayed as the attacks that succeeded: each request
/// that worked before is refused now (or no longer gives away what it gave).
/// </summary>
public sealed class ExposureAttackTests
{
    // ---- Finding 2: masked ID numbers unmasked with the birth date every view returned. ----

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Finding2_ReaderWithoutPii_CannotRebuildTheIdNumber_FromAnyResidentOrCardEndpoint(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(admin);
        await CardApiTests.IssueAsync(admin, residentId);
        (await admin.PatchAsync($"/api/v1/residents/{residentId}", JsonContent("""{"occupation":"3","reason":"职业变更"}"""))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var (birthDate, _) = IdNumbers.Facts(cardNumber);
        // A read-only integration key, as the attack used.
        var reader = host.Client(await host.CreateKeyAsync("readonly-integration", "", Scope.RegistryRead));

        string[] urls =
        [
            $"/api/v1/residents/{residentId}",
            $"/api/v1/residents?idNumber={cardNumber}",
            $"/api/v1/residents/{residentId}/history",
            $"/api/v1/cards/{cardNumber}",
            $"/api/v1/cards/{cardNumber}/status",
            $"/api/v1/cards/{cardNumber}/events",
            $"/api/v1/cards/{cardNumber}/usage",
        ];
        foreach (var url in urls)
        {
            var response = await reader.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            ShouldHoldNothingToRebuild(await response.Content.ReadAsStringAsync(), cardNumber, birthDate, url);
        }

        var resident = await (await reader.GetAsync($"/api/v1/residents/{residentId}")).ReadJsonAsync();
        resident.GetProperty("masked").GetBoolean().ShouldBeTrue();
        resident.GetProperty("birthDate").ValueKind.ShouldBe(JsonValueKind.Null);
        resident.GetProperty("birthYear").GetInt32().ShouldBe(int.Parse(birthDate[..4], CultureInfo.InvariantCulture));
        resident.GetProperty("health").ValueKind.ShouldBe(JsonValueKind.Null);
        resident.GetProperty("ncmsNumber").ValueKind.ShouldBe(JsonValueKind.Null);
        resident.GetProperty("healthRecordNumber").ValueKind.ShouldBe(JsonValueKind.Null);
        resident.GetProperty("contacts")[0].GetProperty("name").GetString().ShouldBe("联**");
        resident.GetProperty("phones")[0].GetString()!.ShouldNotEndWith(Residents.Phone[^4..]);

        // With pii:read the same endpoint shows everything (and the read is audited: finding 8).
        var full = await (await admin.GetAsync($"/api/v1/residents/{residentId}")).ReadJsonAsync();
        full.GetProperty("idNumber").GetString().ShouldBe(cardNumber);
        full.GetProperty("birthDate").GetString().ShouldBe(birthDate);
        full.GetProperty("masked").GetBoolean().ShouldBeFalse();
    }

    /// <summary>No birth date in any form, and no run of 7 characters of the ID number (ADR 017 allows none; 6 is the region code).</summary>
    internal static void ShouldHoldNothingToRebuild(string text, string idNumber, string birthDate, string where)
    {
        text.ShouldNotContain(birthDate, customMessage: where);
        text.ShouldNotContain(birthDate.Replace("-", "", StringComparison.Ordinal), customMessage: where);
        for (var i = 0; i + 7 <= idNumber.Length; i++)
        {
            text.ShouldNotContain(idNumber.Substring(i, 7), customMessage: $"{where} holds ID characters {i}–{i + 6}");
        }
        text.ShouldNotContain("青霉素", customMessage: where);
        text.ShouldNotContain("NCMS00000001", customMessage: where);
    }

    // ---- Finding 8 (part): reads of personal data are audited. ----

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Finding8_ResidentReadsWithPii_AreAudited_MaskedReadsAreNot(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(admin);
        var reader = host.Client(await host.CreateKeyAsync("reader", "", Scope.RegistryRead));
        var piiReader = host.Client(await host.CreateKeyAsync("pii-reader", "13", Scope.RegistryRead, Scope.PiiRead));

        (await reader.GetAsync($"/api/v1/residents/{residentId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AuditAsync(host, e => e.Action.StartsWith("resident.") && e.Action != "resident.register")).ShouldBeEmpty();

        (await piiReader.GetAsync($"/api/v1/residents/{residentId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await piiReader.GetAsync($"/api/v1/residents?idNumber={cardNumber}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await piiReader.GetAsync($"/api/v1/residents/{residentId}/history")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var reads = await AuditAsync(host, e => e.Actor == "pii-reader");
        reads.Select(e => e.Action).ShouldBe(["resident.read", "resident.search", "resident.history"]);
        reads.ShouldAllBe(e => e.RegionCode == "130105" && e.Outcome == "success");
        reads[0].TargetId.ShouldBe(residentId.ToString());
        reads.ShouldAllBe(e => e.Details == null || !e.Details.Contains(cardNumber));
    }

    // ---- Finding 3: the blacklist gave every card with its full number to any registry:read key, unpaged, unaudited. ----

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Finding3_BlacklistSinceZero_HoldsOnlyCardsToRefuse_BySerial_Paged_Audited_ForChecksWriteOnly(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await KeyTestKit.InitAsync(host);
        var admin = host.Client();
        var cards = new List<(string Number, string Serial)>();
        for (var i = 0; i < 4; i++)
        {
            var (residentId, number) = await CardApiTests.RegisterAsync(admin);
            cards.Add((number, (await CardApiTests.IssueAsync(admin, residentId)).GetProperty("serial").GetString()!));
        }
        (await admin.PostAsync($"/api/v1/cards/{cards[0].Number}/report-loss", ResidentApiTests.Json(new { reason = "测试" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/v1/cards/{cards[1].Number}/freeze", ResidentApiTests.Json(new { reason = "测试" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/v1/cards/{cards[1].Number}/unfreeze", ResidentApiTests.Json(new { reason = "测试" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostJsonAsync($"/api/v1/cards/{cards[2].Number}/cancel", new { reason = "voluntary" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The attack: a registry:read key asks for everything since version 0.
        var readKey = host.Client(await host.CreateKeyAsync("registry-reader", "", Scope.RegistryRead));
        await (await readKey.GetAsync("/api/v1/blacklist?since=0")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");

        var feed = host.Client(await host.CreateKeyAsync("terminal-feed", "13", Scope.ChecksWrite));
        var all = await DownloadAsync(feed, "/api/v1/blacklist?since=0");
        all.Entries.Select(e => e.Serial).ShouldBe(new[] { cards[0].Serial, cards[2].Serial }.Order(StringComparer.Ordinal));
        all.Entries.ShouldAllBe(e => e.Action == "add");
        all.Total.ShouldBe(2);
        var text = (await feed.GetStringAsync("/api/v1/blacklist?since=0"));
        cards.ShouldAllBe(c => !text.Contains(c.Number, StringComparison.Ordinal));
        text.ShouldNotContain("cardNumber");

        // Paged: one entry a page, the total in every page.
        var first = await DownloadAsync(feed, "/api/v1/blacklist?page=1&pageSize=1");
        var second = await DownloadAsync(feed, "/api/v1/blacklist?page=2&pageSize=1");
        first.Entries.Count.ShouldBe(1);
        second.Entries.Count.ShouldBe(1);
        first.Total.ShouldBe(2);
        first.Entries[0].Serial.ShouldNotBe(second.Entries[0].Serial);

        // Downloads are audited, with the region and no card number.
        var downloads = await AuditAsync(host, e => e.Action == "blacklist.download");
        downloads.Count.ShouldBe(4);
        downloads.ShouldAllBe(e => e.Actor == "terminal-feed" && e.RegionCode == "13" && e.Outcome == "success");
    }

    // ---- Finding 10: checks and card-use events were not bound to the caller; e-card codes were minted unaudited. ----

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Finding10_UsageEvents_AreBoundToTheKeysInstitutionAndItsTerminals(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var ours = await RegistrySetup.InstitutionAsync(admin, "medical", "130102", "石家庄市长安区医院");
        var theirs = await RegistrySetup.InstitutionAsync(admin, "medical", "130102", "石家庄市第一医院");
        var product = await RegistrySetup.ApprovedProductAsync(host, admin, "terminal");
        (await admin.PostJsonAsync("/api/v1/terminals", new TerminalRequest("T-OURS-01", product, ours))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostJsonAsync("/api/v1/terminals", new TerminalRequest("T-THEIRS-01", product, theirs))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var (beijingResident, beijingCard) = await CardApiTests.RegisterAsync(admin, "110105");
        var beijingSerial = (await CardApiTests.IssueAsync(admin, beijingResident)).GetProperty("serial").GetString()!;
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        UsageEventRequest Event(string id, string? institution, string terminal, string serial = "") =>
            new(id, beijingCard, serial.Length > 0 ? serial : beijingSerial, institution, terminal, null, at, "prescription");

        // The attack's key: checks:write for 1301 with no institution. Refused outright now.
        var unbound = host.Client(await host.CreateKeyAsync("unbound-1301", "1301", Scope.ChecksWrite));
        await (await unbound.PostJsonAsync("/api/v1/usage-events", new UsageBatchRequest([Event("x-1", null, "T-OURS-01")])))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.institution_required");

        var his = host.Client(await host.CreateInstitutionKeyAsync("changan-his", "1301", ours, Scope.ChecksWrite));
        var batch = await (await his.PostJsonAsync("/api/v1/usage-events", new UsageBatchRequest([
            Event("e-1", theirs, "T-OURS-01"),        // another institution named
            Event("e-2", null, "T-THEIRS-01"),        // another institution's terminal
            Event("e-3", null, "T-NOWHERE"),          // no such terminal
            Event("e-4", null, "T-OURS-01", "1100000099"), // a serial that is not this card's
            Event("e-5", null, "T-OURS-01"),          // a Beijing card used here: accepted, as ours
        ]))).ReadJsonAsync();

        batch.GetProperty("accepted").GetInt32().ShouldBe(1);
        var rejected = batch.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("index").GetInt32(),
            r => r.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList());
        rejected[0].ShouldBe(["institutionCode"]);
        rejected[1].ShouldBe(["terminalSerial"]);
        rejected[2].ShouldBe(["terminalSerial"]);
        rejected[3].ShouldBe(["cardSerial"]);
        var usage = await (await admin.GetAsync($"/api/v1/cards/{beijingCard}/usage")).ReadJsonAsync();
        var recorded = usage.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        recorded.GetProperty("institutionCode").GetString().ShouldBe(ours);
        recorded.GetProperty("terminalSerial").GetString().ShouldBe("T-OURS-01");
        recorded.GetProperty("source").GetString().ShouldBe("changan-his");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Finding10_OnlineCheck_OnAnotherHospitalsTerminal_IsUnknownTerminal(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var world = await SamWorld.BuildAsync(host);
        await world.InUseAsync("1320000001", "T-0001");
        var (card, serial) = await world.CardAsync();
        var check = new CheckRequest(card, serial, null, "1320000001", "T-0001", "read");
        var other = await RegistrySetup.InstitutionAsync(world.Client, "medical", "130102", "石家庄市长安区第二医院");

        // The attack: a checks:write key of another hospital in the same district runs a check on T-0001.
        var intruder = host.Client(await host.CreateInstitutionKeyAsync("other-his", "1301", other, Scope.ChecksWrite));
        (await (await intruder.PostJsonAsync("/api/v1/checks", check)).ReadJsonAsync()).GetProperty("code").GetString().ShouldBe(CheckCodes.TerminalNotFound);
        var unbound = host.Client(await host.CreateKeyAsync("unbound", "1301", Scope.ChecksWrite));
        await (await unbound.PostJsonAsync("/api/v1/checks", check)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.institution_required");
        var owner = host.Client(await host.CreateInstitutionKeyAsync("owner-his", "1301", world.Hospital, Scope.ChecksWrite));
        (await (await owner.PostJsonAsync("/api/v1/checks", check)).ReadJsonAsync()).GetProperty("code").GetString().ShouldBe(CheckCodes.Allowed);

        // Each check is recorded as its sender's institution's, whatever terminal it named.
        var usage = await (await world.Client.GetAsync($"/api/v1/cards/{card}/usage")).ReadJsonAsync();
        usage.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("source").GetString(), e.GetProperty("institutionCode").GetString()))
            .ShouldBe([("owner-his", world.Hospital), ("other-his", other)], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Finding10_ElectronicCardCodes_AreAudited_WithoutTheNumber(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await KeyTestKit.InitAsync(host);
        var admin = host.Client();
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(admin);
        var serial = (await CardApiTests.IssueAsync(admin, residentId)).GetProperty("serial").GetString()!;
        var reader = host.Client(await host.CreateKeyAsync("reader", "", Scope.RegistryRead));
        var writer = host.Client(await host.CreateKeyAsync("integrator", "13", Scope.RegistryRead, Scope.RegistryWrite));

        await (await reader.GetAsync($"/api/v1/cards/{cardNumber}/ecard")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        (await writer.GetAsync($"/api/v1/cards/{cardNumber}/ecard")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var minted = (await AuditAsync(host, e => e.Action == "ecard.issue")).ShouldHaveSingleItem();
        minted.Actor.ShouldBe("integrator");
        minted.TargetId.ShouldBe(serial);
        minted.RegionCode.ShouldBe("130105");
        minted.Details!.ShouldNotContain(cardNumber);
    }

    // ---- Finding 11: a city key revoked a product nationwide; a district approved its own filing; no region in the audit. ----

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Finding11_ProductReview_BelongsToTheFilingTier_ByAnotherPerson_AuditedWithTheRegion(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var manufacturer = await RegistrySetup.InstitutionAsync(admin, "manufacturer", "130102", "河北华卡智能科技有限公司");
        var district = host.Client(await host.CreateKeyAsync("changan-institutions", "130102", Scope.RegistryRead, Scope.InstitutionsWrite));
        var province = host.Client(await host.CreateKeyAsync("hebei-institutions", "13", Scope.RegistryRead, Scope.InstitutionsWrite));
        var reviewer = host.Client(await host.CreateKeyAsync("hebei-reviewer", "13", Scope.RegistryRead, Scope.InstitutionsWrite));
        async Task<Guid> FileAsync(HttpClient client, string model)
        {
            var filed = await client.PostJsonAsync("/api/v1/products", new ProductRequest(manufacturer, "user_card", model, "32K", "GJ-2026-0815",
                new DateOnly(2029, 12, 31)));
            filed.StatusCode.ShouldBe(HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
            return (await filed.ReadJsonAsync()).GetProperty("id").GetGuid();
        }

        // A district approved its own filing.
        var own = await FileAsync(district, "HK-UC32-D");
        await (await district.PostAsync($"/api/v1/products/{own}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.tier");
        // The province may review, but not a filing it submitted itself.
        var provincial = await FileAsync(province, "HK-UC32-P");
        await (await province.PostAsync($"/api/v1/products/{provincial}/approve", null))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.separation_of_duties");
        (await reviewer.PostAsync($"/api/v1/products/{provincial}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The manufacturer's own district revoked it, and cards of it were refused nationwide.
        await (await district.PostJsonAsync($"/api/v1/products/{provincial}/revoke", new { reason = "抽检" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.tier");

        var audit = await AuditAsync(host, e => e.TargetId == provincial.ToString() && e.Action == "product.approve" && e.Outcome == "success");
        audit.ShouldHaveSingleItem().RegionCode.ShouldBe("130102");
        (await (await admin.GetAsync($"/api/v1/products/{provincial}")).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("approved");
    }

    // ---- Finding 14: ?page=5000000&pageSize=500 silently answered page 1. ----

    [Theory]
    [InlineData("/api/v1/products?page=5000000&pageSize=500", "page")]
    [InlineData("/api/v1/institutions?page=0", "page")]
    [InlineData("/api/v1/institutions?page=abc", "page")]
    [InlineData("/api/v1/card-applications?pageSize=501", "pageSize")]
    [InlineData("/api/v1/cards/110105194912310021/usage?pageSize=0", "pageSize")]
    public async Task Finding14_AnOutOfRangePage_IsA400WithItsField(string url, string field)
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);

        var problem = await (await host.Client().GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, PageRequest.ErrorCode);

        problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(2);
        (await host.Client().GetAsync("/api/v1/products?page=2&pageSize=500")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<ListPayload> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var signed = await response.ReadAsync<SignedList>();
        return JsonSerializer.Deserialize<ListPayload>(signed.Payload, ApiJson.Options)!;
    }

    private static async Task<List<HealthCard.App.Audit.AuditEntry>> AuditAsync(HealthCardHost host,
        System.Linq.Expressions.Expression<Func<HealthCard.App.Audit.AuditEntry, bool>> filter)
    {
        var entries = new List<HealthCard.App.Audit.AuditEntry>();
        await host.WithDbAsync(async db => entries = await db.AuditEntries.AsNoTracking().Where(filter).OrderBy(e => e.Sequence).ToListAsync());
        return entries;
    }
}
