using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Tests.Encoding;

public sealed class AnsTests
{
    private const string Address = "河北省石家庄市新华区中华北大街100号";

    // GBK of Address, 35 bytes: ASCII digits one byte each, Chinese two.
    private const string AddressGbk =
        "BA D3 B1 B1 CA A1 CA AF BC D2 D7 AF CA D0 D0 C2 BB AA C7 F8 D6 D0 BB AA B1 B1 B4 F3 BD D6 31 30 30 BA C5";

    // §3 / §4.1: 姓名 ans30 "张三" = GBK D5 C5 C8 FD, then 26 pad bytes 00.
    [Fact]
    public void TryEncode_WhenChineseNameInAns30_IsGbkRightPaddedWithZeros()
    {
        var field = new byte[30];

        Ans.TryEncode("张三", field, out var written).ShouldBeTrue();

        written.ShouldBe(30);
        Hex.Of(field).ShouldBe(Hex.Of(Hex.Bytes("D5 C5 C8 FD" + Hex.Zeros(26))));
    }

    [Fact]
    public void TryEncode_WhenIdNumberFillsAns18_IsAsciiWithoutPadding()
    {
        var field = new byte[18];

        Ans.TryEncode("13010519800101001X", field, out var written).ShouldBeTrue();

        written.ShouldBe(18);
        Hex.Of(field).ShouldBe("313330313035313938303031303130303158");
    }

    [Fact]
    public void TryEncode_WhenMixedAsciiAndChinese_EncodesEachInItsOwnWidth()
    {
        var field = new byte[100];

        Ans.TryEncode(Address, field, out var written).ShouldBeTrue();

        written.ShouldBe(100);
        Hex.Of(field).ShouldBe(Hex.Of(Hex.Bytes(AddressGbk + Hex.Zeros(65))));
    }

    [Fact]
    public void TryEncode_WhenEmpty_IsAllZeros()
    {
        var field = Hex.Bytes("FF FF FF");

        Ans.TryEncode("", field, out var written).ShouldBeTrue();

        written.ShouldBe(3);
        Hex.Of(field).ShouldBe("000000");
    }

    [Fact]
    public void TryEncode_WhenValueExactlyFillsFieldInGbk_Succeeds()
    {
        var field = new byte[4];

        Ans.TryEncode("张三", field, out _).ShouldBeTrue();

        Hex.Of(field).ShouldBe("D5C5C8FD");
    }

    [Theory]
    [InlineData("ABCD", 3)]
    [InlineData("张三", 3)] // 4 GBK bytes
    [InlineData("张", 1)] // a Chinese character is never split
    [InlineData(Address, 34)]
    public void TryEncode_WhenValueIsLongerThanField_ReturnsFalse(string value, int fieldLength)
    {
        var field = new byte[fieldLength];

        Ans.TryEncode(value, field, out var written).ShouldBeFalse();

        written.ShouldBe(0);
    }

    // §3: characters GBK cannot encode are rejected, never replaced with '?'.
    [Theory]
    [InlineData("\U00020000")] // CJK Extension B: outside GBK
    [InlineData("😀")] // emoji
    [InlineData("张\U0001F600")] // valid then invalid
    [InlineData("ก")] // Thai
    [InlineData("\uD800")] // lone surrogate
    [InlineData("A\u0000B")] // NUL is the pad byte and could not be read back
    [InlineData("张\u0000")]
    [InlineData("€")] // code page 936 maps it to the single byte 0x80, which is not GBK (decision D)
    [InlineData("\uF8F5")] // code page 936 maps it to the single byte 0xFF, which is not GBK (decision D)
    public void TryEncode_WhenCharacterIsNotGbkEncodable_ReturnsFalseWithoutReplacement(string value)
    {
        var field = new byte[30];

        Ans.TryEncode(value, field, out var written).ShouldBeFalse();

        written.ShouldBe(0);
        field.ShouldAllBe(b => b == 0x00); // nothing ('?' = 0x3F or partial bytes) is left behind
    }

    [Fact]
    public void Decode_WhenPadded_StripsTrailingZeros()
    {
        Ans.Decode(Hex.Bytes("D5 C5 C8 FD" + Hex.Zeros(26))).ShouldBe("张三");
        Ans.Decode(Hex.Bytes(AddressGbk + Hex.Zeros(65))).ShouldBe(Address);
        Ans.Decode(Hex.Bytes("31 32 33")).ShouldBe("123");
    }

    [Fact]
    public void Decode_WhenAllZeros_IsEmpty()
    {
        Ans.Decode(new byte[18]).ShouldBe("");
        Ans.Decode([]).ShouldBe("");
    }

    [Theory]
    [InlineData("31 00 32")]
    [InlineData("00 00 01")]
    [InlineData("D5 C5 00 C8 FD 00")]
    public void Decode_WhenPadIsFollowedByNonZeroByte_Throws(string hex)
    {
        var e = Should.Throw<CardFormatException>(() => Ans.Decode(Hex.Bytes(hex)));

        e.Message.ShouldContain("§3");
    }

    [Theory]
    [InlineData("FF FF")] // 0xFF is no GBK byte (code page 936 would read U+F8F5)
    [InlineData("80")] // 0x80 is no GBK byte (code page 936 would read €)
    [InlineData("D5 C5 FF")]
    [InlineData("D5 00")] // lead byte cut off by the padding
    [InlineData("31 D5")] // lead byte at the end of the field
    [InlineData("81 20")] // lead byte with an invalid trail byte
    [InlineData("81 7F")]
    public void Decode_WhenBytesAreNotValidGbk_Throws(string hex)
    {
        Should.Throw<CardFormatException>(() => Ans.Decode(Hex.Bytes(hex)));
        Should.Throw<CardFormatException>(() => Ans.TryDecode(Hex.Bytes(hex), new char[8], out _));
    }

    [Fact]
    public void TryDecode_WhenDestinationFits_WritesCharactersWithoutPadding()
    {
        var chars = new char[30];

        Ans.TryDecode(Hex.Bytes("D5 C5 C8 FD" + Hex.Zeros(26)), chars, out var count).ShouldBeTrue();

        new string(chars, 0, count).ShouldBe("张三");
    }

    [Fact]
    public void TryDecode_WhenDestinationIsTooSmall_ReturnsFalse()
    {
        Ans.TryDecode(Hex.Bytes("D5 C5 C8 FD 00"), new char[1], out var gbkCount).ShouldBeFalse();
        Ans.TryDecode(Hex.Bytes("31 32 33 00"), new char[2], out var asciiCount).ShouldBeFalse();

        gbkCount.ShouldBe(0);
        asciiCount.ShouldBe(0);
    }

    [Fact]
    public void TryDecode_WhenDestinationIsExactlyLongEnough_Succeeds()
    {
        var chars = new char[2];

        Ans.TryDecode(Hex.Bytes("D5 C5 C8 FD 00 00"), chars, out var count).ShouldBeTrue();

        count.ShouldBe(2);
        new string(chars).ShouldBe("张三");
    }

    [Fact]
    public void TryDecode_WhenMalformedAndDestinationTooSmall_StillThrows()
    {
        Should.Throw<CardFormatException>(() => Ans.TryDecode(Hex.Bytes("31 00 32"), Span<char>.Empty, out _));
    }

    [Fact]
    public void RoundTrip_WhenRandomGbkText_DecodesToTheSameValue()
    {
        var random = new Random(20260115);
        for (var i = 0; i < 2_000; i++)
        {
            var fieldLength = random.Next(1, 101);
            var value = RandomValues.Ans(random, fieldLength);
            var field = new byte[fieldLength];

            Ans.TryEncode(value, field, out _).ShouldBeTrue(value);

            Ans.Decode(field).ShouldBe(value);
        }
    }

    [Fact]
    public void TryEncodeAndTryDecode_WhenAsciiOrChinese_AllocateNothing()
    {
        Span<byte> field = stackalloc byte[30];
        Span<char> chars = stackalloc char[30];
        Exercise(field, chars); // warm up: JIT, static initialisation
        var before = GC.GetAllocatedBytesForCurrentThread();

        for (var i = 0; i < 100; i++)
        {
            Exercise(field, chars);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);

        static void Exercise(Span<byte> field, Span<char> chars)
        {
            Ans.TryEncode("13010519800101001X", field[..18], out _);
            Ans.TryDecode(field[..18], chars, out _);
            Ans.TryEncode("张三", field, out _);
            Ans.TryDecode(field, chars, out _);
            Ans.TryEncode(Address, field, out _); // 35 bytes do not fit ans30: the counting path
        }
    }
}
