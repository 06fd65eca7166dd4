using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using HealthCard.App.Common;
using HealthCard.App.Features.Staff;
using HealthCard.App.Features.Statistics;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using HealthCard.Web.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Statistics;

/// <summary>
/// Issue 15, disagreement 1: the dashboard ranked child regions by cards issued, the monthly report by progress against
/// plan, so the two pages disagreed. Both now render <see cref="GetRegionRanking"/>.
/// </summary>
public sealed partial class RegionRankingDoorTests
{
    private const string StaffPassword = "tea-kettle-4-two";

    /// <summary>
    /// 长安区 issues more cards but is far from its plan; 新华区 issues fewer and is half way: the old dashboard put 长安区
    /// first, the report 新华区. The API's report, the console's dashboard and the console's report page now agree.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Ranking_SameAnswerThroughEveryDoor(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        await BuildAsync(admin);
        var month = DateTimeOffset.UtcNow.ToOffset(ChinaTime.Offset).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var names = new Dictionary<string, string> { ["130102"] = "长安区", ["130105"] = "新华区" };

        // The old dashboard's order (most cards issued this month first) is not the ranking.
        var stats = await StatisticsTests.StatsAsync(admin, $"region=1301&from={month}&to={month}&groupBy=region");
        var byIssued = stats.GetProperty("groups").EnumerateArray()
            .OrderByDescending(g => g.GetProperty("figures").GetProperty("period").GetProperty("issued").GetInt64())
            .Select(g => g.GetProperty("key").GetString()!).ToList();
        byIssued.ShouldBe(["130102", "130105"]);
        string[] expected = ["130105", "130102"];

        // The query itself.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var city = Caller.System with { RegionScope = "1301" };
            var ranking = (await scope.ServiceProvider.GetRequiredService<GetRegionRanking>()
                .ExecuteAsync(city, new RegionRankingRequest(null), CancellationToken.None)).Value;
            ranking.Regions.Select(r => r.Region).ShouldBe(expected);
            ranking.Regions.Select(r => r.Plan.Progress).ShouldBe([0.5, 0.03]);
        }

        // API: the monthly report (CSV: region code in column 2, rank in column 4).
        var csv = await admin.GetAsync($"/api/v1/reports/monthly?region=1301&month={month}&format=csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l.Split(',')).ToList();
        lines.OrderBy(l => int.Parse(l[3], CultureInfo.InvariantCulture)).Select(l => l[1]).ShouldBe(expected);

        // Console: the dashboard and the monthly report page, as a city's staff member's browser receives them.
        var browser = await SignedInStaffAsync(host);
        var dashboard = await browser.GetAsync("/");
        dashboard.Status.ShouldBe(200);
        TableColumn(dashboard.Body, "ranking", 1).ShouldBe(expected.Select(r => names[r]));
        var report = await browser.GetAsync("/reports/monthly");
        report.Status.ShouldBe(200);
        TableColumn(report.Body, "report-ranking", 1).ShouldBe(expected.Select(r => names[r]));
    }

    /// <summary>130102: three cards against a plan of 100 (3%); 130105: one card against a plan of 2 (50%).</summary>
    internal static async Task BuildAsync(HttpClient admin)
    {
        foreach (var (county, cards, target) in new[] { ("130102", 3, 100), ("130105", 1, 2) })
        {
            (await admin.PostJsonAsync("/api/v1/coverage-plans", new CoveragePlanRequest($"{county} 贫困人口", county, "poverty", target, new DateOnly(2027, 6, 30))))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
            for (var i = 0; i < cards; i++)
            {
                var registered = await admin.PostJsonAsync("/api/v1/residents", Residents.Valid(county: county) with { Tags = ["poverty"] });
                registered.StatusCode.ShouldBe(HttpStatusCode.Created);
                var id = (await registered.ReadJsonAsync()).GetProperty("id").GetGuid();
                (await admin.PostJsonAsync("/api/v1/cards", new App.Features.Cards.IssueCardRequest(id, "hospital", "13010000001")))
                    .StatusCode.ShouldBe(HttpStatusCode.Created);
            }
        }
    }

    private static async Task<FormClient> SignedInStaffAsync(HealthCardHost host)
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(Caller.System,
                new StaffAccountRequest("city-admin", StaffRoles.RegionAdmin, "1301", StaffPassword, "市管理员", MustChangePassword: false),
                CancellationToken.None);
            created.IsSuccess.ShouldBeTrue(created.Error?.ToString());
        }
        var browser = new FormClient(host, "192.0.2.10");
        var signedIn = await browser.PostFormAsync("/account/login", "login",
            new Dictionary<string, string> { ["Input.UserName"] = "city-admin", ["Input.Password"] = StaffPassword });
        signedIn.RedirectsTo("/").ShouldBeTrue($"{signedIn.Status} {signedIn.Location}");
        return browser;
    }

    /// <summary>The text of one column of the body rows of the table marked <c>data-testid</c>, as the server rendered it.</summary>
    internal static List<string> TableColumn(string html, string testId, int column)
    {
        var start = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"{testId} is not on the page");
        var body = html[html.IndexOf("<tbody", start, StringComparison.Ordinal)..html.IndexOf("</tbody>", start, StringComparison.Ordinal)];
        return RowPattern().Matches(body)
            .Select(row => CellPattern().Matches(row.Value)[column].Groups[1].Value)
            .Select(cell => WebUtility.HtmlDecode(TagPattern().Replace(cell, "")).Trim())
            .ToList();
    }

    [GeneratedRegex("<tr[^>]*>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
