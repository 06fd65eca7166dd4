using HealthCard.App;
using HealthCard.App.Features.Keys;
using HealthCard.Chip.Reader;
using HealthCard.Chip.Virtual;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// <c>hcard keys …</c> as a process: the ceremony writes M-of-N share files, operations take M of them (M − 1 and a wrong
/// set are refused), provinces are issued, and <c>card personalize --from-key-service</c> makes a card that the
/// province's SAM (loaded by the key service) reads and another province's SAM cannot.
/// </summary>
public sealed class KeyCommandTests : IDisposable
{
    private const string Holder = """
        {"idType":"01","idNumber":"130105199003150029","name":"欧阳娜娜","gender":"2","ethnicity":"01","birthDate":"1990-03-15",
         "regionCode":"130105","phones":["13800138000"],"addresses":[{"type":"1","text":"河北省石家庄市长安区中山东路123号"}]}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("hc-keys-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => Hcard.RunAsync(_folder, arguments);

    private string[] Shares(params int[] custodians) => custodians.SelectMany(c => new[] { "--share", PathOf($"shares/share-{c:D2}.txt") }).ToArray();

    /// <summary>
    /// <c>hcard apikey create … --scopes keys:manage</c> by the operator (a national administrator grants custody), and the
    /// secret saved to a file as the custodian would; returns the file's path.
    /// </summary>
    private async Task<string> CustodianKeyAsync(string name, string region, string folder = "")
    {
        string[] regionArguments = region.Length == 0 ? [] : ["--region", region];
        var created = await Hcard.RunAsync(Path.Combine(_folder, folder), ["apikey", "create", "--name", name, .. regionArguments, "--scopes", "keys:manage"]);
        created.ExitCode.ShouldBe(0, created.Error);
        var secret = created.Output.Split('\n').Single(l => l.StartsWith("key:", StringComparison.Ordinal))[4..].Trim();
        var path = Path.Combine(_folder, folder, name + ".key");
        await File.WriteAllTextAsync(path, secret + "\n", TestContext.Current.CancellationToken);
        return path;
    }

    /// <summary>The four steps of a province's issuance, each by a different person, as documented in the user guide.</summary>
    private async Task<string> IssueAsync(string province, string collectorId, string issuerKey)
    {
        var applicant = await CustodianKeyAsync($"applicant-{province}", province);
        var delegator = await CustodianKeyAsync($"delegator-{province}", province);
        var applied = await RunAsync("keys", "apply", "--province", province, "--issuer-code", province + "000000001", "--applicant-institution", "省卫生健康委员会",
            "--applicant", "张主任", "--reason", "申领", "--key-file", applicant);
        applied.ExitCode.ShouldBe(0, applied.Error);
        var id = applied.Output.Split(' ')[1];
        // The applicant cannot approve (a province does not review) nor delegate (another person must).
        (await RunAsync("keys", "approve", id, "--key-file", applicant)).Error.ShouldContain("auth.tier");
        var approved = await RunAsync("keys", "approve", id, "--note", "同意");
        approved.ExitCode.ShouldBe(0, approved.Error);
        (await RunAsync("keys", "delegate", id, "--letter-number", $"WP-{province}-X", "--delegator", "省卫生健康委员会", "--collector", "李领取",
            "--collector-id", collectorId, "--key-file", applicant)).Error.ShouldContain("auth.separation_of_duties");
        var delegated = await RunAsync("keys", "delegate", id, "--letter-number", $"WP-{province}", "--delegator", "省卫生健康委员会", "--collector", "李领取",
            "--collector-id", collectorId, "--key-file", delegator);
        delegated.ExitCode.ShouldBe(0, delegated.Error);
        var delegation = delegated.Output.Split(' ')[1].TrimEnd(':');
        // The operator approved, so the operator may not issue.
        (await RunAsync(["keys", "issue", id, "--delegation", delegation, "--receiver", "李领取", "--receiver-id", collectorId, "--handed-over-by", "王保管",
            .. Shares(1, 2)])).Error.ShouldContain("auth.separation_of_duties");
        var issued = await RunAsync(["keys", "issue", id, "--delegation", delegation, "--receiver", "李领取", "--receiver-id", collectorId,
            "--handed-over-by", "王保管", .. Shares(1, 2), "--key-file", issuerKey]);
        issued.ExitCode.ShouldBe(0, issued.Error);
        issued.Output.ShouldContain($"province-{province}-2A");
        issued.Output.ShouldNotContain(collectorId);
        return applicant;
    }

    [Fact]
    public async Task Ceremony_SharesRebuildTheKek_MOfNOnly_AndProvinceKeysPersonalizeACardOnlyItsSamsRead()
    {
        var init = await RunAsync("keys", "init", "--custodians", "3", "--threshold", "2", "--out-dir", PathOf("shares"));
        init.ExitCode.ShouldBe(0, init.Error);
        init.Output.ShouldMatch("KCV [0-9A-F]{6}");
        init.Output.ShouldContain("national-2A");
        for (var c = 1; c <= 3 && !OperatingSystem.IsWindows(); c++)
        {
            File.GetUnixFileMode(PathOf($"shares/share-{c:D2}.txt")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        (await RunAsync("keys", "init", "--custodians", "3", "--threshold", "2", "--out-dir", PathOf("again"))).Error.ShouldContain("keys.already_initialized");

        var oneShare = await RunAsync(["keys", "unseal", .. Shares(2)]);
        oneShare.ExitCode.ShouldBe(2);
        oneShare.Error.ShouldContain("keys.sealed");
        var twoShares = await RunAsync(["keys", "unseal", .. Shares(3, 1)]);
        twoShares.ExitCode.ShouldBe(0, twoShares.Error);
        // An altered share is refused by its own check value.
        var share = (await File.ReadAllTextAsync(PathOf("shares/share-02.txt"), TestContext.Current.CancellationToken)).Trim();
        await File.WriteAllTextAsync(PathOf("altered.txt"), share[..^1] + (share[^1] == 'F' ? 'E' : 'F'), TestContext.Current.CancellationToken);
        var wrong = await RunAsync("keys", "unseal", "--share", PathOf("shares/share-01.txt"), "--share", PathOf("altered.txt"));
        wrong.ExitCode.ShouldBe(2);
        wrong.Error.ShouldContain("keys.bad_share");

        var nationalIssuer = await CustodianKeyAsync("national-issuer", "");
        var hebei = await IssueAsync("13", "130102198001010010", nationalIssuer);
        await IssueAsync("11", "110101198001010010", nationalIssuer);
        var applications = await RunAsync("keys", "applications", "--province", "13");
        applications.Output.ShouldContain("issued by national-issuer");
        var second = await RunAsync("keys", "apply", "--province", "13", "--issuer-code", "13000000001", "--applicant-institution", "省卫生健康委员会",
            "--applicant", "张主任", "--reason", "补充申领", "--key-file", hebei);
        var rejected = await RunAsync("keys", "reject", second.Output.Split(' ')[1], "--note", "重复申请");
        rejected.ExitCode.ShouldBe(0, rejected.Error);
        rejected.Output.ShouldContain("rejected");

        var listed = await RunAsync("keys", "list", "--region", "13");
        listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(16);
        (await RunAsync("keys", "list", "--key-file", hebei)).Output.ShouldNotContain("national-2A"); // a province sees its own keys only
        var kcv = await RunAsync(["keys", "kcv", "province-13-31", .. Shares(1, 3)]);
        kcv.Output.ShouldContain("(verified)");
        var rotated = await RunAsync(["keys", "rotate", "platform-signing", "--reason", "drill", .. Shares(2, 3)]);
        rotated.ExitCode.ShouldBe(0, rotated.Error);
        rotated.Output.ShouldContain("v1 retired, v2 active");
        (await RunAsync(["keys", "rotate", "national-2A", "--reason", "attack", .. Shares(2, 3), "--key-file", hebei])).Error.ShouldContain("auth.tier");

        // Export to Hebei's own platform: Hebei's custodians each make a component and give it at both nodes.
        Directory.CreateDirectory(PathOf("hebei"));
        var hebeiA = await CustodianKeyAsync("hb-a", "13");
        var hebeiB = await CustodianKeyAsync("hb-b", "13");
        var componentA = await RunAsync("keys", "component", "--out", PathOf("a.component"));
        componentA.Output.ShouldMatch("component check value [0-9A-F]{6}");
        await RunAsync("keys", "component", "--out", PathOf("b.component"));
        var firstComponent = await RunAsync(["keys", "transport-key", "--region", "13", "--component", PathOf("a.component"), .. Shares(1, 2), "--key-file", hebeiA]);
        firstComponent.Output.ShouldContain("1 of 2 components");
        (await RunAsync(["keys", "export", "--province", "13", "--out", PathOf("hb.json"), .. Shares(1, 2)])).Error.ShouldContain("keys.no_transport_key");
        var secondComponent = await RunAsync(["keys", "transport-key", "--region", "13", "--component", PathOf("b.component"), .. Shares(1, 2), "--key-file", hebeiB]);
        secondComponent.Output.ShouldMatch("transport-13 v1 registered: check value [0-9A-F]{6}");
        var exported = await RunAsync(["keys", "export", "--province", "13", "--out", PathOf("hb.json"), .. Shares(1, 2)]);
        exported.ExitCode.ShouldBe(0, exported.Error);
        exported.Output.ShouldContain("16 keys for 13");

        // Hebei's own node: its key store belongs to its custodians; the same components make the same transport key.
        var provincialKey = await CustodianKeyAsync("hb-node-a", "13", "hebei");
        var provincialKeyB = await CustodianKeyAsync("hb-node-b", "13", "hebei");
        var hebeiInit = await Hcard.RunAsync(PathOf("hebei"), "keys", "init", "--custodians", "2", "--threshold", "2", "--out-dir", PathOf("hebei/shares"),
            "--key-file", provincialKey);
        hebeiInit.ExitCode.ShouldBe(0, hebeiInit.Error);
        string[] hebeiShares = ["--share", PathOf("hebei/shares/share-01.txt"), "--share", PathOf("hebei/shares/share-02.txt")];
        (await Hcard.RunAsync(PathOf("hebei"), ["keys", "transport-key", "--region", "13", "--component", PathOf("a.component"), .. hebeiShares, "--key-file", provincialKey]))
            .ExitCode.ShouldBe(0);
        (await Hcard.RunAsync(PathOf("hebei"), ["keys", "transport-key", "--region", "13", "--component", PathOf("b.component"), .. hebeiShares, "--key-file", provincialKeyB]))
            .Output.ShouldContain(secondComponent.Output.Split("check value ")[^1].Trim());
        var imported = await Hcard.RunAsync(PathOf("hebei"), ["keys", "import", PathOf("hb.json"), .. hebeiShares, "--key-file", provincialKey]);
        imported.ExitCode.ShouldBe(0, imported.Error);
        imported.Output.ShouldContain("imported 16 keys, every check value verified");

        await File.WriteAllTextAsync(PathOf("holder.json"), Holder, TestContext.Current.CancellationToken);
        var withoutShares = await RunAsync("card", "personalize", "--holder", PathOf("holder.json"), "--from-key-service", "--province", "13", "--out", PathOf("card.img"));
        withoutShares.ExitCode.ShouldBe(2);
        var personalized = await RunAsync(["card", "personalize", "--holder", PathOf("holder.json"), "--from-key-service", "--province", "13",
            "--city", "130100", "--chip-serial", "0102030405060708", "--out", PathOf("card.img"), .. Shares(1, 2)]);
        personalized.ExitCode.ShouldBe(0, personalized.Error);

        // The SAMs come from the key service itself, sealed, then unsealed for the "production centre".
        await using var services = Services(Shares(2, 3).Where((_, i) => i % 2 == 1).Select(File.ReadAllText).ToArray());
        var hebeiSam = await LoadSamAsync(services, "1310000001", "13");
        var beijing = await LoadSamAsync(services, "1110000001", "11");
        var card = VirtualHealthCard.Load(PathOf("card.img"));
        var reader = new HealthCardReader(new InProcessChannel(card, hebeiSam), "123456");
        reader.Open().ShouldBe(ReaderError.Ok);
        reader.ReadHolderIdentity().Value!.Name.ShouldBe("欧阳娜娜");
        var foreign = new HealthCardReader(new InProcessChannel(card, beijing), "123456");
        foreign.Open().ShouldBe(ReaderError.Ok);
        foreign.ReadHolderIdentity().Error.ShouldNotBe(ReaderError.Ok);

        var audit = await RunAsync("audit", "verify");
        audit.ExitCode.ShouldBe(0, audit.Output);
    }

    private ServiceProvider Services(string[] shares)
    {
        var settings = new Dictionary<string, string?>
        {
            ["HealthCard:Database:SqlitePath"] = PathOf("healthcard.db"),
            ["HealthCard:DataProtection:KeyFile"] = PathOf("healthcard.keys"),
            ["HealthCard:NodeId"] = "test-production-centre",
        };
        for (var i = 0; i < shares.Length; i++)
        {
            settings[$"HealthCard:Keys:Shares:{i}"] = shares[i].Trim();
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddHealthCard(configuration).BuildServiceProvider();
    }

    private static async Task<VirtualSam> LoadSamAsync(ServiceProvider services, string serial, string province)
    {
        await using var scope = services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<KeyService>();
        var loaded = await keys.LoadAsync(serial, 2, province, CancellationToken.None);
        loaded.IsSuccess.ShouldBeTrue(loaded.Error?.ToString());
        var image = await keys.UnsealSamImageAsync(loaded.Value.SealedImage);
        return VirtualSam.ImportImage(image.Value);
    }
}
