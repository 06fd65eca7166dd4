using System.Buffers;
using System.Text;

namespace HealthCard.Chip.Encoding;

/// <summary>
/// <c>ans</c> fields (standard §3): ASCII for letters and digits, GBK (code page 936) for Chinese, left-aligned in a fixed-length
/// field and right-padded with 0x00. Characters GBK cannot encode are rejected, never replaced with '?', and values longer than
/// the field are rejected (§3). Pure-ASCII values take a vectorised path that never touches the GBK encoding object; every
/// method here is allocation-free except <see cref="Decode"/>, which allocates only the returned string.
/// </summary>
public static class Ans
{
    /// <summary>The pad byte (§3: right-pad 0x00).</summary>
    public const byte Pad = 0x00;

    // Beyond this, Decode rents its scratch buffer instead of using the stack. Card ans fields are at most ans100 (§4.1, §4.2).
    private const int StackCharLimit = 256;

    /// <summary>
    /// Encodes <paramref name="value"/> into the whole of <paramref name="destination"/>, whose length is the field length
    /// (§3: left-aligned, right-padded 0x00), so <paramref name="written"/> is the field length on success. Returns false and
    /// never throws when the value does not fit, holds a character GBK cannot encode (§3: reject, never '?'), or holds U+0000
    /// (the pad byte: such a value could not be read back). Code page 936's single-byte extensions € (0x80) and U+F8F5 (0xFF)
    /// are not GBK and are rejected too (D, see <see cref="Gbk.Rejected"/>). When false is returned,
    /// <paramref name="destination"/> is cleared.
    /// </summary>
    public static bool TryEncode(ReadOnlySpan<char> value, Span<byte> destination, out int written)
    {
        written = 0;
        int length;
        if (Ascii.IsValid(value))
        {
            // §3: ASCII letters and digits are one byte each, identical in GBK. The fast path allocates nothing.
            if (value.Length > destination.Length || value.Contains('\0'))
            {
                destination.Clear();
                return false;
            }

            Ascii.FromUtf16(value, destination, out length);
        }
        else if (!TryEncodeGbk(value, destination, out length))
        {
            destination.Clear();
            return false;
        }

        // §3: right-pad with 0x00 to the field length.
        destination[length..].Clear();
        written = destination.Length;
        return true;
    }

    /// <summary>
    /// Decodes a whole <c>ans</c> field (§3) into <paramref name="destination"/> without the trailing 0x00 padding. Returns false
    /// only when <paramref name="destination"/> is too small; malformed card bytes (invalid GBK, or a 0x00 pad followed by a
    /// non-zero byte) throw <see cref="CardFormatException"/> whatever the destination.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> field, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        var content = Content(field);
        if (Ascii.IsValid(content))
        {
            // §3: ASCII bytes are one character each; no call into the GBK encoding object.
            if (content.Length > destination.Length)
            {
                return false;
            }

            Ascii.ToUtf16(content, destination, out charsWritten);
            return true;
        }

        return TryDecodeGbk(content, destination, out charsWritten);
    }

    /// <summary>
    /// Decodes a whole <c>ans</c> field (§3), stripping the trailing 0x00 padding; an all-0x00 field is the empty string.
    /// Throws <see cref="CardFormatException"/> for bytes that are not valid GBK (including the single bytes 0x80 and 0xFF) or for
    /// a 0x00 followed by a non-zero byte.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> field)
    {
        var content = Content(field);
        if (content.IsEmpty)
        {
            return string.Empty;
        }

        // GBK never yields more characters than bytes (§3: one byte for ASCII, two for Chinese), so content.Length chars suffice.
        char[]? rented = null;
        var buffer = content.Length <= StackCharLimit
            ? stackalloc char[StackCharLimit]
            : (rented = ArrayPool<char>.Shared.Rent(content.Length));
        try
        {
            if (!TryDecode(content, buffer, out var count))
            {
                throw new InvalidOperationException("A GBK decode produced more characters than bytes.");
            }

            return new string(buffer[..count]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The field without its right padding (§3: left-aligned, right-pad 0x00). Padding is only ever trailing, so a 0x00 followed
    /// by a non-zero byte is malformed: the value would otherwise contain U+0000 or silently lose its tail.
    /// </summary>
    private static ReadOnlySpan<byte> Content(ReadOnlySpan<byte> field)
    {
        var pad = field.IndexOf(Pad);
        if (pad < 0)
        {
            return field;
        }

        var stray = field[pad..].IndexOfAnyExcept(Pad);
        if (stray >= 0)
        {
            throw new CardFormatException(
                $"ans field of {field.Length} bytes: the 0x00 pad at offset {pad} is followed by the non-zero byte " +
                $"0x{field[pad + stray]:X2} at offset {pad + stray}; padding may only trail the value (standard §3).");
        }

        return field[..pad];
    }

    /// <summary>GBK encoding of a value that is not pure ASCII (§3). False when it does not fit or is not encodable.</summary>
    private static bool TryEncodeGbk(ReadOnlySpan<char> value, Span<byte> destination, out int length) =>
        Gbk.TryGetBytes(value, destination, out length); // §3: a character GBK cannot encode is rejected, never replaced.

    /// <summary>GBK decoding of content that is not pure ASCII (§3). False only when the destination is too small.</summary>
    private static bool TryDecodeGbk(ReadOnlySpan<byte> content, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        try
        {
            // GBK never yields more characters than bytes, so the count is needed only for a short destination.
            if (content.Length > destination.Length && Gbk.Strict.GetCharCount(content) > destination.Length)
            {
                return false;
            }

            var count = Gbk.Strict.GetChars(content, destination);
            if (destination[..count].ContainsAny(Gbk.Rejected))
            {
                // Code page 936's single-byte 0x80 (€) and 0xFF (U+F8F5) are not GBK (D, see Gbk.Rejected).
                throw new CardFormatException(
                    $"ans field of {content.Length} value bytes: the single byte 0x80 or 0xFF is not a GBK character (standard §3).");
            }

            charsWritten = count;
            return true;
        }
        catch (DecoderFallbackException e)
        {
            throw new CardFormatException(
                $"ans field of {content.Length} value bytes: the bytes are not valid GBK (code page 936, standard §3).", e);
        }
    }
}
