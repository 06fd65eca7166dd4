using HealthCard.Chip.Personalization;
using HealthCard.Chip.Reader;
using HealthCard.Chip.Tests.Personalization;
using HealthCard.Chip.Virtual;
using HealthCard.Crypto.Certificates;
using HealthCard.Crypto.Sm2;

namespace HealthCard.Chip.Tests.Reader;

/// <summary>The §9 functions with string parameters and error codes, over a personalized card and a test SAM.</summary>
public sealed class StandardFunctionsTests
{
    private static readonly Lazy<(KeySet Keys, IssuerProfile Issuer, IReadOnlyList<VirtualSam> Sams)> KeySetOnce =
        new(() => KeySet.Create("石家庄市卫生健康委员会", "13010000001", "130100", new DateOnly(2026, 11, 22)));

    private static StandardFunctions Functions(int samType, string pin = "123456")
    {
        var (keys, issuer, sams) = KeySetOnce.Value;
        var issue = new CardIssue("130105199003150028", "1300000042", Convert.FromHexString("8600112233445566"),
            new DateOnly(2026, 11, 22), new DateOnly(2036, 11, 22));
        var card = CardPersonalizer.Personalize(Holders.Full(), issue, issuer, keys.Masters());
        var reader = new HealthCardReader(new InProcessChannel(card, sams[samType - 1]), pin, trust: keys.Trust());
        reader.Open().ShouldBe(pin == "123456" ? ReaderError.Ok : ReaderError.Sam);
        return new StandardFunctions(reader);
    }

    [Fact]
    public void IdentityFunctions_ReturnTheElementsAsStrings()
    {
        var f = Functions(samType: 1);

        f.iR_DDF1EF05Info(out var klb, out _, out var fkjgmc, out _, out var fkjgzs, out _, out var kh, out var aqm, out var xpxlh, out var yycsdm).ShouldBe(0);
        f.iR_DDF1EF06Info(out var xm, out var xb, out var mz, out var csrq, out var sfzh).ShouldBe(0);

        (klb, fkjgmc, kh, xpxlh, yycsdm).ShouldBe(("1", "石家庄市卫生健康委员会", "130105199003150028", "1300000042", "130100"));
        fkjgzs.ShouldBe(KeySetOnce.Value.Keys.IssuerCertificate);
        aqm.Length.ShouldBe(3);
        (xm, xb, mz, csrq, sfzh).ShouldBe(("欧阳娜娜", "02", "01", "19900315", "130105199003150028"));
        f.iR_DF02EF07Info(1, out var substance, out _).ShouldBe(0);
        substance.ShouldBe("青霉素");
        f.iR_DF02EF08Info(3, out _, out _).ShouldBe((int)ReaderError.RecordInvalid, "only two immunisations are on the card");
    }

    [Fact]
    public void Writes_FollowTheSamType_AndBadValuesAreParameterErrors()
    {
        Functions(samType: 1).iW_DF01EF07Info("20", "10", "2").ShouldBe((int)ReaderError.Sam, "a type-1 SAM holds no update key");

        var f = Functions(samType: 2);
        f.iW_DF01EF07Info("20", "10", "2").ShouldBe(0);
        f.iR_DF01EF07Info(out var education, out var marital, out var occupation).ShouldBe(0);
        (education, marital, occupation).ShouldBe(("20", "10", "2"));
        f.iW_DF01EF05Info("1", new string('长', 60), "", "").ShouldBe((int)ReaderError.Parameter);
        f.iW_DF02EF06Info("not hex").ShouldBe((int)ReaderError.Parameter);
        f.iW_DF02EF07Info("头孢菌素", "过敏性休克").ShouldBe(0);
        f.iR_DF02EF07Info(1, out var newest, out _).ShouldBe(0);
        newest.ShouldBe("头孢菌素");
    }

    [Fact]
    public void InpatientRecord_ByElementAndWhole_IsSignedVerifiedAndErased()
    {
        var f = Functions(samType: 2);
        var fields = HealthCard.Chip.Files.CardLayouts.InpatientData.FlattenedFields();
        var values = fields.Select(field => field.Type switch
        {
            HealthCard.Chip.Files.ElementType.Ans => field.Name.Contains("名称", StringComparison.Ordinal) ? "河北省人民医院" : "A",
            HealthCard.Chip.Files.ElementType.Cn => "20261101"[..Math.Min(8, field.Length * 2)],
            _ => "01",
        }).ToList();

        f.iW_DF03EE_ALLInfo(2, string.Join('|', values)).ShouldBe(0);
        f.iR_DF03EE_ALLInfo(2, out var all).ShouldBe(0);
        all.ShouldBe(string.Join('|', values));

        f.iW_DF03EEInfo(2, "第二医院", 0, 70, StandardFunctions.StyleAn).ShouldBe(0); // re-signed after the change
        f.iR_DF03EEInfo(2, out var name, 0, 70, StandardFunctions.StyleAn).ShouldBe(0);
        name.ShouldBe("第二医院");
        f.iR_DF03EEInfo(2, out var admission, 80, 4, StandardFunctions.StyleCn).ShouldBe(0);
        admission.ShouldBe("20261101");
        f.iR_DF03EEInfo(2, out _, 0, 70, 0x42).ShouldBe((int)ReaderError.Parameter);
        f.iReader_GetLastEEIndex(out var last).ShouldBe(0);
        last.ShouldBe(2);
        f.iR_DF03EF05Info(out var flag1, out var flag2, out var flag3).ShouldBe(0);
        (flag1, flag2, flag3).ShouldBe(("FF", "00", "FF"));

        f.iErase_DF03EF05Info(2).ShouldBe(0);
        f.iR_DF03EEInfo(2, out _, 0, 70, StandardFunctions.StyleAn).ShouldBe((int)ReaderError.RecordInvalid);
        f.iReader_GetLastEEIndex(out _).ShouldBe((int)ReaderError.RecordInvalid);
    }

    [Fact]
    public void SamServices_DigestSignAndPin()
    {
        var f = Functions(samType: 2);

        f.SM3Digest("616263", out var digest).ShouldBe(0);
        digest.ShouldBe("66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0"); // GB/T 32905 example 1
        var samKey = CompactCertificate.Parse(Convert.FromHexString(KeySetOnce.Value.Keys.Sams[1].Certificate)).PublicKey;
        var e = Convert.ToHexString(Sm2Algorithm.Digest(samKey, "abc"u8)); // what a terminal computes before asking the SAM
        f.SM2SignHash(e, out var signature).ShouldBe(0);
        Sm2Algorithm.Verify(samKey, "abc"u8, Convert.FromHexString(signature)).ShouldBeTrue("the SAM signed e with the key of its certificate");
        Sm2Algorithm.Verify(samKey, "abd"u8, Convert.FromHexString(signature)).ShouldBeFalse();
        f.SM2SignHash("00", out _).ShouldBe((int)ReaderError.Parameter);
        f.VerifyPin("123456").ShouldBe(0);
        f.VerifyPin("000000").ShouldBe((int)ReaderError.Sam);
    }
}
