using System.Buffers;
using System.Text;
using TextEncoding = System.Text.Encoding;

namespace HealthCard.Chip.Encoding;

/// <summary>
/// The Chip's own strict GBK (code page 936) instance for <c>ans</c> fields (standard §3). Unmappable characters and invalid
/// byte sequences raise fallback exceptions instead of becoming '?' or U+FFFD. The encoding comes straight from
/// <see cref="CodePagesEncodingProvider"/>, so the process-wide provider list is left untouched.
/// </summary>
internal static class GbkEncoding
{
    /// <summary>Code page 936 (GBK), §3.</summary>
    public const int CodePage = 936;

    /// <summary>GBK encodes every character it can encode in one or two bytes (§3: ASCII one byte, Chinese two).</summary>
    public const int MaxBytesPerChar = 2;

    /// <summary>
    /// Characters an <c>ans</c> value may not hold although code page 936 maps them (§3, D):
    /// U+0000, the pad byte, which could not be read back; and U+20AC (€) and U+F8F5 (private use), which Windows code page 936
    /// maps to the single bytes 0x80 and 0xFF. Those bytes are outside GBK (single bytes 0x00–0x7F, lead bytes 0x81–0xFE), so
    /// they are rejected when encoding, and bytes that decode to them are malformed card data.
    /// </summary>
    public static SearchValues<char> Rejected { get; } = SearchValues.Create("\0\u20AC\uF8F5");

    public static TextEncoding Strict { get; } =
        CodePagesEncodingProvider.Instance.GetEncoding(CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        ?? throw new InvalidOperationException("Code page 936 (GBK) is not available from CodePagesEncodingProvider.");
}
