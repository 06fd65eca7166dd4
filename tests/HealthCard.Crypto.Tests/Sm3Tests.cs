using System.Text;
using HealthCard.Crypto.Sm3;

namespace HealthCard.Crypto.Tests;

public sealed class Sm3Tests
{
    // GB/T 32905-2016 Appendix A, examples 1 and 2.
    [Theory]
    [InlineData("abc", "66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0")]
    [InlineData("abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "DEBE9FF92275B8A138604889C18E5A4D6FDB70E5387E5765293DCBA39C0C5732")]
    public void Hash_StandardExamples(string message, string expected)
    {
        Convert.ToHexString(Sm3Hash.Hash(Encoding.ASCII.GetBytes(message))).ShouldBe(expected);
    }

    [Fact]
    public void Hmac_DependsOnKeyAndMessage()
    {
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        Span<byte> c = stackalloc byte[32];
        Sm3Hash.Hmac("key-1"u8, "110105194912310021"u8, a);
        Sm3Hash.Hmac("key-2"u8, "110105194912310021"u8, b);
        Sm3Hash.Hmac("key-1"u8, "110105194912310022"u8, c);

        a.SequenceEqual(b).ShouldBeFalse();
        a.SequenceEqual(c).ShouldBeFalse();
        Sm3Hash.Hmac("key-1"u8, "110105194912310021"u8, b);
        a.SequenceEqual(b).ShouldBeTrue();
    }
}
