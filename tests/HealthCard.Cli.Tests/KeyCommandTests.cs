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
        // A set with one altered share is detected by the KEK check value.
        var share = (await File.ReadAllTextAsync(PathOf("shares/share-02.txt"), TestContext.Current.CancellationToken)).Trim();
        await File.WriteAllTextAsync(PathOf("altered.txt"), share[..^1] + (share[^1] == 'F' ? 'E' : 'F'), TestContext.Current.CancellationToken);
        var wrong = await RunAsync("keys", "unseal", "--share", PathOf("shares/share-01.txt"), "--share", PathOf("altered.txt"));
        wrong.ExitCode.ShouldBe(2);
        wrong.Error.ShouldContain("keys.wrong_shares");

        foreach (var (province, issuer, collectorId) in new[] { ("13", "13000000001", "130102198001010010"), ("11", "11000000001", "110101198001010010") })
        {
            var issued = await RunAsync(["keys", "issue", "--province", province, "--issuer-code", issuer, "--applicant-institution", "省卫生健康委员会",
                "--applicant", "张主任", "--reason", "申领", "--letter-number", $"WP-{province}", "--collector", "李领取", "--collector-id", collectorId,
                "--handed-over-by", "王保管", .. Shares(1, 2)]);
            issued.ExitCode.ShouldBe(0, issued.Error);
            issued.Output.ShouldContain($"province-{province}-2A");
            issued.Output.ShouldNotContain(collectorId);
        }
        var listed = await RunAsync("keys", "list", "--region", "13");
        listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(16);
        var kcv = await RunAsync(["keys", "kcv", "province-13-31", .. Shares(1, 3)]);
        kcv.Output.ShouldContain("(verified)");
        var rotated = await RunAsync(["keys", "rotate", "platform-signing", "--reason", "drill", .. Shares(2, 3)]);
        rotated.ExitCode.ShouldBe(0, rotated.Error);
        rotated.Output.ShouldContain("v1 retired, v2 active");

        await File.WriteAllTextAsync(PathOf("holder.json"), Holder, TestContext.Current.CancellationToken);
        var withoutShares = await RunAsync("card", "personalize", "--holder", PathOf("holder.json"), "--from-key-service", "--province", "13", "--out", PathOf("card.img"));
        withoutShares.ExitCode.ShouldBe(2);
        var personalized = await RunAsync(["card", "personalize", "--holder", PathOf("holder.json"), "--from-key-service", "--province", "13",
            "--city", "130100", "--chip-serial", "0102030405060708", "--out", PathOf("card.img"), .. Shares(1, 2)]);
        personalized.ExitCode.ShouldBe(0, personalized.Error);

        // The SAMs come from the key service itself, sealed, then unsealed for the "production centre".
        await using var services = Services(Shares(2, 3).Where((_, i) => i % 2 == 1).Select(File.ReadAllText).ToArray());
        var hebei = await LoadSamAsync(services, "1310000001", "13");
        var beijing = await LoadSamAsync(services, "1110000001", "11");
        var card = VirtualHealthCard.Load(PathOf("card.img"));
        var reader = new HealthCardReader(new InProcessChannel(card, hebei), "123456");
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
