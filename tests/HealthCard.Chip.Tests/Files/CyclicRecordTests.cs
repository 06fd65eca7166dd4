using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;

namespace HealthCard.Chip.Tests.Files;

/// <summary>
/// DF02/EF07 allergies and DF02/EF08 immunisations (standard §4.1): cyclic files of untagged fixed records. Expected bytes are
/// written by hand from §3 (ans: GBK right-padded 00; cn: BCD right-padded F) and §4.1; GBK bytes of the Chinese text are spelt out.
/// </summary>
public sealed class CyclicRecordTests
{
    // 过敏物质名称 ans20 = 青霉素 (6 GBK bytes + 14 pad) · 过敏反应 ans100 = 皮疹、呼吸困难 (14 GBK bytes + 86 pad).
    private static readonly string AllergyBytes =
        "C7 E0 C3 B9 CB D8 " + Hex.Zeros(14) + "C6 A4 D5 EE A1 A2 BA F4 CE FC C0 A7 C4 D1 " + Hex.Zeros(86);

    // 免疫接种名称 ans20 = 乙肝疫苗 (8 GBK bytes + 12 pad) · 接种时间 cn4 = 20250301.
    private static readonly string ImmunizationBytes = "D2 D2 B8 CE D2 DF C3 E7 " + Hex.Zeros(12) + "20 25 03 01";

    private static readonly Allergy Penicillin = new() { Substance = "青霉素", Reaction = "皮疹、呼吸困难" };

    private static readonly Immunization HepatitisB = new() { Vaccine = "乙肝疫苗", Date = "20250301" };

    // Standard §4.1, written out by hand: "offset name type+length" and the §9 reader-API names.
    [Theory]
    [InlineData("DF02/EF07", 3, 120, "0 过敏物质名称 GMWZMC ans20, 20 过敏反应 GMFY ans100")]
    [InlineData("DF02/EF08", 10, 24, "0 免疫接种名称 MYJZMC ans20, 20 接种时间 MYJZSJ cn4")]
    public void Layout_MatchesTheStandard(string path, int recordCount, int recordLength, string fields)
    {
        var file = new[] { CardLayouts.Df02Ef07, CardLayouts.Df02Ef08 }.Single(f => f.Path == path);

        file.RecordCount.ShouldBe(recordCount);
        file.RecordLength.ShouldBe(recordLength);
        string.Join(", ", file.Record.Fields.Select(f => $"{f.Offset} {f.Name} {f.Code} {f.Type.ToString().ToUpperInvariant()}{f.Length}"))
            .ShouldBe(fields.ToUpperInvariant());
        file.Record.Fields[^1].End.ShouldBe(recordLength);
        file.Record.Groups.ShouldBeEmpty();
    }

    [Fact]
    public void Allergy_EncodeRecord_MatchesTheStandard()
    {
        Hex.Of(Penicillin.EncodeRecord()).ShouldBe(Hex.Of(Hex.Bytes(AllergyBytes)));
    }

    [Fact]
    public void Allergy_DecodeRecord_ReadsTheStandardsBytes()
    {
        Allergy.DecodeRecord(Hex.Bytes(AllergyBytes)).ShouldBe(Penicillin);
    }

    [Fact]
    public void Immunization_EncodeRecord_MatchesTheStandard()
    {
        Hex.Of(HepatitisB.EncodeRecord()).ShouldBe(Hex.Of(Hex.Bytes(ImmunizationBytes)));
    }

    [Fact]
    public void Immunization_DecodeRecord_ReadsTheStandardsBytes()
    {
        Immunization.DecodeRecord(Hex.Bytes(ImmunizationBytes)).ShouldBe(HepatitisB);
    }

    [Fact]
    public void EncodeRecord_IntoASpan_WritesTheSameBytes()
    {
        Span<byte> record = stackalloc byte[24];
        record.Fill(0xEE);

        HepatitisB.EncodeRecord(record);

        Hex.Of(record).ShouldBe(Hex.Of(Hex.Bytes(ImmunizationBytes)));
    }

    [Fact]
    public void EncodeRecord_WhenTheDestinationIsNotTheRecordLength_Throws()
    {
        Should.Throw<ArgumentException>(() => Penicillin.EncodeRecord(new byte[119]));
        Should.Throw<ArgumentException>(() => HepatitisB.EncodeRecord(new byte[25]));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void DecodeRecord_WhenTheRecordIsNotTheRecordLength_ThrowsCardFormatException(string path, int length)
    {
        var bytes = new byte[length];

        var e = Should.Throw<CardFormatException>(() => LayoutCodecs.Get(path).Decode(bytes));

        e.Message.ShouldContain(path);
        e.Message.ShouldContain($"{length} bytes");
    }

    public static TheoryData<string, int> Lengths => new()
    {
        { "DF02/EF07", 0 }, { "DF02/EF07", 119 }, { "DF02/EF07", 121 }, { "DF02/EF08", 23 }, { "DF02/EF08", 120 },
    };

    // D (§3 "absent = 0x00"): a never-written record, all 0x00 or all 0xFF, is the empty record.
    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    public void DecodeRecord_WhenTheRecordIsBlank_IsEmpty(byte fill)
    {
        var allergy = Enumerable.Repeat(fill, 120).ToArray();
        var immunization = Enumerable.Repeat(fill, 24).ToArray();

        CyclicFile.IsEmptyRecord(allergy).ShouldBeTrue();
        Allergy.DecodeRecord(allergy).ShouldBe(Allergy.Empty);
        Allergy.DecodeRecord(allergy).IsEmpty.ShouldBeTrue();
        Immunization.DecodeRecord(immunization).ShouldBe(Immunization.Empty);
        Immunization.DecodeRecord(immunization).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void IsEmptyRecord_WhenAnyByteDiffers_IsFalse()
    {
        CyclicFile.IsEmptyRecord(Hex.Bytes("00 00 01 00")).ShouldBeFalse();
        CyclicFile.IsEmptyRecord(Hex.Bytes("FF FF 00 FF")).ShouldBeFalse();
        CyclicFile.IsEmptyRecord(Hex.Bytes(ImmunizationBytes)).ShouldBeFalse();
        HepatitisB.IsEmpty.ShouldBeFalse();
        (HepatitisB with { Vaccine = "" }).IsEmpty.ShouldBeFalse();
    }

    [Fact]
    public void EncodeRecord_WhenEmpty_WritesEachFieldAbsentAndReadsBackEmpty()
    {
        // §3: absent ans = 00, absent cn = FF. Not a blank record for EF08, but it still reads back as the empty record.
        Hex.Of(Allergy.Empty.EncodeRecord()).ShouldBe(Hex.Of(new byte[120]));
        Hex.Of(Immunization.Empty.EncodeRecord()).ShouldBe(Hex.Of(Hex.Bytes(Hex.Zeros(20) + "FF FF FF FF")));
        Immunization.DecodeRecord(Immunization.Empty.EncodeRecord()).ShouldBe(Immunization.Empty);
    }

    [Fact]
    public void EncodeRecord_WhenANonEmptyValueWouldBeBlank_ThrowsBecauseItWouldReadBackEmpty()
    {
        // No name and the date 00000000 would be 24 × 0x00: the empty record (D). Refused rather than silently lost.
        var e = Should.Throw<ArgumentException>(() => new Immunization { Date = "00000000" }.EncodeRecord());

        e.Message.ShouldContain("DF02/EF08");
        e.Message.ShouldContain("empty");
        new Immunization { Date = "0000000" }.EncodeRecord()[^1].ShouldBe((byte)0x0F); // one pad nibble: not blank, allowed
    }

    [Theory]
    [InlineData("青霉素头孢菌素类抗生素", "过敏物质名称 (Substance GMWZMC, ans20)", "longer than 20 bytes")] // 11 × 2 = 22 bytes
    [InlineData("青霉素😀", "过敏物质名称 (Substance GMWZMC, ans20)", "GBK")]
    public void EncodeRecord_WhenAValueIsInvalid_ThrowsNamingTheFieldButNotTheValue(string substance, string field, string reason)
    {
        var e = Should.Throw<ArgumentException>(() => (Penicillin with { Substance = substance }).EncodeRecord());

        e.Message.ShouldContain("DF02/EF07 field +0 " + field);
        e.Message.ShouldContain(reason);
        e.Message.ShouldNotContain(substance);
    }

    [Fact]
    public void EncodeRecord_WhenTheDateIsNotDigits_ThrowsNamingTheField()
    {
        var e = Should.Throw<ArgumentException>(() => (HepatitisB with { Date = "2025-03-01" }).EncodeRecord());

        e.Message.ShouldContain("+20 接种时间 (Date MYJZSJ, cn4)");
    }

    [Fact]
    public void DecodeRecord_WhenAFieldIsMalformed_ThrowsNamingTheField()
    {
        var bytes = Hex.Bytes(ImmunizationBytes);
        bytes[21] = 0x2A; // 接种时间: nibble A is not BCD

        var e = Should.Throw<CardFormatException>(() => Immunization.DecodeRecord(bytes));

        e.Message.ShouldContain("DF02/EF08 field +20 接种时间");
        e.InnerException.ShouldBeOfType<CardFormatException>();
    }

    [Theory]
    [InlineData("DF02/EF07")]
    [InlineData("DF02/EF08")]
    public void RoundTrip_WhenRandomValidValues_DecodesToAnEqualRecord(string path)
    {
        var codec = LayoutCodecs.Get(path);
        var random = new Random(path.GetHashCode(StringComparison.Ordinal) ^ 0xC1C1);
        for (var i = 0; i < 500; i++)
        {
            var value = codec.RandomValue(random);

            var bytes = codec.Encode(value);
            var decoded = codec.Decode(bytes);

            bytes.Length.ShouldBe(codec.Layout.Length);
            decoded.ShouldBe(value);
            decoded.GetHashCode().ShouldBe(value.GetHashCode());
            codec.Encode(decoded).ShouldBe(bytes);
        }
    }

    [Fact]
    public void ToString_NamesTheFileOnly()
    {
        Penicillin.ToString().ShouldBe("DF02/EF07 record (120 bytes)");
        HepatitisB.ToString().ShouldBe("DF02/EF08 record (24 bytes)");
        $"{Penicillin}{HepatitisB}".ShouldNotContain("青霉素");
        CardLayouts.Df02Ef07.ToString().ShouldBe("DF02/EF07 (cyclic, 3 × 120 B)");
    }

    // §4.1: newest write is record 1; record n becomes n + 1; the oldest falls off.
    [Fact]
    public void AfterWrite_PutsTheNewRecordFirstAndDropsTheOldest()
    {
        IReadOnlyList<string> records = ["r1", "r2", "r3"];

        CyclicFile.AfterWrite(records, "new").ShouldBe(["new", "r1", "r2"]);
        records.ShouldBe(["r1", "r2", "r3"]); // pure: the input is untouched
    }

    [Fact]
    public void AfterWrite_WhenTheImmunisationFileIsWrittenTwelveTimes_KeepsTheNewestTenNewestFirst()
    {
        IReadOnlyList<Immunization> file = [.. Enumerable.Repeat(Immunization.Empty, CardLayouts.Df02Ef08.RecordCount)];

        for (var i = 1; i <= 12; i++)
        {
            file = CyclicFile.AfterWrite(file, new Immunization { Vaccine = $"V{i}", Date = $"202501{i:D2}" });
        }

        file.Count.ShouldBe(10);
        file.Select(r => r.Vaccine).ShouldBe(["V12", "V11", "V10", "V9", "V8", "V7", "V6", "V5", "V4", "V3"]);
    }

    [Fact]
    public void AfterWrite_WhenTheFileHoldsEmptyRecords_FillsThemOneByOne()
    {
        IReadOnlyList<Allergy> file = [Allergy.Empty, Allergy.Empty, Allergy.Empty];

        file = CyclicFile.AfterWrite(file, Penicillin);

        file[0].ShouldBe(Penicillin);
        file.Skip(1).ShouldAllBe(a => a.IsEmpty);
    }

    [Theory]
    [InlineData(1, 3, 2)]
    [InlineData(2, 3, 3)]
    [InlineData(3, 3, null)]
    [InlineData(9, 10, 10)]
    [InlineData(10, 10, null)]
    [InlineData(1, 1, null)]
    public void RecordNumberAfterWrite_MovesUpOneOrFallsOff(int recordNumber, int recordCount, int? expected)
    {
        CyclicFile.RecordNumberAfterWrite(recordNumber, recordCount).ShouldBe(expected);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(4, 3)]
    [InlineData(1, 0)]
    public void RecordNumberAfterWrite_WhenOutOfRange_Throws(int recordNumber, int recordCount)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => CyclicFile.RecordNumberAfterWrite(recordNumber, recordCount));
    }

    [Fact]
    public void AfterWrite_WhenTheFileHasNoRecords_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => CyclicFile.AfterWrite(Array.Empty<Allergy>(), Penicillin));
    }
}
