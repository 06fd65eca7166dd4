using System.Buffers;
using System.Text;
using TextEncoding = System.Text.Encoding;

// One source, two assemblies (ADR 022): this file is compiled into HealthCard.Domain (the registry's validation) and,
// linked, into HealthCard.Chip (the card encoder, which defines HEALTHCARD_CHIP), internal in each, so that the registry
// accepts exactly the text personalization can write and neither project references the other.
#if HEALTHCARD_CHIP
namespace HealthCard.Chip.Encoding;
#else
namespace HealthCard.Domain.Common;
#endif

/// <summary>
/// Strict GBK, the one definition of the text an <c>ans</c> element may hold (standard §3: ASCII for letters and digits, GBK,
/// code page 936, for Chinese). A character GBK cannot encode is rejected, never replaced with '?' or U+FFFD, because a
/// replaced character would be written to the chip for life. Beyond what code page 936 refuses, three characters are
/// rejected although it maps them (D): U+0000, the pad byte, which could not be read back; and U+20AC (€) and U+F8F5 (private
/// use), which Windows code page 936 maps to the single bytes 0x80 and 0xFF. Those bytes are outside GBK (single bytes
/// 0x00–0x7F, lead bytes 0x81–0xFE), so the characters are refused when encoding, and bytes that decode to them are malformed
/// card data. The encoding comes straight from <see cref="CodePagesEncodingProvider"/>, so the process-wide provider list is
/// left untouched.
/// </summary>
internal static class Gbk
{
    /// <summary>Code page 936 (GBK), §3.</summary>
    public const int CodePage = 936;

    /// <summary>GBK encodes every character it can encode in one or two bytes (§3: ASCII one byte, Chinese two).</summary>
    public const int MaxBytesPerChar = 2;

    /// <summary>Characters code page 936 maps but an <c>ans</c> value may not hold (see the type's remarks).</summary>
    public static SearchValues<char> Rejected { get; } = SearchValues.Create("\0\u20AC\uF8F5");

    /// <summary>Code page 936 whose unmappable characters and invalid byte sequences throw instead of becoming '?' or U+FFFD.</summary>
    public static TextEncoding Strict { get; } =
        CodePagesEncodingProvider.Instance.GetEncoding(CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        ?? throw new InvalidOperationException("Code page 936 (GBK) is not available from CodePagesEncodingProvider.");

    /// <summary>The number of bytes <paramref name="text"/> takes in GBK, or null when it holds a character strict GBK refuses.</summary>
    public static int? ByteCount(ReadOnlySpan<char> text)
    {
        if (text.ContainsAny(Rejected))
        {
            return null;
        }
        try
        {
            return Strict.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// Encodes <paramref name="text"/> into the start of <paramref name="destination"/>. False, never an exception, when it
    /// holds a character strict GBK refuses or does not fit. Allocates nothing.
    /// </summary>
    public static bool TryGetBytes(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.ContainsAny(Rejected))
        {
            return false;
        }
        try
        {
            // At most two bytes per character (§3), so the byte count is needed only when the value might not fit.
            if ((long)text.Length * MaxBytesPerChar > destination.Length && Strict.GetByteCount(text) > destination.Length)
            {
                return false;
            }
            written = Strict.GetBytes(text, destination);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
