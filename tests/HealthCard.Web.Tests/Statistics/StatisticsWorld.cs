using System.Net;
using System.Text.Json;
using HealthCard.App.Features.Statistics;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.Web.Tests.Statistics;

/// <summary>Builds registry activity in two cities of Hebei, and counts the same things straight from the records.</summary>
internal static class StatisticsWorld
{
    /// <summary>
    /// Shijiazhuang (1301): six residents with cards in every status, one retagged, one deceased. Baoding (1306): two
    /// residents, one card. Poverty and NCMS tags vary so that coverage is not trivially 100%.
    /// </summary>
    public static async Task BuildAsync(HttpClient admin)
    {
        var poor = await RegisterAsync(admin, "130102", ["poverty"]);
        var poorToo = await RegisterAsync(admin, "130105", ["poverty", "ncms"]);
        var ncms = await RegisterAsync(admin, "130105", ["ncms"]);
        var plain = await RegisterAsync(admin, "130102", []);
        var lost = await RegisterAsync(admin, "130102", ["poverty"]);
        var waiting = await RegisterAsync(admin, "130105", ["poverty"]);
        var deceased = await RegisterAsync(admin, "130102", ["poverty"]);
        var baoding = await RegisterAsync(admin, "130602", ["poverty"]);
        await RegisterAsync(admin, "130602", ["ncms"]);
        var applicant = await RegisterAsync(admin, "130105", ["poverty"]);
        (await admin.PostJsonAsync("/api/v1/card-applications", new App.Features.Applications.ApplicationRequest(applicant.Id, "paper", null, "窗口 李", null)))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        await IssueAsync(admin, poor.Id, "hospital");
        await IssueAsync(admin, poorToo.Id, "hospital");
        await IssueAsync(admin, ncms.Id, "hospital");
        await IssueAsync(admin, plain.Id, "hospital");
        await IssueAsync(admin, lost.Id, "hospital");
        await IssueAsync(admin, waiting.Id, "batch");
        await IssueAsync(admin, deceased.Id, "hospital");
        await IssueAsync(admin, baoding.Id, "hospital");

        await OperateAsync(admin, ncms.Number, "freeze");
        await OperateAsync(admin, lost.Number, "report-loss");
        await OperateAsync(admin, lost.Number, "replace");
        await OperateAsync(admin, plain.Number, "freeze");
        await OperateAsync(admin, plain.Number, "unfreeze");
        // The holder of an active card joins the poverty population: coverage must follow.
        (await admin.PatchAsync($"/api/v1/residents/{plain.Id}", ResidentApiTests.Json(new { tags = new[] { "poverty" }, reason = "纳入贫困人口" })))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostJsonAsync($"/api/v1/residents/{deceased.Id}/death", new { date = DateTimeOffset.UtcNow.ToOffset(App.Common.ChinaTime.Offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public sealed record RecordCounts(Dictionary<string, long> Cards, Dictionary<string, long> EventsByAction, long PovertyResidents,
        long ActiveWithPoverty, long NcmsResidents, long ActiveWithNcms, long ApplicationsPending);

    /// <summary>The figures counted directly from Residents, Cards and CardEvents, without the counters.</summary>
    public static async Task<RecordCounts> CountRecordsAsync(HealthCardHost host, string region)
    {
        RecordCounts? counts = null;
        await host.WithDbAsync(async db =>
        {
            var cards = (await db.Cards.Where(c => c.RegionCode.StartsWith(region)).Select(c => c.Status).ToListAsync())
                .GroupBy(s => EnumNames.Of(s)).ToDictionary(g => g.Key, g => (long)g.Count());
            var cardIds = db.Cards.Where(c => c.RegionCode.StartsWith(region)).Select(c => c.Id);
            var events = (await db.CardEvents.Where(e => cardIds.Contains(e.CardId)).Select(e => e.Action).ToListAsync())
                .GroupBy(a => a).ToDictionary(g => g.Key, g => (long)g.Count());
            var living = await db.Residents.Where(r => r.RegionCode.StartsWith(region) && r.DeathDate == null).Select(r => new { r.Id, r.Tags }).ToListAsync();
            var active = await db.Cards.Where(c => c.RegionCode.StartsWith(region) && c.Status == CardStatus.Active).Select(c => c.ResidentId).ToListAsync();
            var tagsOf = (await db.Residents.Where(r => active.Contains(r.Id)).Select(r => new { r.Id, r.Tags }).ToListAsync()).ToDictionary(r => r.Id, r => r.Tags);
            var pending = await db.CardApplications.CountAsync(a => a.RegionCode.StartsWith(region)
                && (a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.CountyReviewed));
            counts = new RecordCounts(cards, events,
                living.Count(r => r.Tags.HasFlag(PopulationTags.Poverty)), active.Count(id => tagsOf[id].HasFlag(PopulationTags.Poverty)),
                living.Count(r => r.Tags.HasFlag(PopulationTags.Ncms)), active.Count(id => tagsOf[id].HasFlag(PopulationTags.Ncms)), pending);
        });
        return counts!;
    }

    /// <summary>Every card status, every lifecycle action and the coverage of both tags agree with the records.</summary>
    public static void ShouldMatch(JsonElement figures, RecordCounts expected)
    {
        foreach (var status in Enum.GetValues<CardStatus>().Select(s => EnumNames.Of(s)))
        {
            figures.GetProperty("cards").GetProperty(status).GetInt64().ShouldBe(expected.Cards.GetValueOrDefault(status), status);
        }
        foreach (var (action, period) in StatisticsNames.PeriodOfAction)
        {
            figures.GetProperty("period").GetProperty(period).GetInt64().ShouldBe(expected.EventsByAction.GetValueOrDefault(action), action);
        }
        figures.GetProperty("applicationsPending").GetInt64().ShouldBe(expected.ApplicationsPending);
        var coverage = figures.GetProperty("coverage").EnumerateArray().ToDictionary(c => c.GetProperty("tag").GetString()!);
        coverage["poverty"].GetProperty("residents").GetInt64().ShouldBe(expected.PovertyResidents);
        coverage["poverty"].GetProperty("withActiveCard").GetInt64().ShouldBe(expected.ActiveWithPoverty);
        coverage["ncms"].GetProperty("residents").GetInt64().ShouldBe(expected.NcmsResidents);
        coverage["ncms"].GetProperty("withActiveCard").GetInt64().ShouldBe(expected.ActiveWithNcms);
    }

    private static async Task<(Guid Id, string Number)> RegisterAsync(HttpClient admin, string county, string[] tags)
    {
        var draft = Residents.Valid(county: county) with { Tags = tags };
        var response = await admin.PostJsonAsync("/api/v1/residents", draft);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return ((await response.ReadJsonAsync()).GetProperty("id").GetGuid(), draft.IdNumber!);
    }

    private static async Task IssueAsync(HttpClient admin, Guid residentId, string mode)
    {
        var response = await admin.PostJsonAsync("/api/v1/cards", new App.Features.Cards.IssueCardRequest(residentId, mode, "13010000001", "6222020200112345679"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static async Task OperateAsync(HttpClient admin, string cardNumber, string operation)
    {
        var response = await admin.PostAsync($"/api/v1/cards/{cardNumber}/{operation}", ResidentApiTests.Json(new { reason = "测试" }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
