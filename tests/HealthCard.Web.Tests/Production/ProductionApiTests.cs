using System.Net;
using System.Text;
using System.Text.Json;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Production;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Cards;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.Web.Tests.Production;

public sealed class ProductionApiTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task BatchFromApplications_ExportReturnDistributeActivate_RecordsEveryHandling(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        using var world = await ProductionWorld.BuildAsync(host);
        var approved = new List<(Guid ResidentId, string CardNumber, Guid ApplicationId)>();
        for (var i = 0; i < 5; i++)
        {
            approved.Add(await world.ApprovedAsync());
        }
        // A card made at a hospital holds the chip serial the factory will (wrongly) report again.
        var (onSite, _) = await world.ResidentAsync();
        var hospitalCard = await world.Admin.PostJsonAsync("/api/v1/cards", new IssueCardRequest(onSite, "hospital", ProductionWorld.IssuerCode,
            ChipSerial: "EEEEEEEEEEEEEEEE"));
        var hospitalSerial = (await hospitalCard.ReadJsonAsync()).GetProperty("serial").GetString()!;

        await (await world.CreateBatchAsync("applications", client: world.OtherCounty, region: ProductionWorld.County))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "production_batch.invalid");
        var batch = await world.BatchAsync("applications");
        var batchId = batch.GetProperty("id").GetGuid();
        var number = batch.GetProperty("number").GetString()!;
        batch.GetProperty("count").GetInt32().ShouldBe(5);
        batch.GetProperty("status").GetString().ShouldBe("created");
        var items = batch.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("applicationId").GetGuid()).ShouldBe(approved.Select(a => a.ApplicationId), ignoreOrder: true);
        items.ShouldAllBe(i => i.GetProperty("cardStatus").GetString() == "pending");
        await (await world.CreateBatchAsync("applications")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "production_batch.nothing_to_produce");
        await (await world.City.PostAsync($"/api/v1/production-batches/{batchId}/return", new StringContent("x,y,z,ok")))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "production_batch.invalid_transition");

        // The factory opens the file with its private key and trusts it through the platform key.
        var (file, contents) = await world.ExportAsync(batchId);
        contents.Header.Batch.ShouldBe(number);
        contents.Header.Count.ShouldBe(5);
        contents.Header.RecipientKey.ShouldBe(ProductionFile.Fingerprint(world.Recipient.PublicKey));
        contents.Manifest.Cards.Select(c => c.CardNumber).ShouldBe(approved.Select(a => a.CardNumber), ignoreOrder: true);
        var first = contents.Manifest.Cards[0];
        first.IssuerCode.ShouldBe(ProductionWorld.IssuerCode);
        first.CityCode.ShouldBe("130100");
        first.Holder.Identity.Name.ShouldBe(Residents.Valid().Name);
        first.Holder.Identity.IdNumber.ShouldBe(first.CardNumber);
        first.Holder.Documents.HealthRecordNumber.ShouldBe("HR0000000001");
        Encoding.UTF8.GetString(file).ShouldNotContain(first.CardNumber);
        OpenFails(Tamper(file, "body"), world.Recipient, world.PlatformKey).ShouldBe("production_file.undecryptable");
        OpenFails(Tamper(file, "header"), world.Recipient, world.PlatformKey).ShouldBe("production_file.bad_signature");
        using (var stranger = Sm2Algorithm.GenerateKey())
        {
            OpenFails(file, stranger, world.PlatformKey).ShouldBe("production_file.wrong_recipient");
            OpenFails(file, world.Recipient, stranger.PublicKey).ShouldBe("production_file.bad_signature");
        }

        var serials = contents.Manifest.Cards.Select(c => c.Serial).Order(StringComparer.Ordinal).ToList();
        var (ok, failed, badBank, duplicateChip, takenChip) = (serials[0], serials[1], serials[2], serials[3], serials[4]);
        var csv = $"""
            serial,chipSerial,bankCardNumber,outcome,reason
            {ok},A1A1A1A1A1A1A1A1,{ProductionWorld.BankCardNumber(1)},ok,
            {failed},,,failed,芯片损坏
            {badBank},B2B2B2B2B2B2B2B2,6222020200112345678,ok,
            {duplicateChip},a1a1a1a1a1a1a1a1,,ok,
            {takenChip},EEEEEEEEEEEEEEEE,,ok,
            1399999999,C3C3C3C3C3C3C3C3,,ok,
            {hospitalSerial},D4D4D4D4D4D4D4D4,,ok,
            {ok},A1A1A1A1A1A1A1A1,{ProductionWorld.BankCardNumber(1)},ok,
            {badBank},F5F5F5F5F5F5F5F5,,maybe,
            """;
        var report = await world.ReturnAsync(batchId, csv);
        report.GetProperty("produced").GetInt32().ShouldBe(1);
        report.GetProperty("failed").GetInt32().ShouldBe(1);
        report.GetProperty("unchanged").GetInt32().ShouldBe(0);
        var expectedErrors = new[]
        {
            (4, "bad_bank_card_number"), (5, "duplicate_chip_serial"), (6, "chip_serial_taken"), (7, "unknown_serial"), (8, "not_in_batch"),
            (9, "serial_twice"), (10, "malformed"),
        };
        Errors(report).ShouldBe(expectedErrors);

        // The same file again changes nothing.
        var version = await BatchVersionAsync(world, batchId);
        var again = await world.ReturnAsync(batchId, csv);
        (again.GetProperty("produced").GetInt32(), again.GetProperty("failed").GetInt32(), again.GetProperty("unchanged").GetInt32()).ShouldBe((0, 0, 2));
        Errors(again).ShouldBe(expectedErrors);
        (await BatchVersionAsync(world, batchId)).ShouldBe(version);

        // The corrected lines for the refused cards.
        var corrected = await world.ReturnAsync(batchId, $"{badBank},B2B2B2B2B2B2B2B2,{ProductionWorld.BankCardNumber(2)},ok\n" +
            $"{duplicateChip},B3B3B3B3B3B3B3B3,,ok\n{takenChip},B4B4B4B4B4B4B4B4,,ok\n");
        corrected.GetProperty("produced").GetInt32().ShouldBe(3);
        Errors(corrected).ShouldBeEmpty();

        // The failed card went back to the queue: its application is picked by the next batch, with a new serial.
        var failedItem = (await GetBatchAsync(world, batchId)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("serial").GetString() == failed);
        (failedItem.GetProperty("status").GetString(), failedItem.GetProperty("cardStatus").GetString(), failedItem.GetProperty("failureReason").GetString())
            .ShouldBe(("failed", "cancelled", "芯片损坏"));
        var next = await world.BatchAsync("applications");
        next.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicationId").GetGuid())
            .ShouldBe([failedItem.GetProperty("applicationId").GetGuid()]);
        next.GetProperty("items")[0].GetProperty("serial").GetString().ShouldNotBe(failed);

        // Distribution to the issuing point, then activation when the holder collects the card.
        var distributed = await world.City.PostJsonAsync($"/api/v1/production-batches/{batchId}/distribute",
            new DistributionRequest("长安区建北社区卫生服务站", "发放员 郑"));
        distributed.StatusCode.ShouldBe(HttpStatusCode.OK, await distributed.Content.ReadAsStringAsync());
        (await distributed.ReadJsonAsync()).GetProperty("serials").EnumerateArray().Select(s => s.GetString()).ShouldBe([ok, badBank, duplicateChip, takenChip]);
        await (await world.City.PostJsonAsync($"/api/v1/production-batches/{batchId}/distribute", new DistributionRequest("网点", Serials: [ok])))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "production_batch.not_distributable");
        var holder = contents.Manifest.Cards.Single(c => c.Serial == ok).CardNumber;
        var activated = await world.CountyClient.PostJsonAsync($"/api/v1/cards/{holder}/activate", new CardOperation(Operator: "发卡员 冯", Unit: "长安区建北社区卫生服务站"));
        activated.StatusCode.ShouldBe(HttpStatusCode.OK, await activated.Content.ReadAsStringAsync());
        var card = await activated.ReadJsonAsync();
        card.GetProperty("status").GetString().ShouldBe("active");
        card.GetProperty("chipSerial").GetString().ShouldBe("A1A1A1A1A1A1A1A1");
        card.GetProperty("bankCardNumber").GetString().ShouldBe(ProductionWorld.BankCardNumber(1));
        card.GetProperty("issuanceMode").GetString().ShouldBe("batch");
        Handling(card, "production").ShouldBe((world.Bank, "制卡员 吴"));
        Handling(card, "distribution").ShouldBe(("长安区建北社区卫生服务站", "发放员 郑"));
        Handling(card, "issuance").ShouldBe(("长安区建北社区卫生服务站", "发卡员 冯"));
        var events = await (await world.CountyClient.GetAsync($"/api/v1/cards/{holder}/events")).ReadJsonAsync();
        events.EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("toStatus").GetString(), e.GetProperty("unit").GetString()))
            .ShouldBe([("issue", "pending", ProductionWorld.IssuerCode), ("produce", "produced", world.Bank), ("distribute", "distributed", "长安区建北社区卫生服务站"),
                ("activate", "active", "长安区建北社区卫生服务站")]);

        (await RegistrySetup.AuditOfAsync(host, number)).ShouldBe([
            ("production_batch.create", "success"), ("production_batch.return", "production_batch.invalid_transition"),
            ("production_batch.export", "success"), ("production_batch.return", "success"), ("production_batch.return", "success"),
            ("production_batch.return", "success"), ("production_batch.distribute", "success"),
            ("production_batch.distribute", "production_batch.not_distributable")]);
        var history = await (await world.City.GetAsync($"/api/v1/production-batches/{batchId}/history")).ReadJsonAsync();
        history.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ShouldBe(["create", "export", "return", "return", "distribute"]);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task BatchFromATaggedPopulation_PicksTaggedResidentsWithoutACurrentCard_AndTakesFailedOnesAgain(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        using var world = await ProductionWorld.BuildAsync(host);
        var poor1 = await world.ResidentAsync(ProductionWorld.County, "poverty");
        var poor2 = await world.ResidentAsync(ProductionWorld.County, "poverty", "ncms");
        var (poorWithCard, _) = await world.ResidentAsync(ProductionWorld.County, "poverty");
        (await world.Admin.PostJsonAsync("/api/v1/cards", new IssueCardRequest(poorWithCard, "hospital", ProductionWorld.IssuerCode))).EnsureSuccessStatusCode();
        await world.ResidentAsync(ProductionWorld.County, "ncms");
        await world.ResidentAsync("130104", "poverty");

        await (await world.CreateBatchAsync("population")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "production_batch.invalid");
        var batch = await world.BatchAsync("population", "poverty");
        var batchId = batch.GetProperty("id").GetGuid();
        batch.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("residentId").GetGuid()).ShouldBe([poor1.Id, poor2.Id], ignoreOrder: true);
        await (await world.CreateBatchAsync("population", "poverty")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "production_batch.nothing_to_produce");
        // Region scope: another county does not see the batch.
        (await world.OtherCounty.GetAsync($"/api/v1/production-batches/{batchId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var (_, contents) = await world.ExportAsync(batchId);
        var failed = contents.Manifest.Cards.Single(c => c.CardNumber == poor2.CardNumber).Serial;
        var ok = contents.Manifest.Cards.Single(c => c.CardNumber == poor1.CardNumber).Serial;
        var report = await world.ReturnAsync(batchId, $"{ok},0102030405060708,,ok\n{failed},,,failed,个人化失败\n");
        (report.GetProperty("produced").GetInt32(), report.GetProperty("failed").GetInt32()).ShouldBe((1, 1));

        var again = await world.BatchAsync("population", "poverty");
        again.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("residentId").GetGuid()).ShouldBe([poor2.Id]);
        var cards = await (await world.Admin.GetAsync($"/api/v1/cards/{poor2.CardNumber}")).ReadJsonAsync();
        cards.GetProperty("status").GetString().ShouldBe("pending");
        cards.GetProperty("previousCards")[0].GetProperty("serial").GetString().ShouldBe(failed);
        cards.GetProperty("previousCards")[0].GetProperty("status").GetString().ShouldBe("cancelled");
        await host.WithDbAsync(async db =>
        {
            var cancelled = await db.CardEvents.Where(e => e.Action == "cancel").SingleAsync();
            cancelled.Reason.ShouldBe("production_failed");
            (await db.Cards.Where(c => c.Serial == ok).Select(c => c.Status).SingleAsync()).ShouldBe(CardStatus.Produced);
        });
    }

    private static List<(int, string)> Errors(JsonElement report) =>
        report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("code").GetString()!)).ToList();

    private static (string?, string?) Handling(JsonElement card, string name) =>
        (card.GetProperty(name).GetProperty("unit").GetString(), card.GetProperty(name).GetProperty("staff").GetString());

    private static async Task<JsonElement> GetBatchAsync(ProductionWorld world, Guid id) =>
        await (await world.City.GetAsync($"/api/v1/production-batches/{id}")).ReadJsonAsync();

    private static async Task<int> BatchVersionAsync(ProductionWorld world, Guid id) => (await GetBatchAsync(world, id)).GetProperty("version").GetInt32();

    private static string? OpenFails(byte[] file, Sm2PrivateKey recipient, byte[] platformKey)
    {
        var opened = ProductionFile.Open(file, recipient, platformKey);
        opened.IsSuccess.ShouldBeFalse();
        return opened.Error!.Code;
    }

    /// <summary>The file with one character of <paramref name="field"/> changed (the header's count, or a body character).</summary>
    private static byte[] Tamper(byte[] file, string field)
    {
        var envelope = JsonSerializer.Deserialize<ProductionFile.Envelope>(file, HealthCardHost.Json)!;
        envelope = field == "header"
            ? envelope with { Header = envelope.Header.Replace("\"count\":5", "\"count\":4", StringComparison.Ordinal) }
            : envelope with { Body = (envelope.Body[10] == 'A' ? "B" : "A") is var c ? envelope.Body[..10] + c + envelope.Body[11..] : envelope.Body };
        return JsonSerializer.SerializeToUtf8Bytes(envelope, HealthCardHost.Json);
    }
}
