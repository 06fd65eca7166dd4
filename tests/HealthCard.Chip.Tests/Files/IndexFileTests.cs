using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;

namespace HealthCard.Chip.Tests.Files;

/// <summary>
/// DF03/EF05 (inpatient) and DF03/EF06 (outpatient) index files (standard §4.1): one byte per EE/ED slot, 0x00 = record valid,
/// 0xFF = free; a new record goes to the first free slot, else to the slot with the earliest date.
/// </summary>
public sealed class IndexFileTests
{
    private static readonly Df03Ef05 OneFree = new() { Flags = [SlotStatus.Valid, SlotStatus.Free, SlotStatus.Valid] };

    [Fact]
    public void Definitions_MatchTheStandard()
    {
        CardLayouts.Df03Ef05.Path.ShouldBe("DF03/EF05");
        CardLayouts.Df03Ef05.RecordCount.ShouldBe(3);
        CardLayouts.Df03Ef05.RecordFile(3).ShouldBe("EE03");
        CardLayouts.Df03Ef06.Path.ShouldBe("DF03/EF06");
        CardLayouts.Df03Ef06.RecordCount.ShouldBe(5);
        CardLayouts.Df03Ef06.RecordFile(1).ShouldBe("ED01");
        Should.Throw<ArgumentOutOfRangeException>(() => CardLayouts.Df03Ef06.RecordFile(6));
        ((int)SlotStatus.Valid).ShouldBe(0x00);
        ((int)SlotStatus.Free).ShouldBe(0xFF);
    }

    [Fact]
    public void Df03Ef05_RecordsMatchTheStandard()
    {
        string[] expected = ["00", "FF", "00"]; // EE01 valid, EE02 free, EE03 valid

        OneFree.EncodeRecords().Select(r => Hex.Of(r)).ShouldBe(expected);
        Df03Ef05.DecodeRecords(Records(expected)).ShouldBe(OneFree);
    }

    [Fact]
    public void Df03Ef06_ByDefault_IsFiveFreeSlots()
    {
        var index = new Df03Ef06();

        index.EncodeRecords().Select(r => Hex.Of(r)).ShouldBe(["FF", "FF", "FF", "FF", "FF"]);
        Df03Ef06.DecodeRecords(Records(["FF", "FF", "FF", "FF", "FF"])).ShouldBe(index);
        Df03Ef06.DecodeRecords(Records(["00", "00", "FF", "00", "FF"])).Flags
            .ShouldBe([SlotStatus.Valid, SlotStatus.Valid, SlotStatus.Free, SlotStatus.Valid, SlotStatus.Free]);
    }

    [Theory]
    [InlineData("01")] // D: only 0x00 and 0xFF have a meaning (§4.1)
    [InlineData("80")]
    [InlineData("FE")]
    [InlineData("00 00")] // a flag is one byte
    [InlineData("")]
    public void DecodeRecords_WhenAFlagIsMalformed_ThrowsCardFormatException(string record)
    {
        var e = Should.Throw<CardFormatException>(() => Df03Ef05.DecodeRecords(Records(["00", record, "FF"])));

        e.Message.ShouldContain("DF03/EF05 record 2");
    }

    [Fact]
    public void DecodeRecords_WhenThereAreMoreRecordsThanSlotsOrNone_ThrowsCardFormatException()
    {
        Should.Throw<CardFormatException>(() => Df03Ef05.DecodeRecords(Records(["00", "00", "00", "00"])));
        Should.Throw<CardFormatException>(() => Df03Ef06.DecodeRecords(Records([])));
    }

    [Fact]
    public void DecodeRecords_WhenACardProductHoldsFewerSlots_ReadsThem()
    {
        // §4: record counts are a card-product property (the 16K chip holds fewer EE/ED records).
        Df03Ef06.DecodeRecords(Records(["00", "FF"])).Flags.ShouldBe([SlotStatus.Valid, SlotStatus.Free]);
    }

    [Fact]
    public void Flags_WhenInvalid_Throw()
    {
        Should.Throw<ArgumentException>(() => new Df03Ef05 { Flags = [SlotStatus.Free, SlotStatus.Free, SlotStatus.Free, SlotStatus.Free] });
        Should.Throw<ArgumentException>(() => new Df03Ef05 { Flags = [] });
        Should.Throw<ArgumentException>(() => new Df03Ef05 { Flags = [(SlotStatus)1] });
        Should.Throw<ArgumentNullException>(() => new Df03Ef05 { Flags = null! });
    }

    [Fact]
    public void Equality_ComparesFlagsInOrder()
    {
        var copy = new Df03Ef05 { Flags = [SlotStatus.Valid, SlotStatus.Free, SlotStatus.Valid] };

        copy.ShouldBe(OneFree);
        copy.GetHashCode().ShouldBe(OneFree.GetHashCode());
        new Df03Ef05 { Flags = [SlotStatus.Free, SlotStatus.Valid, SlotStatus.Valid] }.ShouldNotBe(OneFree);
    }

    [Fact]
    public void ToString_NamesTheFile()
    {
        OneFree.ToString().ShouldBe("DF03/EF05 (index, 3 × 1 B)");
    }

    // §4.1: "first free".
    [Fact]
    public void ChooseSlot_WhenASlotIsFree_TakesTheFirstFreeOne()
    {
        OneFree.ChooseSlot(["20250101", null, "20240101"]).ShouldBe(2);
        IndexFile.ChooseSlot([SlotStatus.Free, SlotStatus.Free, SlotStatus.Free], [null, null, null]).ShouldBe(1);
        IndexFile.ChooseSlot([SlotStatus.Valid, SlotStatus.Valid, SlotStatus.Free, SlotStatus.Free, SlotStatus.Free], ["", "", "", "", ""])
            .ShouldBe(3);
    }

    // §4.1: "when all used, the one with the earliest admission (inpatient)".
    [Theory]
    [InlineData("20250301", "20240101", "20260101", 2)]
    [InlineData("20240101", "20250301", "20231231", 3)]
    [InlineData("20240101", "20240101", "20250101", 1)] // D: a tie goes to the lowest record number
    [InlineData("20250301", "", "20240101", 2)] // D: an absent date counts as the earliest
    public void ChooseSlot_WhenEveryInpatientSlotIsUsed_TakesTheEarliestAdmission(string ee01, string ee02, string ee03, int expected)
    {
        var full = new Df03Ef05 { Flags = [SlotStatus.Valid, SlotStatus.Valid, SlotStatus.Valid] };

        full.ChooseSlot([ee01, ee02, ee03]).ShouldBe(expected);
    }

    // §4.1: "… or visit time (outpatient)": cn7 YYYYMMDDhhmmss, so the time of day decides within a day.
    [Fact]
    public void ChooseSlot_WhenEveryOutpatientSlotIsUsed_TakesTheEarliestVisitTime()
    {
        var full = new Df03Ef06 { Flags = [.. Enumerable.Repeat(SlotStatus.Valid, 5)] };

        full.ChooseSlot(["20260115093000", "20260115080000", "20260115080001", "20260116000000", "20260114235959"]).ShouldBe(5);
        full.ChooseSlot(["20260115093000", "20260115080000", "20260115080001", "20260116000000", "20260115235959"]).ShouldBe(2);
    }

    [Fact]
    public void ChooseSlot_WhenTheArgumentsDoNotFit_Throws()
    {
        Should.Throw<ArgumentException>(() => IndexFile.ChooseSlot([], []));
        Should.Throw<ArgumentException>(() => IndexFile.ChooseSlot([SlotStatus.Valid, SlotStatus.Valid], ["20250101"]));
        Should.Throw<ArgumentException>(() => IndexFile.ChooseSlot([(SlotStatus)7], ["20250101"]));
        Should.Throw<ArgumentException>(() => IndexFile.ChooseSlot([SlotStatus.Valid, SlotStatus.Valid], ["2025-01-01", "20250101"]));
    }

    private static ReadOnlyMemory<byte>[] Records(string[] records) => FileCodecs.AsMemory(records.Select(Hex.Bytes));
}
