using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Tests.Encoding;

public sealed class BTests
{
    // §2/§3: 性别 男 → b1 01.
    [Fact]
    public void TryEncode_WhenValueFillsField_CopiesIt()
    {
        var field = new byte[1];

        B.TryEncode([0x01], field, out var written).ShouldBeTrue();

        written.ShouldBe(1);
        Hex.Of(field).ShouldBe("01");
    }

    // §3 (D): absent = 0x00, so a shorter value (e.g. a certificate padded to 180 bytes, §6) is right-filled with 0x00.
    [Fact]
    public void TryEncode_WhenValueIsShorter_FillsTheRestWithZeros()
    {
        var field = Hex.Bytes("FF FF FF FF");

        B.TryEncode(Hex.Bytes("A1 B2"), field, out var written).ShouldBeTrue();

        written.ShouldBe(4);
        Hex.Of(field).ShouldBe("A1B20000");
    }

    [Fact]
    public void TryEncode_WhenEmpty_IsAbsent()
    {
        var field = Hex.Bytes("FF FF");

        B.TryEncode([], field, out _).ShouldBeTrue();

        B.IsAbsent(field).ShouldBeTrue();
        Hex.Of(field).ShouldBe("0000");
    }

    [Fact]
    public void TryEncode_WhenValueIsLongerThanField_ReturnsFalse()
    {
        B.TryEncode(Hex.Bytes("01 02"), new byte[1], out var written).ShouldBeFalse();

        written.ShouldBe(0);
    }

    [Fact]
    public void Decode_ReturnsACopyOfTheField()
    {
        var field = Hex.Bytes("00 FF 09");

        var value = B.Decode(field);
        field[0] = 0x55;

        Hex.Of(value).ShouldBe("00FF09");
    }

    [Fact]
    public void TryDecode_WhenDestinationIsTooSmall_ReturnsFalse()
    {
        B.TryDecode(Hex.Bytes("01 02"), new byte[1], out var count).ShouldBeFalse();
        count.ShouldBe(0);

        var destination = new byte[3];
        B.TryDecode(Hex.Bytes("01 02"), destination, out count).ShouldBeTrue();
        count.ShouldBe(2);
        Hex.Of(destination.AsSpan(0, count)).ShouldBe("0102");
    }

    // §4.1 DF03/EF05, EF06: 0x00 = record valid, 0xFF = free.
    [Fact]
    public void IndexFlags_AreZeroForValidAndFfForFree()
    {
        B.FlagValid.ShouldBe((byte)0x00);
        B.FlagFree.ShouldBe((byte)0xFF);
        B.IsAbsent(Hex.Bytes("00 00")).ShouldBeTrue();
        B.IsAbsent(Hex.Bytes("00 01")).ShouldBeFalse();
    }
}
