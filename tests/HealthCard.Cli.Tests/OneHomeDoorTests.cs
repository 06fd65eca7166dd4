using System.Globalization;
using System.Text;
using System.Text.Json;
using HealthCard.App;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Residents;
using HealthCard.App.Features.Statistics;
using HealthCard.App.Persistence;
using HealthCard.Chip.Files;
using HealthCard.Chip.Virtual;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// Issue 15, disagreements 1–3, through the command line: <c>hcard</c> as a process gives the answer the API and the
/// console give (their half is in HealthCard.Web.Tests: RegionRankingDoorTests, Doors/*). The registry's side is
/// reached in process over the same database, as the console reaches it.
/// </summary>
public sealed class OneHomeDoorTests : IDisposable
{
    private readonly HcardFolder _hcard = new("hc-doors-");

    public void Dispose() => _hcard.Dispose();

    /// <summary>130102 issues three cards against a plan of 100, 130105 one against a plan of 2: by progress, 130105 ranks first.</summary>
    [Fact]
    public async Task Ranking_SameAnswerThroughEveryDoor()
    {
        var month = DateTimeOffset.UtcNow.ToOffset(ChinaTime.Offset).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        IReadOnlyList<string> dashboard;
        await using (var services = await ServicesAsync())
        {
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            foreach (var (county, cards, target) in new[] { ("130102", 3, 100), ("130105", 1, 2) })
            {
                (await sp.GetRequiredService<CreateCoveragePlan>().ExecuteAsync(Caller.System,
                    new CoveragePlanRequest($"{county} 贫困人口", county, "poverty", target, new DateOnly(2027, 6, 30)), CancellationToken.None)).IsSuccess.ShouldBeTrue();
                for (var i = 0; i < cards; i++)
                {
                    await IssueAsync(sp, county, "hospital");
                }
            }
            // The dashboard's query.
            dashboard = [.. (await sp.GetRequiredService<GetRegionRanking>().ExecuteAsync(Caller.System with { RegionScope = "1301" },
                new RegionRankingRequest(null, month), CancellationToken.None)).Value.Regions.Select(r => r.Region)];
        }
        dashboard.ShouldBe(["130105", "130102"]);

        var report = await _hcard.RunAsync("report", "monthly", "--region", "1301", "--month", month, "--out", _hcard.PathOf("report.csv"));

        report.ExitCode.ShouldBe(0, report.Error);
        var lines = (await File.ReadAllTextAsync(_hcard.PathOf("report.csv"), Encoding.UTF8, TestContext.Current.CancellationToken)).TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l.Split(',')).ToList();
        lines.OrderBy(l => int.Parse(l[3], CultureInfo.InvariantCulture)).Select(l => l[1]).ShouldBe(dashboard);
    }

    /// <summary><c>hcard production activate</c> is the command line's door to the card operations: the caps answer as in the console and the API.</summary>
    [Fact]
    public async Task CardOperationCaps_SameAnswerThroughEveryDoor()
    {
        string cardNumber;
        var tooLong = new CardOperation(null, new string('人', CardOperationRules.OperatorMaxLength + 1), new string('位', CardOperationRules.UnitMaxLength + 1));
        Error expected;
        await using (var services = await ServicesAsync())
        {
            await using var scope = services.CreateAsyncScope();
            cardNumber = await IssueAsync(scope.ServiceProvider, "130105", "batch");
            expected = (await scope.ServiceProvider.GetRequiredService<ChangeCardStatus>().ExecuteAsync(Caller.CommandLine("cli:test"), cardNumber,
                CardTrigger.Activate, tooLong, CancellationToken.None)).Error!;
        }
        var invalid = expected.ShouldBeOfType<ValidationFailed>();
        invalid.Fields.Keys.Order(StringComparer.Ordinal).ShouldBe(["operator", "unit"]);

        var refused = await _hcard.RunAsync("production", "activate", cardNumber, "--unit", tooLong.Unit!, "--operator", tooLong.Operator!);

        refused.ExitCode.ShouldBe(2);
        var lines = refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].ShouldStartWith($"error {expected.Code}:");
        lines.Skip(1).ShouldBe(invalid.Fields.SelectMany(f => f.Value.Select(m => $"{f.Key}: {m.Zh} / {m.En}")), ignoreOrder: true);
    }

    /// <summary>
    /// With five years configured, a card personalized by <c>hcard card personalize</c> takes the next serial of the
    /// registry's counter and the configured validity, like the cards issued around it; a serial CardRules forbids is refused.
    /// </summary>
    [Fact]
    public async Task IssuedSerialAndValidity_SameAnswerThroughEveryDoor()
    {
        (await RunAsync("card", "keyset", "create", "--out", _hcard.PathOf("keys"))).ExitCode.ShouldBe(0);
        var holder = Residents.Valid(county: "130105");
        await File.WriteAllTextAsync(_hcard.PathOf("holder.json"), JsonSerializer.Serialize(holder, HealthCardHost.Json), TestContext.Current.CancellationToken);
        string[] personalize = ["card", "personalize", "--holder", _hcard.PathOf("holder.json"), "--issuer", _hcard.PathOf("keys/issuer.json"),
            "--keys", _hcard.PathOf("keys/keyset.json"), "--out", _hcard.PathOf("card.img")];
        var registryCards = new List<CardView>();
        await using (var services = await ServicesAsync())
        {
            await using var scope = services.CreateAsyncScope();
            registryCards.Add(await IssuedAsync(scope.ServiceProvider));
        }

        var personalized = await RunAsync(personalize);
        personalized.ExitCode.ShouldBe(0, personalized.Error);
        var refused = await RunAsync([.. personalize[..^2], "--serial", "1300000000", "--out", _hcard.PathOf("refused.img")]);

        await using (var services = await ServicesAsync())
        {
            await using var scope = services.CreateAsyncScope();
            registryCards.Add(await IssuedAsync(scope.ServiceProvider));
        }
        var card = VirtualHealthCard.Load(_hcard.PathOf("card.img"));
        var issuer = Ddf1Ef05.DecodeRecords(card.Contents("DDF1/EF05").Select(r => (ReadOnlyMemory<byte>)r).ToList());
        var validity = Ddf1Ef08.DecodeRecords(card.Contents("DDF1/EF08").Select(r => (ReadOnlyMemory<byte>)r).ToList());
        var issued = DateOnly.ParseExact(issuer.IssueDate, "yyyyMMdd", CultureInfo.InvariantCulture);

        CardRules.IsValidSerial(issuer.CardSerial).ShouldBeTrue(issuer.CardSerial);
        DateOnly.ParseExact(validity.ExpiryDate, "yyyyMMdd", CultureInfo.InvariantCulture).ShouldBe(issued.AddYears(5));
        foreach (var registry in registryCards)
        {
            CardRules.IsValidSerial(registry.Serial).ShouldBeTrue(registry.Serial);
            registry.ExpiryDate.ShouldBe(registry.IssueDate.AddYears(5));
        }
        // One counter: the CLI's card sits between the registry's two and is never handed out again.
        new[] { registryCards[0].Serial, issuer.CardSerial, registryCards[1].Serial }.ShouldBe(
            [CardRules.Serial("13", 1), CardRules.Serial("13", 2), CardRules.Serial("13", 3)]);
        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldContain("error card.invalid");
        refused.Error.ShouldContain("serial:");
        File.Exists(_hcard.PathOf("refused.img")).ShouldBeFalse();
    }

    /// <summary>hcard with a card validity of five years configured, as a deployment would set it.</summary>
    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = Hcard.StartInfo(_hcard.Folder, arguments);
        start.Environment["HealthCard__CardValidityYears"] = "5";
        return Hcard.RunAsync(start);
    }

    /// <summary>The registry over this folder's database (created if need be), with the same five-year validity.</summary>
    private async Task<ServiceProvider> ServicesAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthCard:Database:SqlitePath"] = _hcard.PathOf("healthcard.db"),
            ["HealthCard:DataProtection:KeyFile"] = _hcard.PathOf("healthcard.keys"),
            ["HealthCard:NodeId"] = "test-registry",
            ["HealthCard:CardValidityYears"] = "5",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddHealthCard(configuration).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return services;
    }

    private static async Task<CardView> IssuedAsync(IServiceProvider sp)
    {
        var number = await IssueAsync(sp, "130105", "hospital");
        return (await sp.GetRequiredService<GetCard>().ExecuteAsync(Caller.System, number, CancellationToken.None)).Value;
    }

    /// <summary>Registers a poverty-tagged resident of <paramref name="county"/> and issues them a card; answers the card number.</summary>
    private static async Task<string> IssueAsync(IServiceProvider sp, string county, string mode)
    {
        var draft = Residents.Valid(county: county) with { Tags = ["poverty"] };
        var registered = await sp.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, draft, CancellationToken.None);
        registered.IsSuccess.ShouldBeTrue(registered.Error?.ToString());
        var issued = await sp.GetRequiredService<IssueCard>().ExecuteAsync(Caller.System,
            new IssueCardRequest(registered.Value.Id, mode, "13010000001"), CancellationToken.None);
        issued.IsSuccess.ShouldBeTrue(issued.Error?.ToString());
        return draft.IdNumber!;
    }
}
