using System.Globalization;
using System.Net;
using System.Text;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Production;
using HealthCard.App.Features.Statistics;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Imports;
using HealthCard.Web.Tests.Production;

namespace HealthCard.Web.Tests.Statistics;

/// <summary>
/// The rollout end to end through the API: a population list imported with a tag, a production batch of those residents,
/// the export opened at the factory, the factory's return file (one card failed), distribution, activation of some cards,
/// and then the statistics and the monthly report, which must tell the same story in the same numbers.
/// </summary>
public sealed class PipelineTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task ImportBatchExportReturnDistributeActivate_ThenReportAgreesWithStatistics(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        using var world = await ProductionWorld.BuildAsync(host);
        var list = new StringWriter();
        var defects = PopulationFiles.WriteCsv(list, 8, county: ProductionWorld.County, defectEvery: 4, seed: 5);
        var job = await ImportKit.ImportAsync(world.City, Encoding.UTF8.GetBytes(list.ToString()), "贫困人口.csv", ProductionWorld.County, tag: "poverty");
        var imported = job.GetProperty("accepted").GetInt32();
        (imported, job.GetProperty("rejected").GetInt32()).ShouldBe((8 - defects, defects));
        (await world.Admin.PostJsonAsync("/api/v1/coverage-plans", new CoveragePlanRequest("长安区贫困人口发卡", ProductionWorld.County, "poverty", 10,
            new DateOnly(2027, 6, 30)))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var batch = await world.BatchAsync("population", "poverty");
        var batchId = batch.GetProperty("id").GetGuid();
        batch.GetProperty("count").GetInt32().ShouldBe(imported);
        var (_, contents) = await world.ExportAsync(batchId);
        var cards = contents.Manifest.Cards.OrderBy(c => c.Serial, StringComparer.Ordinal).ToList();
        var returnFile = new StringBuilder("serial,chipSerial,bankCardNumber,outcome,reason\n");
        for (var i = 0; i < cards.Count; i++)
        {
            returnFile.Append(i == cards.Count - 1
                ? $"{cards[i].Serial},,,failed,芯片损坏\n"
                : $"{cards[i].Serial},{0xC0FFEE00 + i:X16},{ProductionWorld.BankCardNumber(100 + i)},ok,\n");
        }
        await world.ReturnAsync(batchId, returnFile.ToString());
        var distributed = await world.City.PostJsonAsync($"/api/v1/production-batches/{batchId}/distribute", new DistributionRequest("长安区建北社区卫生服务站", "发放员 郑"));
        distributed.StatusCode.ShouldBe(HttpStatusCode.OK, await distributed.Content.ReadAsStringAsync());
        const int handedOver = 3;
        foreach (var card in cards.Take(handedOver))
        {
            var activated = await world.CountyClient.PostJsonAsync($"/api/v1/cards/{card.CardNumber}/activate", new CardOperation(Operator: "发卡员 冯", Unit: "长安区建北社区卫生服务站"));
            activated.StatusCode.ShouldBe(HttpStatusCode.OK, await activated.Content.ReadAsStringAsync());
        }

        var month = DateTimeOffset.UtcNow.ToOffset(ChinaTime.Offset).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var stats = await StatisticsTests.StatsAsync(world.City, $"region=1301&from={month}&to={month}&groupBy=region");
        var county = stats.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == ProductionWorld.County).GetProperty("figures");
        var period = county.GetProperty("period");
        (period.GetProperty("created").GetInt64(), period.GetProperty("produced").GetInt64(), period.GetProperty("distributed").GetInt64(),
            period.GetProperty("issued").GetInt64(), period.GetProperty("cancelled").GetInt64())
            .ShouldBe((imported, imported - 1, imported - 1, handedOver, 1));
        var now = county.GetProperty("cards");
        (now.GetProperty("active").GetInt64(), now.GetProperty("distributed").GetInt64(), now.GetProperty("cancelled").GetInt64(), now.GetProperty("pending").GetInt64())
            .ShouldBe((handedOver, imported - 1 - handedOver, 1, 0));
        var poverty = county.GetProperty("coverage").EnumerateArray().Single(c => c.GetProperty("tag").GetString() == "poverty");
        (poverty.GetProperty("residents").GetInt64(), poverty.GetProperty("withActiveCard").GetInt64()).ShouldBe((imported, handedOver));
        poverty.GetProperty("plans")[0].GetProperty("progress").GetDouble().ShouldBe(0.3);

        var report = await world.City.GetAsync($"/api/v1/reports/monthly?region=1301&month={month}");
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        MonthlyReportChecks.ShouldAgreeWith(await report.Content.ReadAsByteArrayAsync(), stats);
    }
}
