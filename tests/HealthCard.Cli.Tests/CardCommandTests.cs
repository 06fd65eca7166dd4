using System.Text.Json;
using HealthCard.Chip.Apdu;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;
using HealthCard.Chip.Reader;
using HealthCard.Chip.Virtual;

namespace HealthCard.Cli.Tests;

/// <summary><c>hcard card …</c> as a process: key set, personalization from a resident JSON, dumps and raw APDUs.</summary>
public sealed class CardCommandTests : IDisposable
{
    private const string Holder = """
        {"idType":"01","idNumber":"130105199003150029","name":"欧阳娜娜","gender":"2","ethnicity":"01","birthDate":"1990-03-15",
         "regionCode":"130105","phones":["13800138000"],"addresses":[{"type":"1","text":"河北省石家庄市长安区中山东路123号"}],
         "contacts":[{"name":"欧阳建国","relation":"10","phone":"13900139000"}],
         "health":{"abo":"1","rh":"2","flags":["asthma"],"allergies":[{"substance":"青霉素","reaction":"皮疹"},{"substance":"花生","reaction":"喉头水肿"}],
                   "immunizations":[{"name":"乙肝疫苗","date":"1990-04-01"}]}}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("hc-card-").FullName;

    private string PathOf(string name) => Path.Combine(_folder, name);

    private async Task<string> PersonalizedCardAsync()
    {
        (await Hcard.RunAsync(_folder, "card", "keyset", "create", "--out", PathOf("keys"))).ExitCode.ShouldBe(0);
        await File.WriteAllTextAsync(PathOf("holder.json"), Holder, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(PathOf("photo.jpg"), [0xFF, 0xD8, .. new byte[500], 0xFF, 0xD9], TestContext.Current.CancellationToken);
        var personalized = await Hcard.RunAsync(_folder, "card", "personalize", "--holder", PathOf("holder.json"),
            "--issuer", PathOf("keys/issuer.json"), "--keys", PathOf("keys/keyset.json"), "--photo", PathOf("photo.jpg"),
            "--serial", "1300000007", "--chip-serial", "0102030405060708", "--out", PathOf("card.img"));
        personalized.ExitCode.ShouldBe(0, personalized.Error);
        personalized.Output.ShouldNotContain("130105199003150029"); // the ID number is masked in output
        return PathOf("card.img");
    }

    [Fact]
    public async Task KeysetCreate_WritesTheKeySetTheIssuerAndOneSamOfEachType()
    {
        var created = await Hcard.RunAsync(_folder, "card", "keyset", "create", "--out", PathOf("keys"));

        created.ExitCode.ShouldBe(0);
        var keys = KeySet.Load(PathOf("keys/keyset.json"));
        keys.MasterKeys.Count.ShouldBe(SamKeys.All.Count);
        IssuerProfile.Load(PathOf("keys/issuer.json")).Certificate.ShouldBe(keys.IssuerCertificate);
        for (var type = 1; type <= 5; type++)
        {
            var sam = VirtualSam.Load(PathOf($"keys/sam-type{type}.img"));
            sam.Type.ShouldBe(type);
            sam.KeyIndexes.ShouldBe(SamKeys.HeldBy(type).Order());
        }
    }

    [Theory]
    [InlineData("--city", "13")]
    [InlineData("--issuer-code", "13O1")]
    [InlineData("--issuer-name", "一个名称长得放不进发卡机构名称这个三十字节字段的机构")]
    public async Task KeysetCreate_RefusesIssuerDataTheCardCannotHold_AndWritesNothing(string option, string value)
    {
        var refused = await Hcard.RunAsync(_folder, "card", "keyset", "create", "--out", PathOf("keys"), option, value);

        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldStartWith("error:");
        Directory.Exists(PathOf("keys")).ShouldBeFalse();
    }

    [Fact]
    public async Task Personalize_ThenReadThroughTheReaderWithATestSam_ReturnsTheResident()
    {
        var image = await PersonalizedCardAsync();
        var keys = KeySet.Load(PathOf("keys/keyset.json"));
        var reader = new HealthCardReader(new InProcessChannel(VirtualHealthCard.Load(image), VirtualSam.Load(PathOf("keys/sam-type2.img"))), keys.SamPin);

        reader.Open().ShouldBe(ReaderError.Ok);
        var holder = reader.ReadCardholder().Value!;

        holder.Identity.Name.ShouldBe("欧阳娜娜");
        holder.Identity.IdNumber.ShouldBe("130105199003150029");
        holder.Addresses.Address1.ShouldBe("河北省石家庄市长安区中山东路123号");
        holder.Contacts.ContactName1.ShouldBe("欧阳建国");
        holder.Allergies.Select(a => a.Substance).ShouldBe(["花生", "青霉素"], "the card holds the newest allergy first");
        holder.Clinical.Asthma.ToArray().ShouldBe([MedicalAlertFlags.Yes]);
        holder.Photo.Length.ShouldBe(504);
        var issuer = reader.ReadIssuerData().Value!;
        issuer.CardSerial.ShouldBe("1300000007");
        issuer.CardNumber.ShouldBe("130105199003150029");
    }

    [Fact]
    public async Task Personalize_RefusesAnInvalidResident_WithTheRegistryMessages()
    {
        (await Hcard.RunAsync(_folder, "card", "keyset", "create", "--out", PathOf("keys"))).ExitCode.ShouldBe(0);
        await File.WriteAllTextAsync(PathOf("holder.json"), Holder.Replace("150029", "150028", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var refused = await Hcard.RunAsync(_folder, "card", "personalize", "--holder", PathOf("holder.json"),
            "--issuer", PathOf("keys/issuer.json"), "--keys", PathOf("keys/keyset.json"), "--out", PathOf("card.img"));

        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldContain("idNumber");
        refused.Error.ShouldContain("校验码");
        File.Exists(PathOf("card.img")).ShouldBeFalse();
    }

    [Fact]
    public async Task DumpHex_MapsEachFileToItsRecordsAsStored()
    {
        var image = await PersonalizedCardAsync();

        var dump = await Hcard.RunAsync(_folder, "card", "dump", image, "--hex");

        dump.ExitCode.ShouldBe(0);
        var files = JsonSerializer.Deserialize<Dictionary<string, string>>(dump.Output)!;
        var card = VirtualHealthCard.Load(image);
        files.Keys.ShouldBe(card.Files.Select(f => f.Path), ignoreOrder: true);
        files["DDF1/EF06"].ShouldBe(Convert.ToHexString(new Ddf1Ef06
        {
            Name = "欧阳娜娜", Gender = new byte[] { 0x02 }, Ethnicity = "01", BirthDate = "19900315", IdNumber = "130105199003150029",
        }.EncodeRecords().SelectMany(r => r).ToArray()));
        files["DF03/EF05"].ShouldBe("FFFFFF");
        files["DF03/EE01"].Length.ShouldBe(CardLayouts.Ee0n.Length * 2);
    }

    [Fact]
    public async Task Dump_PrintsEveryElementAsJson_WithChineseReadable()
    {
        var image = await PersonalizedCardAsync();

        var dump = await Hcard.RunAsync(_folder, "card", "dump", image);

        dump.ExitCode.ShouldBe(0);
        using var json = JsonDocument.Parse(dump.Output);
        json.RootElement.GetProperty("DDF1/EF06").GetProperty("name").GetString().ShouldBe("欧阳娜娜");
        json.RootElement.GetProperty("DDF1/EF05").GetProperty("securityCode").GetString()!.Length.ShouldBe(3);
        json.RootElement.GetProperty("DF03/EF06").EnumerateArray().Select(e => e.GetString()).ShouldAllBe(s => s == "free");
        dump.Output.ShouldContain("欧阳娜娜"); // not \u-escaped
    }

    [Fact]
    public async Task Apdu_SendsCommandsInOrder_AndTheCardEnforcesItsAccessConditions()
    {
        var image = await PersonalizedCardAsync();

        var result = await Hcard.RunAsync(_folder, "card", "apdu", image, "--sam", PathOf("keys/sam-type1.img"),
            "00A4000002DDF1", "00A4000002EF05", "00B2070400", "00A4000002EF06", "00B2010400", "sam:00B09C00BE");

        result.ExitCode.ShouldBe(0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Record 7 of DDF1/EF05 is element 08, 卡号 (tag 08, length 0x12).
        lines.Where(l => l.StartsWith("card <", StringComparison.Ordinal)).ShouldBe(
            ["card < 9000", "card < 9000", $"card < 0812{Convert.ToHexString("130105199003150029"u8)} 9000", "card < 9000", "card < 6982"]);
        lines.Last().ShouldEndWith(" 9000"); // the SAM certificate from DF01/001C
        (await Hcard.RunAsync(_folder, "card", "apdu", image, "sam:0084000008")).ExitCode.ShouldBe(2, "no SAM image given");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
