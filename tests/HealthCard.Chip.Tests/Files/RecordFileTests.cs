using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;

namespace HealthCard.Chip.Tests.Files;

public sealed class RecordFileTests
{
    private static readonly Ddf1Ef06 Holder = new()
    {
        Name = "张三",
        Gender = new byte[] { 0x01 },
        Ethnicity = "01",
        BirthDate = "19800101",
        IdNumber = "13010519800101001X",
    };

    [Theory]
    [MemberData(nameof(FileCodecs.Paths), MemberType = typeof(FileCodecs))]
    public void RoundTrip_WhenRandomValidValues_DecodesToAnEqualFile(string path)
    {
        var codec = FileCodecs.Get(path);
        var random = new Random(path.GetHashCode(StringComparison.Ordinal) ^ 0x5EED);
        var elements = CardFiles.All.Single(f => f.Path == path).Elements;
        for (var i = 0; i < 500; i++)
        {
            var value = codec.RandomValue(random);

            var records = codec.Encode(value);
            var decoded = codec.Decode(FileCodecs.AsMemory(records));

            records.Select(r => r.Length).ShouldBe(elements.Select(e => e.Length + 2));
            decoded.ShouldBe(value);
            decoded.GetHashCode().ShouldBe(value.GetHashCode());
            codec.Encode(decoded).ShouldBe(records);
        }
    }

    [Fact]
    public void Equality_WhenBytesAreEqualInDifferentBuffers_IsEqual()
    {
        var copy = Holder with { Gender = new byte[] { 0x01 } };

        copy.ShouldBe(Holder);
        copy.GetHashCode().ShouldBe(Holder.GetHashCode());
        (Holder with { Gender = new byte[] { 0x02 } }).ShouldNotBe(Holder);
        (Holder with { Name = "李四" }).ShouldNotBe(Holder);
    }

    [Fact]
    public void DecodeRecords_WhenARecordIsMissing_Throws()
    {
        var records = FileCodecs.AsMemory(Holder.EncodeRecords()).Take(4).ToList();

        var e = Should.Throw<CardFormatException>(() => Ddf1Ef06.DecodeRecords(records));

        e.Message.ShouldContain("DDF1/EF06");
        e.Message.ShouldContain("4 records");
    }

    [Fact]
    public void DecodeRecords_WhenThereIsAnExtraRecord_Throws()
    {
        var records = FileCodecs.AsMemory(Holder.EncodeRecords()).Append(new byte[] { 0x10, 0x01, 0x00 }).ToList();

        Should.Throw<CardFormatException>(() => Ddf1Ef06.DecodeRecords(records));
    }

    [Fact]
    public void DecodeRecords_WhenRecordsAreOutOfOrder_ThrowsNamingTheRecordAndElement()
    {
        var records = FileCodecs.AsMemory(Holder.EncodeRecords());
        (records[1], records[2]) = (records[2], records[1]); // 13 民族 where 12 性别 belongs (both 1-byte values)

        var e = Should.Throw<CardFormatException>(() => Ddf1Ef06.DecodeRecords(records));

        e.Message.ShouldContain("DDF1/EF06 record 2");
        e.Message.ShouldContain("12 性别 (XB, b1)");
        e.Message.ShouldContain("0x0D");
    }

    [Fact]
    public void DecodeRecords_WhenLengthByteIsWrong_Throws()
    {
        var records = FileCodecs.AsMemory(Holder.EncodeRecords());
        records[3] = Hex.Bytes("0E 03 19 80 01");

        var e = Should.Throw<CardFormatException>(() => Ddf1Ef06.DecodeRecords(records));

        e.Message.ShouldContain("14 出生日期 (CSRQ, cn4)");
    }

    [Fact]
    public void DecodeRecords_WhenAValueIsMalformed_ThrowsWithTheCodecErrorInside()
    {
        var records = FileCodecs.AsMemory(Holder.EncodeRecords());
        records[3] = Hex.Bytes("0E 04 19 8A 01 01");

        var e = Should.Throw<CardFormatException>(() => Ddf1Ef06.DecodeRecords(records));

        e.Message.ShouldContain("DDF1/EF06 record 4, element 14 出生日期 (CSRQ, cn4)");
        e.InnerException.ShouldBeOfType<CardFormatException>();
    }

    [Fact]
    public void DecodeRecords_WhenTheDecodedBytesAreReused_DoesNotAlias()
    {
        var records = Holder.EncodeRecords();
        var decoded = Ddf1Ef06.DecodeRecords(FileCodecs.AsMemory(records));

        records[1][2] = 0x02;

        decoded.Gender.ToArray().ShouldBe(new byte[] { 0x01 });
    }

    [Theory]
    [InlineData("张三李四王五赵六张三李四王五赵六", "11 姓名 (XM, ans30)", "longer than 30 bytes")] // 16 × 2 = 32 bytes
    [InlineData("张\U00020000", "11 姓名 (XM, ans30)", "GBK")]
    [InlineData("😀", "11 姓名 (XM, ans30)", "GBK")]
    public void EncodeRecords_WhenNameIsInvalid_ThrowsArgumentExceptionNamingTheElement(string name, string element, string reason)
    {
        var e = Should.Throw<ArgumentException>(() => (Holder with { Name = name }).EncodeRecords());

        e.Message.ShouldContain("DDF1/EF06 element " + element);
        e.Message.ShouldContain(reason);
        e.Message.ShouldNotContain(name); // personal data stays out of exception messages
    }

    [Theory]
    [InlineData("1980-01-01", "not an ASCII digit")]
    [InlineData("198001011", "9 digits")]
    public void EncodeRecords_WhenCnIsInvalid_ThrowsArgumentExceptionNamingTheElement(string birthDate, string reason)
    {
        var e = Should.Throw<ArgumentException>(() => (Holder with { BirthDate = birthDate }).EncodeRecords());

        e.Message.ShouldContain("14 出生日期 (CSRQ, cn4)");
        e.Message.ShouldContain(reason);
    }

    [Fact]
    public void EncodeRecords_WhenBValueIsTooLong_ThrowsArgumentExceptionNamingTheElement()
    {
        var e = Should.Throw<ArgumentException>(() => (Holder with { Gender = new byte[] { 1, 2 } }).EncodeRecords());

        e.Message.ShouldContain("12 性别 (XB, b1)");
    }

    [Fact]
    public void EncodeRecords_WhenValueIsNull_ThrowsArgumentExceptionNamingTheElement()
    {
        var e = Should.Throw<ArgumentException>(() => (Holder with { IdNumber = null! }).EncodeRecords());

        e.Message.ShouldContain("15 居民身份证号码 (SFZH, ans18)");
    }

    [Fact]
    public void EncodeRecords_WhenCertificateIsTooLong_ThrowsArgumentExceptionNamingTheElement()
    {
        var e = Should.Throw<ArgumentException>(() => new Ddf1Ef05 { IssuerCertificate = new byte[181] }.EncodeRecords());

        e.Message.ShouldContain("DDF1/EF05 element 05 发卡机构证书 (FKJGZS, b180)");
    }

    [Fact]
    public void EncodeRecords_WhenEverythingIsAbsent_WritesPadding()
    {
        var records = new Df01Ef07().EncodeRecords();

        records.Select(r => Hex.Of(r)).ShouldBe(["2201FF", "2301FF", "2403000000"]);
    }
}
