using System.Text;

namespace HealthCard.Domain.Common;

/// <summary>
/// GBK (code page 936), the encoding of every <c>ans</c> element on the card (standard §3). Characters GBK cannot
/// encode are rejected, never replaced with '?', because a replaced character would be written to the chip for life.
/// </summary>
public static class Gbk
{
    private static readonly Encoding Strict = CreateStrict();

    private static Encoding CreateStrict()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>The number of bytes <paramref name="text"/> takes in GBK, or null when a character is not encodable.</summary>
    public static int? ByteCount(string text)
    {
        try
        {
            return Strict.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }
}
