using HealthCard.App.Features.Keys;
using HealthCard.Chip.Apdu;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;
using HealthCard.Chip.Reader;
using HealthCard.Chip.Virtual;
using HealthCard.Crypto.Certificates;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Keys;

/// <summary>
/// The issue's must-show: keys issued to a province personalize a card that a SAM of that province (loaded by the key
/// service, sealed, then unsealed) reads, and that a SAM of another province cannot.
/// </summary>
public sealed class KeyServiceCardTests
{
    private static readonly Cardholder Holder = new()
    {
        Identity = new Ddf1Ef06 { Name = "赵测试", Gender = new byte[] { 0x01 }, Ethnicity = "01", BirthDate = "19800101", IdNumber = "130102198001010010" },
        Documents = new Df01Ef08 { IdType = "01", IdNumber = "130102198001010010" },
        Allergies = [new Allergy { Substance = "青霉素", Reaction = "皮疹" }],
    };

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task ProvinceKeys_PersonalizeACard_ThatASamOfThatProvinceReads_AndOfAnotherProvinceCannot(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        await KeyTestKit.InitAsync(host);
        await KeyTestKit.IssueProvinceAsync(host, "13", "13000000001");
        await KeyTestKit.IssueProvinceAsync(host, "11", "11000000001");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var issue = new CardIssue("130102198001010010", "1300000099", Convert.FromHexString("8613000000000001"), today, today.AddYears(10));

        var card = await KeyTestKit.WithAsync(host, async sp =>
        {
            var keys = await sp.GetRequiredService<KeyService>().PersonalizationKeysAsync("13", CancellationToken.None);
            using var province = keys.Value;
            CompactCertificate.Parse(province.IssuerCertificate).Subject.ShouldBe("13000000001");
            var issuer = new IssuerProfile("河北省卫生健康委员会", province.IssuerCode, "130100", Convert.ToHexString(province.IssuerCertificate));
            return CardPersonalizer.Personalize(Holder, issue, issuer, province.Masters);
        });
        var hebei = await LoadSamAsync(host, "1310000001", type: 2, "13");
        var beijing = await LoadSamAsync(host, "1110000001", type: 2, "11");
        var root = (await (await client.GetAsync("/api/v1/keys/root")).ReadJsonAsync())[0].GetProperty("publicKey").GetString()!;
        var trust = new RecordTrust(Convert.FromHexString(root), KeyIds.RootCertificateId);

        var reader = new HealthCardReader(new InProcessChannel(card, hebei), "123456", trust: trust);
        reader.Open().ShouldBe(ReaderError.Ok);
        var identity = reader.ReadHolderIdentity();
        identity.Error.ShouldBe(ReaderError.Ok);
        identity.Value!.Name.ShouldBe("赵测试");
        reader.AddAllergy(new Allergy { Substance = "花生", Reaction = "喉头水肿" }).ShouldBe(ReaderError.Ok);
        reader.ReadAllergies().Value!.Select(a => a.Substance).ShouldBe(["花生", "青霉素"]);

        var foreign = new HealthCardReader(new InProcessChannel(card, beijing), "123456", trust: trust);
        foreign.Open().ShouldBe(ReaderError.Ok); // DDF1/EF05 is public
        foreign.ReadHolderIdentity().Error.ShouldNotBe(ReaderError.Ok);
        foreign.AddAllergy(new Allergy { Substance = "花生", Reaction = "喉头水肿" }).ShouldNotBe(ReaderError.Ok);
    }

    [Fact]
    public async Task SamLoader_HoldsOnlyItsTypesKeys_CertifiedByTheProvinceIssuer_AndSealsTheImage()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        await KeyTestKit.InitAsync(host);
        await KeyTestKit.IssueProvinceAsync(host, "13", "13000000001");

        var loaded = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<ISamKeyLoader>().LoadAsync("1310000002", 1, "13", CancellationToken.None));
        var sam = await UnsealAsync(host, loaded.Value.SealedImage);

        sam.Type.ShouldBe(1);
        sam.KeyIndexes.ShouldBe(SamKeys.HeldBy(1));
        loaded.Value.KeyVersion.ShouldBe(1);
        var certificate = CompactCertificate.Parse(loaded.Value.Certificate);
        certificate.SamSerial.ShouldBe("1310000002");
        certificate.Issuer.ShouldBe("13000000001");
        var issuer = (await (await host.Client().GetAsync("/api/v1/keys/issuer-13")).ReadJsonAsync())[0];
        CompactCertificate.IsSignedBy(loaded.Value.Certificate, Convert.FromHexString(issuer.GetProperty("publicKey").GetString()!)).ShouldBeTrue();
        System.Text.Encoding.UTF8.GetString(loaded.Value.SealedImage).ShouldNotContain("MasterKeys", Case.Insensitive);
        var samKey = (await (await host.Client().GetAsync("/api/v1/keys/sam-1310000002")).ReadJsonAsync())[0];
        samKey.GetProperty("usage").GetString().ShouldBe("sam_signing");

        var unknown = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<ISamKeyLoader>().LoadAsync("4410000001", 1, "44", CancellationToken.None));
        unknown.Error!.Code.ShouldBe("keys.province_not_issued");
        var tampered = loaded.Value.SealedImage.ToArray();
        tampered[^1] ^= 1;
        (await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<KeyService>().UnsealSamImageAsync(tampered))).Error!.Code.ShouldBe("keys.not_a_sealed_image");
    }

    private static async Task<VirtualSam> LoadSamAsync(HealthCardHost host, string serial, int type, string province)
    {
        var loaded = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<ISamKeyLoader>().LoadAsync(serial, type, province, CancellationToken.None));
        loaded.IsSuccess.ShouldBeTrue(loaded.Error?.ToString());
        return await UnsealAsync(host, loaded.Value.SealedImage);
    }

    private static async Task<VirtualSam> UnsealAsync(HealthCardHost host, byte[] sealedImage)
    {
        var image = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<KeyService>().UnsealSamImageAsync(sealedImage));
        image.IsSuccess.ShouldBeTrue(image.Error?.ToString());
        return VirtualSam.ImportImage(image.Value);
    }
}
