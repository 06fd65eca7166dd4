using HealthCard.App.Common;
using HealthCard.App.Features.Demo;
using HealthCard.App.Features.Statistics;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Statistics;

/// <summary>
/// What a node holds itself (the demo keeps SAMs in stock at the city "1301" and a hospital registered at "130100",
/// the city's own code) is one own-level group when grouping by region, never a child region named like the node.
/// </summary>
public sealed class OwnLevelTests
{
    [Fact]
    public async Task GroupedByRegion_TheNodesOwnLevelIsOneGroup_AndTheGroupsAddUpToTheTotal()
    {
        await using var host = await HealthCardHost.StartAsync(TestDatabase.Sqlite);
        await using var scope = host.Services.CreateAsyncScope();
        var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
        await demo.SeedIfEmptyAsync(CancellationToken.None);
        await demo.EnsureKeysAsync(null, CancellationToken.None);
        await demo.SeedAfterKeysAsync(CancellationToken.None);

        var city = (await scope.ServiceProvider.GetRequiredService<GetStatistics>()
            .ExecuteAsync(Caller.System, new StatisticsRequest("1301", GroupBy: "region"), CancellationToken.None)).Value;

        var own = city.Groups.Where(g => g.OwnLevel).ShouldHaveSingleItem();
        (own.Key, own.Name).ShouldBe(("1301", "石家庄市本级"));
        city.Groups.Where(g => !g.OwnLevel).ShouldAllBe(g => g.Key.Length == 6 && !g.Key.EndsWith("00"));
        city.Groups.Select(g => g.Name).ShouldBeUnique();
        own.Figures.Sams!.Values.Sum().ShouldBeGreaterThan(0);
        foreach (var (status, count) in city.Total.Sams!)
        {
            city.Groups.Sum(g => g.Figures.Sams!.GetValueOrDefault(status)).ShouldBe(count, status);
        }
        foreach (var (kind, count) in city.Total.Uses!)
        {
            city.Groups.Sum(g => g.Figures.Uses!.GetValueOrDefault(kind)).ShouldBe(count, kind);
        }
    }
}
