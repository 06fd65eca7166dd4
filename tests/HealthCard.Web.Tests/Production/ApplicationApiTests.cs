using System.Net;
using HealthCard.App.Features.Applications;
using HealthCard.Domain.Applications;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.Web.Tests.Production;

public sealed class ApplicationApiTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x02, 0x03];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
    private static readonly byte[] Gif = "GIF89a\u0001\u0000\u0001\u0000"u8.ToArray();

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task EveryChannel_IsSubmitted_AndTheCountyThenTheCityReview_WrongLevelsRefused(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        using var world = await ProductionWorld.BuildAsync(host);
        var applications = new Dictionary<string, Guid>();
        foreach (var channel in new[] { "paper", "hospital", "bank" })
        {
            var (resident, _) = await world.ResidentAsync();
            var submitted = await world.SubmitAsync(resident, channel, channel == "bank" ? world.Bank : null);
            submitted.GetProperty("status").GetString().ShouldBe("submitted");
            submitted.GetProperty("channel").GetString().ShouldBe(channel);
            submitted.GetProperty("regionCode").GetString().ShouldBe(ProductionWorld.County);
            submitted.GetProperty("nextReviewLevel").GetString().ShouldBe("county");
            applications[channel] = submitted.GetProperty("id").GetGuid();
        }
        var (bankless, _) = await world.ResidentAsync();
        await (await world.CountyClient.PostJsonAsync("/api/v1/card-applications", new ApplicationRequest(bankless, "bank")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "card_application.invalid");
        await (await world.CountyClient.PostJsonAsync("/api/v1/card-applications", new ApplicationRequest(bankless, "fax")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "card_application.invalid");
        var paperResident = (await (await world.Admin.GetAsync($"/api/v1/card-applications/{applications["paper"]}")).ReadJsonAsync()).GetProperty("residentId").GetGuid();
        await (await world.CountyClient.PostJsonAsync("/api/v1/card-applications", new ApplicationRequest(paperResident, "hospital")))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "card_application.already_pending");

        var id = applications["paper"];
        await (await world.City.PostAsync($"/api/v1/card-applications/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "card_application.wrong_level");
        await (await world.OtherCounty.PostAsync($"/api/v1/card-applications/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await ProductionWorld.ReviewAsync(world.CountyClient, id)).ShouldBe("county_reviewed");
        await (await world.CountyClient.PostAsync($"/api/v1/card-applications/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "card_application.wrong_level");
        (await ProductionWorld.ReviewAsync(world.City, id)).ShouldBe("approved");
        await (await world.City.PostAsync($"/api/v1/card-applications/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "card_application.invalid_transition");
        // A province reviews for its cities.
        var provinceKey = host.Client(await host.CreateKeyAsync("hebei", "13", "registry:read", "registry:write"));
        (await ProductionWorld.ReviewAsync(world.CountyClient, applications["bank"])).ShouldBe("county_reviewed");
        (await ProductionWorld.ReviewAsync(provinceKey, applications["bank"])).ShouldBe("approved");

        // Rejection at either step needs a reason, and the reason is in the history.
        var hospital = applications["hospital"];
        await (await world.CountyClient.PostAsync($"/api/v1/card-applications/{hospital}/reject", null)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "card_application.invalid");
        (await ProductionWorld.ReviewAsync(world.CountyClient, hospital)).ShouldBe("county_reviewed");
        (await ProductionWorld.ReviewAsync(world.City, hospital, "reject", "户籍信息与身份证不符")).ShouldBe("rejected");
        var history = await (await world.City.GetAsync($"/api/v1/card-applications/{hospital}/history")).ReadJsonAsync();
        history.EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("toStatus").GetString(), e.GetProperty("actor").GetString()))
            .ShouldBe([("submit", "submitted", "changan"), ("approve", "county_reviewed", "changan"), ("reject", "rejected", "shijiazhuang")]);
        history[2].GetProperty("reason").GetString().ShouldBe("户籍信息与身份证不符");

        (await RegistrySetup.AuditOfAsync(host, id.ToString())).ShouldBe([
            ("card_application.submit", "success"), ("card_application.approve", "card_application.wrong_level"),
            ("card_application.approve", "not_found"), ("card_application.approve", "success"),
            ("card_application.approve", "card_application.wrong_level"), ("card_application.approve", "success"),
            ("card_application.approve", "card_application.invalid_transition")]);

        // What the statistics count: pending applications by region prefix (the unused resident never applied).
        await host.WithDbAsync(async db =>
        {
            var pending = await db.CardApplications.CountAsync(a => (a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.CountyReviewed)
                && a.RegionCode.StartsWith("1301"));
            pending.ShouldBe(0);
        });
        var list = await (await world.City.GetAsync("/api/v1/card-applications?status=approved")).ReadJsonAsync();
        list.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ShouldBe([id, applications["bank"]], ignoreOrder: true);
        (await (await world.OtherCounty.GetAsync("/api/v1/card-applications")).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task OnlineApplication_NeedsPhotoAndIdScan_AsJpegOrPng_StoredEncrypted(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        using var world = await ProductionWorld.BuildAsync(host);
        var (resident, _) = await world.ResidentAsync();

        await (await world.CountyClient.PostJsonAsync("/api/v1/card-applications", new ApplicationRequest(resident, "online")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "card_application.invalid");
        var gif = await (await world.CountyClient.PostJsonAsync("/api/v1/card-applications", new ApplicationRequest(resident, "online", Attachments:
            [new AttachmentRequest("photo", Convert.ToBase64String(Gif)), new AttachmentRequest("id_scan", Convert.ToBase64String(Png))])))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "card_application.invalid");
        string.Join(" ", gif.GetProperty("errors").GetProperty("attachments").EnumerateArray().Select(m => m.GetString())).ShouldContain("JPEG or PNG");
        var tooLarge = new byte[SubmitApplication.MaxAttachmentBytes + 1];
        Jpeg.CopyTo(tooLarge, 0);
        await (await world.CountyClient.PostJsonAsync("/api/v1/card-applications", new ApplicationRequest(resident, "online", Attachments:
            [new AttachmentRequest("photo", Convert.ToBase64String(tooLarge)), new AttachmentRequest("id_scan", Convert.ToBase64String(Png))])))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "card_application.invalid");

        var submitted = await world.SubmitAsync(resident, "online", attachments:
            [new AttachmentRequest("photo", Convert.ToBase64String(Jpeg)), new AttachmentRequest("id_scan", Convert.ToBase64String(Png))]);
        var id = submitted.GetProperty("id").GetGuid();
        submitted.GetProperty("attachments").EnumerateArray().Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("contentType").GetString()))
            .ShouldBe([("photo", "image/jpeg"), ("id_scan", "image/png")], ignoreOrder: true);

        var photo = await world.CountyClient.GetAsync($"/api/v1/card-applications/{id}/attachments/photo");
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        (await photo.Content.ReadAsByteArrayAsync()).ShouldBe(Jpeg);
        var withoutPii = host.Client(await host.CreateKeyAsync("reader", ProductionWorld.County, "registry:read"));
        (await withoutPii.GetAsync($"/api/v1/card-applications/{id}/attachments/photo")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await world.OtherCounty.GetAsync($"/api/v1/card-applications/{id}/attachments/photo")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await host.WithDbAsync(async db =>
        {
            var stored = await db.ApplicationAttachments.Where(a => a.ApplicationId == id).ToListAsync();
            stored.Count.ShouldBe(2);
            stored.ShouldAllBe(a => a.Cipher.Length > a.Size);
            Convert.ToHexString(stored.Single(a => a.Kind == "id_scan").Cipher).ShouldNotContain(Convert.ToHexString(Png[..8]));
        });
    }
}
