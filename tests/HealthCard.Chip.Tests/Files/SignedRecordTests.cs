using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;

namespace HealthCard.Chip.Tests.Files;

/// <summary>
/// Whole DF03 binary records (standard §4.2, §4.3): data ‖ SAM signature b64 ‖ SAM certificate b190, split and joined by
/// offset, with no cryptography.
/// </summary>
public sealed class SignedRecordTests
{
    private static readonly byte[] Signature = [.. Enumerable.Range(1, 64).Select(i => (byte)i)];
    private static readonly byte[] Certificate = [.. Enumerable.Range(0, 190).Select(i => (byte)(0xC0 ^ i))];

    public static TheoryData<string> Paths => ["DF03/EE0n", "DF03/ED0n"];

    [Theory]
    [InlineData("DF03/EE0n", 1639, 1703, 1893)]
    [InlineData("DF03/ED0n", 3013, 3077, 3267)]
    public void Join_PutsEachPartAtItsOffset(string path, int signatureOffset, int certificateOffset, int length)
    {
        var (layout, data) = Sample(path);

        var record = new SignedRecord(layout, data, Signature, Certificate).Join();

        record.Length.ShouldBe(length);
        record[..signatureOffset].ShouldBe(data);
        record[signatureOffset..certificateOffset].ShouldBe(Signature);
        record[certificateOffset..].ShouldBe(Certificate);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Split_WhenJoined_GivesThePartsBack(string path)
    {
        var (layout, data) = Sample(path);
        var signed = new SignedRecord(layout, data, Signature, Certificate);

        var split = SignedRecord.Split(layout, signed.Join());

        split.ShouldBe(signed);
        split.GetHashCode().ShouldBe(signed.GetHashCode());
        split.Data.ToArray().ShouldBe(data);
        split.Signature.ToArray().ShouldBe(Signature);
        split.Certificate.ToArray().ShouldBe(Certificate);
        LayoutCodecs.Get(path).Decode(split.Data.ToArray()).ShouldBe(LayoutCodecs.Get(path).Decode(data));
    }

    [Fact]
    public void Join_IntoASpan_WritesTheSameBytes()
    {
        var (layout, data) = Sample("DF03/EE0n");
        var signed = new SignedRecord(layout, data, Signature, Certificate);
        var record = new byte[1893];

        signed.Join(record);

        record.ShouldBe(signed.Join());
        Should.Throw<ArgumentException>(() => signed.Join(new byte[1892]));
    }

    [Fact]
    public void Constructor_WhenUnsignedOrTheCertificateIsShort_PadsWithZeros()
    {
        // §3: absent b = 0x00 (D); §6: a compact certificate shorter than 190 bytes is padded 0x00.
        var (layout, data) = Sample("DF03/EE0n");

        var record = new SignedRecord(layout, data, [], Certificate.AsSpan(0, 180)).Join();

        record.AsSpan(1639, 64).ToArray().ShouldAllBe(b => b == 0x00);
        record.AsSpan(1703, 180).ToArray().ShouldBe(Certificate[..180]);
        record.AsSpan(1883, 10).ToArray().ShouldAllBe(b => b == 0x00);
    }

    [Fact]
    public void Constructor_WhenAPartDoesNotFit_Throws()
    {
        var (layout, data) = Sample("DF03/EE0n");

        Should.Throw<ArgumentException>(() => new SignedRecord(layout, data.AsSpan(0, 1638), Signature, Certificate)).ParamName.ShouldBe("data");
        Should.Throw<ArgumentException>(() => new SignedRecord(CardLayouts.Ed0n, data, Signature, Certificate)).ParamName.ShouldBe("data");
        Should.Throw<ArgumentException>(() => new SignedRecord(layout, data, new byte[65], Certificate)).ParamName.ShouldBe("signature");
        Should.Throw<ArgumentException>(() => new SignedRecord(layout, data, Signature, new byte[191])).ParamName.ShouldBe("certificate");
    }

    [Theory]
    [InlineData("DF03/EE0n", 1639)] // the data part alone is not a whole record
    [InlineData("DF03/EE0n", 1894)]
    [InlineData("DF03/ED0n", 3266)]
    [InlineData("DF03/ED0n", 0)]
    public void Split_WhenNotTheRecordLength_ThrowsCardFormatException(string path, int length)
    {
        var layout = Sample(path).Layout;

        var e = Should.Throw<CardFormatException>(() => SignedRecord.Split(layout, new byte[length]));

        e.Message.ShouldContain($"{path}: {length} bytes");
    }

    [Fact]
    public void Split_CopiesThePartsOutOfTheCardBuffer()
    {
        var (layout, data) = Sample("DF03/ED0n");
        var record = new SignedRecord(layout, data, Signature, Certificate).Join();
        var split = SignedRecord.Split(layout, record);

        Array.Clear(record);

        split.Data.ToArray().ShouldBe(data);
        split.Signature.ToArray().ShouldBe(Signature);
    }

    [Fact]
    public void Equality_ComparesEveryPartByContent()
    {
        var (layout, data) = Sample("DF03/EE0n");
        var signed = new SignedRecord(layout, data, Signature, Certificate);

        new SignedRecord(layout, [.. data], [.. Signature], [.. Certificate]).ShouldBe(signed);
        new SignedRecord(layout, data, new byte[64], Certificate).ShouldNotBe(signed);
    }

    [Fact]
    public void ToString_NamesTheRecordOnly()
    {
        var (layout, data) = Sample("DF03/EE0n");

        new SignedRecord(layout, data, Signature, Certificate).ToString().ShouldBe("DF03/EE0n (1639 + 64 + 190 = 1893 B)");
    }

    private static (SignedRecordLayout Layout, byte[] Data) Sample(string path)
    {
        var codec = LayoutCodecs.Get(path);
        var data = codec.Encode(codec.RandomValue(new Random(1703)));
        return (path == "DF03/EE0n" ? CardLayouts.Ee0n : CardLayouts.Ed0n, data);
    }
}
