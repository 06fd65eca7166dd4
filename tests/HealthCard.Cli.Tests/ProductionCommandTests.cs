using System.Text.RegularExpressions;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Residents;
using HealthCard.Crypto.Sm2;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// The production pipeline through <c>hcard</c> as a process: applications submitted and reviewed (county, then city),
/// a batch, the export (custodian shares needed to sign), the factory opening the file with its private key, the return
/// file (one card made, one failed), distribution and activation. The residents and the bank are registered in process,
/// as the registry would hold them.
/// </summary>
public sealed partial class ProductionCommandTests : IDisposable
{
    private readonly HcardFolder _hcard = new("hc-production-");

    public void Dispose() => _hcard.Dispose();

    private string PathOf(string name) => _hcard.PathOf(name);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => _hcard.RunAsync(arguments);

    [Fact]
    public async Task ApplicationsToActiveCards_EndToEnd()
    {
        var shares = await _hcard.InitKeysAsync();
        var residents = new List<(Guid Id, string CardNumber)>();
        string bank, platformKey;
        await using (var services = _hcard.Services("test-production"))
        {
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            for (var i = 0; i < 2; i++)
            {
                var draft = Residents.Valid(county: "130102");
                var registered = await sp.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, draft, CancellationToken.None);
                residents.Add((registered.Value.Id, draft.IdNumber!));
            }
            bank = "91130100MA0BANK01X";
            var created = await sp.GetRequiredService<CreateInstitution>().ExecuteAsync(Caller.System,
                new InstitutionRequest(bank, "bank", "中国建设银行石家庄分行", null, null, "130100", "王行长", "0311-86000000"), CancellationToken.None);
            created.IsSuccess.ShouldBeTrue(created.Error?.ToString());
            platformKey = (await sp.GetRequiredService<GetPlatformSigningKey>().ExecuteAsync(CancellationToken.None)).Value.PublicKey;
        }

        foreach (var (id, _) in residents)
        {
            var submitted = await RunAsync("applications", "submit", "--resident", id.ToString(), "--channel", "paper", "--operator", "窗口 李", "--as-region", "130102");
            submitted.ExitCode.ShouldBe(0, submitted.Error);
            var applicationId = submitted.Output.Split(' ')[0];
            var city = await RunAsync("applications", "review", applicationId, "--as-region", "1301");
            city.ExitCode.ShouldBe(2);
            city.Error.ShouldContain("card_application.wrong_level");
            (await RunAsync("applications", "review", applicationId, "--as-region", "130102")).Output.ShouldContain("county_reviewed");
            (await RunAsync("applications", "review", applicationId, "--as-region", "1301")).Output.ShouldContain("approved");
        }
        var listed = await RunAsync("applications", "list", "--status", "approved");
        listed.Output.ShouldContain("2 applications");

        using var factory = Sm2Algorithm.GenerateKey();
        var batch = await RunAsync("production", "create", "--region", "130102", "--bank", bank, "--issuer-code", "13010000001",
            "--source", "applications", "--recipient-key", Convert.ToHexString(factory.PublicKey), "--operator", "批次 周");
        batch.ExitCode.ShouldBe(0, batch.Error);
        var batchId = BatchLine().Match(batch.Output).Groups["id"].Value;
        batch.Output.ShouldContain("2 cards");

        var unsigned = await RunAsync("production", "export", batchId, "--out", PathOf("batch.hcpf.json"));
        unsigned.ExitCode.ShouldBe(2);
        unsigned.Error.ShouldContain("keys.sealed");
        var exported = await RunAsync(["production", "export", batchId, "--out", PathOf("batch.hcpf.json"), .. shares]);
        exported.ExitCode.ShouldBe(0, exported.Error);
        exported.Output.ShouldContain("2 cards");

        // At the factory: its private key and the platform's public key open the file.
        var scalar = new byte[32];
        factory.WriteTo(scalar);
        await File.WriteAllTextAsync(PathOf("factory.key"), Convert.ToHexString(scalar), TestContext.Current.CancellationToken);
        var opened = await RunAsync("production", "open", PathOf("batch.hcpf.json"), "--key", PathOf("factory.key"), "--platform-key", platformKey, "--out", PathOf("cards.csv"));
        opened.ExitCode.ShouldBe(0, opened.Error);
        opened.Output.ShouldStartWith("valid: batch PC130102");
        var cards = (await File.ReadAllLinesAsync(PathOf("cards.csv"), TestContext.Current.CancellationToken)).Skip(1).Select(l => l.Split(',')).ToList();
        cards.Select(c => c[1]).ShouldBe(residents.Select(r => r.CardNumber), ignoreOrder: true);
        using (var stranger = Sm2Algorithm.GenerateKey())
        {
            var wrongPlatform = await RunAsync("production", "open", PathOf("batch.hcpf.json"), "--key", PathOf("factory.key"), "--platform-key",
                Convert.ToHexString(stranger.PublicKey), "--out", PathOf("x.csv"));
            wrongPlatform.ExitCode.ShouldBe(1);
            wrongPlatform.Error.ShouldContain("production_file.bad_signature");
        }

        var (made, failed) = (cards[0], cards[1]);
        await File.WriteAllTextAsync(PathOf("return.csv"), $"serial,chipSerial,bankCardNumber,outcome,reason\n{made[0]},0011223344556677,,ok,\n{failed[0]},,,failed,卡面印刷错误\n",
            TestContext.Current.CancellationToken);
        var returned = await RunAsync("production", "return", batchId, PathOf("return.csv"), "--operator", "制卡员 吴");
        returned.ExitCode.ShouldBe(0, returned.Output + returned.Error);
        returned.Output.ShouldContain("produced 1, failed 1, unchanged 0, refused 0");
        (await RunAsync("production", "return", batchId, PathOf("return.csv"))).Output.ShouldContain("produced 0, failed 0, unchanged 2, refused 0");

        var distributed = await RunAsync("production", "distribute", batchId, "--issuing-point", "长安区建北社区卫生服务站", "--operator", "发放员 郑");
        distributed.ExitCode.ShouldBe(0, distributed.Error);
        distributed.Output.ShouldContain($"1 cards to 长安区建北社区卫生服务站: {made[0]}");
        var activated = await RunAsync("production", "activate", made[1], "--unit", "长安区建北社区卫生服务站", "--operator", "发卡员 冯");
        activated.ExitCode.ShouldBe(0, activated.Error);
        activated.Output.ShouldBe($"{made[0]}: active, issued by 长安区建北社区卫生服务站 (发卡员 冯)\n");
        (await RunAsync("production", "activate", failed[1], "--unit", "x", "--operator", "y")).Error.ShouldContain("card.invalid_transition");

        // The failed card's application is back in the queue.
        var next = await RunAsync("production", "create", "--region", "130102", "--bank", bank, "--issuer-code", "13010000001",
            "--recipient-key", Convert.ToHexString(factory.PublicKey));
        next.ExitCode.ShouldBe(0, next.Error);
        next.Output.ShouldContain("1 cards");
    }

    /// <summary>
    /// The rollout through hcard alone: import a poverty list, batch it, export, open at the factory, return (one card
    /// failed), distribute, activate two cards; then <c>hcard report monthly</c> must agree with <c>hcard stats</c>.
    /// </summary>
    [Fact]
    public async Task ImportToMonthlyReport_EndToEnd_ReportAgreesWithStats()
    {
        var ct = TestContext.Current.CancellationToken;
        var shares = await _hcard.InitKeysAsync();
        const string bank = "91130100MA0BANK02X";
        string platformKey;
        await using (var services = _hcard.Services("test-production"))
        {
            await using var scope = services.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<CreateInstitution>().ExecuteAsync(Caller.System,
                new InstitutionRequest(bank, "bank", "中国农业银行石家庄分行", null, null, "130100", "赵行长", "0311-86000001"), CancellationToken.None);
            created.IsSuccess.ShouldBeTrue(created.Error?.ToString());
            platformKey = (await scope.ServiceProvider.GetRequiredService<GetPlatformSigningKey>().ExecuteAsync(CancellationToken.None)).Value.PublicKey;
        }
        var defects = PopulationFiles.WriteCsv(PathOf("poverty.csv"), 6, county: "130102", defectEvery: 3, seed: 9);
        var imported = await RunAsync("import", "residents", PathOf("poverty.csv"), "--region", "130102", "--tag", "poverty");
        imported.ExitCode.ShouldBe(0, imported.Error);
        imported.Output.ShouldContain($"accepted {6 - defects}, merged 0, rejected {defects}");
        (await RunAsync("plans", "create", "--name", "长安区贫困人口发卡", "--region", "130102", "--tag", "poverty", "--target", "4", "--deadline", "2027-06-30"))
            .ExitCode.ShouldBe(0);

        using var factory = Sm2Algorithm.GenerateKey();
        var batch = await RunAsync("production", "create", "--region", "130102", "--bank", bank, "--issuer-code", "13010000001",
            "--source", "population", "--tag", "poverty", "--recipient-key", Convert.ToHexString(factory.PublicKey));
        batch.ExitCode.ShouldBe(0, batch.Error);
        var batchId = BatchLine().Match(batch.Output).Groups["id"].Value;
        (await RunAsync(["production", "export", batchId, "--out", PathOf("batch.hcpf.json"), .. shares])).ExitCode.ShouldBe(0);
        var scalar = new byte[32];
        factory.WriteTo(scalar);
        await File.WriteAllTextAsync(PathOf("factory.key"), Convert.ToHexString(scalar), ct);
        (await RunAsync("production", "open", PathOf("batch.hcpf.json"), "--key", PathOf("factory.key"), "--platform-key", platformKey, "--out", PathOf("cards.csv")))
            .ExitCode.ShouldBe(0);
        var cards = (await File.ReadAllLinesAsync(PathOf("cards.csv"), ct)).Skip(1).Select(l => l.Split(',')).ToList();
        cards.Count.ShouldBe(6 - defects);
        var returnLines = cards.Select((c, i) => i == 0 ? $"{c[0]},,,failed,印刷错误" : $"{c[0]},{0xABC00 + i:X16},,ok,");
        await File.WriteAllTextAsync(PathOf("return.csv"), "serial,chipSerial,bankCardNumber,outcome,reason\n" + string.Join("\n", returnLines) + "\n", ct);
        (await RunAsync("production", "return", batchId, PathOf("return.csv"), "--operator", "制卡员 吴")).ExitCode.ShouldBe(0);
        (await RunAsync("production", "distribute", batchId, "--issuing-point", "长安区建北社区卫生服务站", "--operator", "发放员 郑")).ExitCode.ShouldBe(0);
        foreach (var card in cards.Skip(1).Take(2))
        {
            (await RunAsync("production", "activate", card[1], "--unit", "长安区建北社区卫生服务站", "--operator", "发卡员 冯")).ExitCode.ShouldBe(0);
        }

        var month = DateTimeOffset.UtcNow.ToOffset(ChinaTime.Offset).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var stats = await RunAsync("stats", "--region", "1301", "--from", month, "--to", month, "--group-by", "region");
        stats.ExitCode.ShouldBe(0, stats.Error);
        using var json = System.Text.Json.JsonDocument.Parse(stats.Output);
        var county = json.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "130102").GetProperty("figures");
        county.GetProperty("period").GetProperty("issued").GetInt64().ShouldBe(2);
        county.GetProperty("period").GetProperty("produced").GetInt64().ShouldBe(cards.Count - 1);
        county.GetProperty("cards").GetProperty("cancelled").GetInt64().ShouldBe(1);
        county.GetProperty("coverage")[0].GetProperty("plans")[0].GetProperty("progress").GetDouble().ShouldBe(0.5);
        var report = await RunAsync("report", "monthly", "--region", "1301", "--month", month, "--out", PathOf("report.xlsx"));
        report.ExitCode.ShouldBe(0, report.Error);
        MonthlyReportChecks.ShouldAgreeWith(await File.ReadAllBytesAsync(PathOf("report.xlsx"), ct), json.RootElement);
    }

    [GeneratedRegex("batch (?<id>[0-9a-f-]{36}) ")]
    private static partial Regex BatchLine();
}
