using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Tests.Encoding;

public sealed class CnTests
{
    // §3: 出生日期 19800101 → 19 80 01 01; 民族 01 → 01; one digit is followed by the pad nibble F.
    [Theory]
    [InlineData("19800101", 4, "19 80 01 01")]
    [InlineData("01", 1, "01")]
    [InlineData("1", 1, "1F")]
    [InlineData("130100", 3, "13 01 00")]
    [InlineData("1301000000001", 11, "13 01 00 00 00 00 1F FF FF FF FF")]
    [InlineData("1234567890123456789012", 11, "12 34 56 78 90 12 34 56 78 90 12")]
    [InlineData("", 4, "FF FF FF FF")]
    [InlineData("00", 1, "00")]
    public void TryEncode_WhenDigitsFit_PacksBcdLeftAlignedWithPadF(string digits, int fieldLength, string expected)
    {
        var field = new byte[fieldLength];

        Cn.TryEncode(digits, field, out var written).ShouldBeTrue();

        written.ShouldBe(fieldLength);
        Hex.Of(field).ShouldBe(Hex.Of(Hex.Bytes(expected)));
    }

    [Theory]
    [InlineData("123", 1)]
    [InlineData("198001011", 4)]
    public void TryEncode_WhenTooManyDigits_ReturnsFalse(string digits, int fieldLength)
    {
        Cn.TryEncode(digits, new byte[fieldLength], out var written).ShouldBeFalse();

        written.ShouldBe(0);
    }

    [Theory]
    [InlineData("1980-01-01")]
    [InlineData("A1")]
    [InlineData("1F")]
    [InlineData("１２")] // full-width digits
    [InlineData("٣")] // Arabic-Indic digit: char.IsDigit, but not 0-9
    [InlineData(" 1")]
    public void TryEncode_WhenNotAsciiDigits_ReturnsFalse(string digits)
    {
        Cn.TryEncode(digits, new byte[8], out var written).ShouldBeFalse();

        written.ShouldBe(0);
    }

    [Theory]
    [InlineData("19 80 01 01", "19800101")]
    [InlineData("01", "01")]
    [InlineData("1F", "1")]
    [InlineData("13 01 00 00 00 00 1F FF FF FF FF", "1301000000001")]
    [InlineData("20 FF", "20")]
    public void Decode_WhenPadded_ReturnsTheDigits(string hex, string expected)
    {
        Cn.Decode(Hex.Bytes(hex)).ShouldBe(expected);
    }

    // Decision (§3 is silent, D): all 0xFF is the absent element, "".
    [Fact]
    public void Decode_WhenAllPad_IsEmpty()
    {
        Cn.Decode(Hex.Bytes("FF FF FF FF")).ShouldBe("");
        Cn.Decode([]).ShouldBe("");
    }

    // Decision (D): 0x00 bytes are the digits 00, never padding.
    [Fact]
    public void Decode_WhenAllZeros_IsZeroDigits()
    {
        Cn.Decode(Hex.Bytes("00 00 00 00")).ShouldBe("00000000");
    }

    [Theory]
    [InlineData("F1")]
    [InlineData("1F 2F")]
    [InlineData("1F F2")]
    [InlineData("FF 01")]
    public void Decode_WhenPadNibbleIsFollowedByDigit_Throws(string hex)
    {
        var e = Should.Throw<CardFormatException>(() => Cn.Decode(Hex.Bytes(hex)));

        e.Message.ShouldContain("§3");
        Should.Throw<CardFormatException>(() => Cn.TryDecode(Hex.Bytes(hex), new char[8], out _));
    }

    [Theory]
    [InlineData("1A")]
    [InlineData("B0")]
    [InlineData("19 80 0C 01")]
    [InlineData("1F FE")]
    [InlineData("E1")]
    public void Decode_WhenNibbleIsAToE_Throws(string hex)
    {
        Should.Throw<CardFormatException>(() => Cn.Decode(Hex.Bytes(hex)));
        Should.Throw<CardFormatException>(() => Cn.TryDecode(Hex.Bytes(hex), new char[8], out _));
    }

    [Fact]
    public void TryDecode_WhenDestinationFits_WritesTheDigits()
    {
        var chars = new char[8];

        Cn.TryDecode(Hex.Bytes("19 80 01 01"), chars, out var count).ShouldBeTrue();

        count.ShouldBe(8);
        new string(chars).ShouldBe("19800101");
    }

    [Fact]
    public void TryDecode_WhenDestinationIsTooSmall_ReturnsFalse()
    {
        Cn.TryDecode(Hex.Bytes("19 80 01 01"), new char[7], out var count).ShouldBeFalse();

        count.ShouldBe(0);
    }

    [Fact]
    public void TryDecode_WhenPaddedDigitsFitTheDestination_Succeeds()
    {
        Cn.TryDecode(Hex.Bytes("1F FF"), new char[1], out var count).ShouldBeTrue();

        count.ShouldBe(1);
    }

    [Fact]
    public void RoundTrip_WhenRandomDigits_DecodesToTheSameValue()
    {
        var random = new Random(19800101);
        for (var i = 0; i < 2_000; i++)
        {
            var fieldLength = random.Next(1, 12);
            var digits = RandomValues.Cn(random, fieldLength);
            var field = new byte[fieldLength];

            Cn.TryEncode(digits, field, out _).ShouldBeTrue();

            Cn.Decode(field).ShouldBe(digits);
        }
    }

    [Fact]
    public void TryEncodeAndTryDecode_AllocateNothing()
    {
        Span<byte> field = stackalloc byte[4];
        Span<char> chars = stackalloc char[8];
        Exercise(field, chars);
        var before = GC.GetAllocatedBytesForCurrentThread();

        for (var i = 0; i < 100; i++)
        {
            Exercise(field, chars);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);

        static void Exercise(Span<byte> field, Span<char> chars)
        {
            Cn.TryEncode("19800101", field, out _);
            Cn.TryDecode(field, chars, out _);
        }
    }
}
