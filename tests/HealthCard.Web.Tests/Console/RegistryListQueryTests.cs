using System.Text;
using HealthCard.App.Common;
using HealthCard.App.Features.Imports;
using HealthCard.App.Features.Statistics;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Imports;
using HealthCard.Web.Tests.Production;
using HealthCard.Web.Tests.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Console;

/// <summary>The read-only queries the console lists use: applications by channel, past imports, and progress against every plan.</summary>
public sealed class RegistryListQueryTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Applications_FilterByChannel(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        using var world = await ProductionWorld.BuildAsync(host);
        foreach (var channel in new[] { "paper", "hospital", "bank", "paper" })
        {
            var (resident, _) = await world.ResidentAsync();
            await world.SubmitAsync(resident, channel, channel == "bank" ? world.Bank : null);
        }

        var paper = await (await world.City.GetAsync("/api/v1/card-applications?channel=paper")).ReadJsonAsync();
        paper.GetProperty("total").GetInt64().ShouldBe(2);
        paper.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("channel").GetString()).ShouldBe(["paper", "paper"]);
        var bank = await (await world.City.GetAsync("/api/v1/card-applications?channel=bank&status=submitted")).ReadJsonAsync();
        bank.GetProperty("total").GetInt64().ShouldBe(1);
        // An unknown channel filters nothing, like an unknown status.
        (await (await world.City.GetAsync("/api/v1/card-applications?channel=fax")).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(4);
    }

    [Fact]
    public async Task ListImports_IsNewestFirst_InTheCallersRegionOnly_AndByStatus()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var shijiazhuang = host.Client(await host.CreateKeyAsync("sjz-list", "1301", Scope.RegistryWrite, Scope.RegistryRead));
        var changan = await UploadAsync(shijiazhuang, "130102", seed: 1);
        var qiaoxi = await UploadAsync(shijiazhuang, "130104", seed: 2);

        await using var scope = host.Services.CreateAsyncScope();
        var list = scope.ServiceProvider.GetRequiredService<ListImports>();
        var city = new Caller("sjz", "1301", new HashSet<string> { Scope.RegistryRead }, Channel.Console);
        var county = new Caller("changan", "130102", new HashSet<string> { Scope.RegistryRead }, Channel.Console);

        var all = (await list.ExecuteAsync(city, null, new PageRequest(), CancellationToken.None)).Value;
        all.Items.Select(j => j.Id).ShouldBe([qiaoxi, changan]);
        all.Total.ShouldBe(2);
        (await list.ExecuteAsync(county, null, new PageRequest(), CancellationToken.None)).Value.Items.Select(j => j.Id).ShouldBe([changan]);
        (await list.ExecuteAsync(city, "completed", new PageRequest(), CancellationToken.None)).Value.Total.ShouldBe(2);
        (await list.ExecuteAsync(city, "failed", new PageRequest(), CancellationToken.None)).Value.Total.ShouldBe(0);
        var second = (await list.ExecuteAsync(city, null, new PageRequest(2, 1), CancellationToken.None)).Value;
        second.Items.Select(j => j.Id).ShouldBe([changan]);
    }

    [Fact]
    public async Task PlanProgress_CoversEveryPlanBelowTheRegion_AndNotOutsideTheCallersRegion()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var admin = host.Client();
        (await admin.PostJsonAsync("/api/v1/coverage-plans", new CoveragePlanRequest("石家庄贫困人口", "1301", "poverty", 8, new DateOnly(2027, 6, 30))))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        (await admin.PostJsonAsync("/api/v1/coverage-plans", new CoveragePlanRequest("长安区新农合", "130102", "ncms", 4, new DateOnly(2027, 6, 30))))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);

        await using var scope = host.Services.CreateAsyncScope();
        var plans = scope.ServiceProvider.GetRequiredService<GetCoveragePlans>();
        var national = new Caller("admin", "", new HashSet<string> { Scope.RegistryRead }, Channel.Console);
        var county = new Caller("changan", "130102", new HashSet<string> { Scope.RegistryRead }, Channel.Console);

        var everything = await plans.ProgressAsync(national, null, CancellationToken.None);
        everything.Value.Select(p => p.Name).ShouldBe(["石家庄贫困人口", "长安区新农合"], ignoreOrder: true);
        everything.Value.ShouldAllBe(p => p.Covered == 0 && p.Progress == 0);
        (await plans.ProgressAsync(county, null, CancellationToken.None)).Value.Select(p => p.Name).ShouldBe(["长安区新农合"]);
        (await plans.ProgressAsync(county, "1301", CancellationToken.None)).Error.ShouldBeOfType<NotFound>();
    }

    private static async Task<Guid> UploadAsync(HttpClient client, string county, int seed)
    {
        using var text = new StringWriter();
        PopulationFiles.WriteCsv(text, rows: 20, county: county, seed: seed);
        var job = await ImportKit.ImportAsync(client, Encoding.UTF8.GetBytes(text.ToString()), $"{county}.csv", county);
        return job.GetProperty("id").GetGuid();
    }
}
