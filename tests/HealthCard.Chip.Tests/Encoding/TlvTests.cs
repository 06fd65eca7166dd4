using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Tests.Encoding;

public sealed class TlvTests
{
    // §4.1: the tag byte is the element number in hex: 57 → 0x39, 11 → 0x0B.
    [Theory]
    [InlineData(1, 0x01)]
    [InlineData(11, 0x0B)]
    [InlineData(40, 0x28)]
    [InlineData(57, 0x39)]
    public void TagOf_IsTheElementNumberAsAByte(int number, int tag)
    {
        Tlv.TagOf(number).ShouldBe((byte)tag);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    public void TagOf_WhenNumberIsOutOfByteRange_Throws(int number)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Tlv.TagOf(number));
    }

    [Fact]
    public void TryWrite_WritesTagLengthValue()
    {
        var record = new byte[6];

        Tlv.TryWrite(0x0E, Hex.Bytes("19 80 01 01"), record, out var written).ShouldBeTrue();

        written.ShouldBe(6);
        Hex.Of(record).ShouldBe("0E0419800101");
    }

    [Fact]
    public void TryWrite_WhenDestinationIsTooShort_ReturnsFalse()
    {
        Tlv.TryWrite(0x0E, Hex.Bytes("19 80 01 01"), new byte[5], out var written).ShouldBeFalse();

        written.ShouldBe(0);
    }

    [Fact]
    public void TryWrite_WhenValueIsLongerThan255_ReturnsFalse()
    {
        Tlv.TryWrite(0x01, new byte[256], new byte[300], out _).ShouldBeFalse();
    }

    [Fact]
    public void ReadRecord_WhenWellFormed_ReturnsTheValue()
    {
        var value = Tlv.ReadRecord(Hex.Bytes("39 03 13 01 00"), 0x39, 3);

        Hex.Of(value).ShouldBe("130100");
    }

    [Fact]
    public void ReadRecord_WhenTagDiffers_Throws()
    {
        var e = Should.Throw<CardFormatException>(() => Tlv.ReadRecord(Hex.Bytes("0C 01 01"), 0x0B, 1));

        e.Message.ShouldContain("0x0C");
        e.Message.ShouldContain("0x0B");
    }

    [Fact]
    public void ReadRecord_WhenLengthByteDiffersFromElementLength_Throws()
    {
        Should.Throw<CardFormatException>(() => Tlv.ReadRecord(Hex.Bytes("0E 03 19 80 01"), 0x0E, 4));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0E")]
    [InlineData("0E 04")]
    [InlineData("0E 04 19 80 01")]
    public void ReadRecord_WhenTruncated_Throws(string hex)
    {
        Should.Throw<CardFormatException>(() => Tlv.ReadRecord(Hex.Bytes(hex), 0x0E, 4));
    }

    // A record is exactly one element (§4.1): trailing bytes are not silently ignored.
    [Fact]
    public void ReadRecord_WhenBytesFollowTheValue_Throws()
    {
        Should.Throw<CardFormatException>(() => Tlv.ReadRecord(Hex.Bytes("0D 01 01 00"), 0x0D, 1));
    }

    [Fact]
    public void ReadRecord_WhenExpectedLengthIsImpossible_ThrowsArgumentOutOfRange()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Tlv.ReadRecord(Hex.Bytes("0D 01 01"), 0x0D, 256));
        Should.Throw<ArgumentOutOfRangeException>(() => Tlv.ReadRecord(Hex.Bytes("0D 01 01"), 0x0D, -1));
    }
}
