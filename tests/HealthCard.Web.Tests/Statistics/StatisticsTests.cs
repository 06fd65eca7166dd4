using System.Net;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Statistics;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Residents;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.Web.Tests.Statistics;

public sealed class StatisticsTests
{
    /// <summary>
    /// A small province worth of activity across two cities, then every figure of the statistics endpoint is compared
    /// with a count taken straight from the records, before and after the counters are compacted.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Stats_AgreeExactlyWithTheRecords_BeforeAndAfterCompaction(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        await StatisticsWorld.BuildAsync(admin);
        (await admin.PostJsonAsync("/api/v1/coverage-plans", new CoveragePlanRequest("石家庄贫困人口发卡", "1301", "poverty", 8, new DateOnly(2027, 6, 30))))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var expected = await StatisticsWorld.CountRecordsAsync(host, "13");
        var before = await StatsAsync(admin, "region=13&groupBy=region");
        StatisticsWorld.ShouldMatch(before.GetProperty("total"), expected);
        foreach (var city in new[] { "1301", "1306" })
        {
            var group = before.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == city);
            StatisticsWorld.ShouldMatch(group.GetProperty("figures"), await StatisticsWorld.CountRecordsAsync(host, city));
        }
        var plan = before.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "1301")
            .GetProperty("figures").GetProperty("coverage").EnumerateArray().Single(c => c.GetProperty("tag").GetString() == "poverty")
            .GetProperty("plans")[0];
        var shijiazhuang = await StatisticsWorld.CountRecordsAsync(host, "1301");
        plan.GetProperty("covered").GetInt64().ShouldBe(shijiazhuang.ActiveWithPoverty);
        plan.GetProperty("progress").GetDouble().ShouldBe(Math.Round(shijiazhuang.ActiveWithPoverty / 8.0, 4));

        long rowsBefore = 0;
        var remaining = 0;
        await host.WithDbAsync(async db =>
        {
            rowsBefore = await db.StatisticCounters.LongCountAsync();
            remaining = await new StatisticsCompactor(db).CompactAsync(TestContext.Current.CancellationToken);
        });
        remaining.ShouldBeLessThan((int)rowsBefore);
        var after = await StatsAsync(admin, "region=13&groupBy=region");
        after.GetProperty("total").GetRawText().ShouldBe(before.GetProperty("total").GetRawText());
        after.GetProperty("groups").GetRawText().ShouldBe(before.GetProperty("groups").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Stats_GroupedByMonthModeTagAndInstitution_AddUpToTheTotal(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        await StatisticsWorld.BuildAsync(admin);
        var month = DateTimeOffset.UtcNow.ToOffset(ChinaTime.Offset).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var byMonth = await StatsAsync(admin, $"region=13&groupBy=month&from={month}&to={month}");
        var total = byMonth.GetProperty("total");
        byMonth.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()).ShouldBe([month]);
        byMonth.GetProperty("groups")[0].GetProperty("figures").GetProperty("period").GetRawText().ShouldBe(total.GetProperty("period").GetRawText());

        foreach (var grouping in new[] { "mode", "institution" })
        {
            var grouped = await StatsAsync(admin, $"region=13&groupBy={grouping}");
            foreach (var status in new[] { "active", "frozen", "reported_lost", "replaced", "cancelled", "pending" })
            {
                grouped.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("figures").GetProperty("cards").GetProperty(status).GetInt64())
                    .ShouldBe(grouped.GetProperty("total").GetProperty("cards").GetProperty(status).GetInt64(), $"{grouping}/{status}");
            }
        }
        var byMode = await StatsAsync(admin, "region=13&groupBy=mode");
        byMode.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()).ShouldBe(["batch", "hospital"]);

        var byTag = await StatsAsync(admin, "region=13&groupBy=tag");
        var poverty = byTag.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "poverty").GetProperty("figures");
        var records = await StatisticsWorld.CountRecordsAsync(host, "13");
        poverty.GetProperty("cards").GetProperty("active").GetInt64().ShouldBe(records.ActiveWithPoverty);
        poverty.GetProperty("coverage").EnumerateArray().Single(c => c.GetProperty("tag").GetString() == "poverty")
            .GetProperty("residents").GetInt64().ShouldBe(records.PovertyResidents);
    }

    [Fact]
    public async Task Stats_AreScopedToTheCallersRegion_AndValidated()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var admin = host.Client();
        await StatisticsWorld.BuildAsync(admin);
        var baoding = host.Client(await host.CreateKeyAsync("baoding-stats", "1306", Scope.RegistryRead));

        await (await baoding.GetAsync("/api/v1/stats?region=1301")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await admin.PostJsonAsync("/api/v1/coverage-plans", new CoveragePlanRequest("石家庄贫困人口发卡", "1301", "poverty", 8, new DateOnly(2027, 6, 30))))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await baoding.GetAsync("/api/v1/coverage-plans?region=1301")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await (await baoding.GetAsync("/api/v1/coverage-plans")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);
        var plans = await (await admin.GetAsync("/api/v1/coverage-plans?region=13")).ReadJsonAsync();
        plans.EnumerateArray().Select(p => (p.GetProperty("regionCode").GetString(), p.GetProperty("tag").GetString(), p.GetProperty("targetCount").GetInt32()))
            .ShouldBe([("1301", "poverty", 8)]);
        var own = await StatsAsync(baoding, "");
        own.GetProperty("region").GetString().ShouldBe("1306");
        StatisticsWorld.ShouldMatch(own.GetProperty("total"), await StatisticsWorld.CountRecordsAsync(host, "1306"));

        var invalid = await (await admin.GetAsync("/api/v1/stats?region=1&from=2026-13&groupBy=street"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "stats.invalid");
        invalid.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["region", "from", "groupBy"], ignoreOrder: true);
        var plan = await (await admin.PostJsonAsync("/api/v1/coverage-plans", new CoveragePlanRequest("", "13", "rich", 0, null)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "coverage_plan.invalid");
        plan.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["name", "tag", "targetCount", "deadline"], ignoreOrder: true);
    }

    internal static async Task<JsonElement> StatsAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/stats?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}
