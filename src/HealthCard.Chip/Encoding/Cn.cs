namespace HealthCard.Chip.Encoding;

/// <summary>
/// <c>cn</c> fields (standard §3): packed BCD, two digits per byte, high nibble first, left-aligned and right-padded with the
/// nibble F. 出生日期 19800101 in cn4 is <c>19 80 01 01</c>; 民族 01 in cn1 is <c>01</c>; "1" in cn1 is <c>1F</c>.
/// <para>
/// Decisions (§3 is silent on them, D): an all-0xFF field is the empty string, i.e. the element is absent, and the empty string
/// encodes as all 0xFF; 0x00 bytes are ordinary digits ("00"), never padding. Only trailing F nibbles are padding: a nibble A–E,
/// or a digit after an F, is malformed.
/// </para>
/// Nothing here allocates except <see cref="Decode"/>, which allocates only the returned string.
/// </summary>
public static class Cn
{
    /// <summary>The pad nibble (§3: right-pad nibble F).</summary>
    public const int PadNibble = 0xF;

    private const int StackCharLimit = 256;

    /// <summary>
    /// Encodes the ASCII digits <paramref name="digits"/> into the whole of <paramref name="destination"/>, whose length is the
    /// field length in bytes (§3: left-aligned, right-pad nibble F). Returns false and never throws when a character is not an
    /// ASCII digit 0–9 or there are more than twice as many digits as bytes. The empty string encodes as all 0xFF (absent).
    /// </summary>
    public static bool TryEncode(ReadOnlySpan<char> digits, Span<byte> destination, out int written)
    {
        written = 0;
        if (digits.Length > destination.Length * 2L || !AreDigits(digits))
        {
            return false;
        }

        for (var i = 0; i < destination.Length; i++)
        {
            var high = 2 * i < digits.Length ? digits[2 * i] - '0' : PadNibble;
            var low = (2 * i) + 1 < digits.Length ? digits[(2 * i) + 1] - '0' : PadNibble;
            destination[i] = (byte)((high << 4) | low);
        }

        written = destination.Length;
        return true;
    }

    /// <summary>
    /// Decodes a whole <c>cn</c> field (§3) into ASCII digits without the F padding. Returns false only when
    /// <paramref name="destination"/> is too small; a nibble A–E or a digit after an F pad throws
    /// <see cref="CardFormatException"/> whatever the destination.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> field, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        var count = DigitCount(field);
        if (count > destination.Length)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            destination[i] = (char)('0' + Nibble(field, i));
        }

        charsWritten = count;
        return true;
    }

    /// <summary>
    /// Decodes a whole <c>cn</c> field (§3) into ASCII digits; all 0xFF is the empty string (absent). Throws
    /// <see cref="CardFormatException"/> for a nibble A–E or a digit after an F pad.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> field)
    {
        var count = DigitCount(field);
        if (count == 0)
        {
            return string.Empty;
        }

        var buffer = count <= StackCharLimit ? stackalloc char[StackCharLimit] : new char[count];
        for (var i = 0; i < count; i++)
        {
            buffer[i] = (char)('0' + Nibble(field, i));
        }

        return new string(buffer[..count]);
    }

    /// <summary>
    /// The number of digits before the padding, after checking every nibble (§3: digits 0–9, then only pad nibbles F).
    /// </summary>
    private static int DigitCount(ReadOnlySpan<byte> field)
    {
        var nibbles = field.Length * 2;
        var firstPad = -1;
        for (var i = 0; i < nibbles; i++)
        {
            var nibble = Nibble(field, i);
            if (nibble == PadNibble)
            {
                if (firstPad < 0)
                {
                    firstPad = i;
                }
            }
            else if (nibble > 9)
            {
                throw new CardFormatException(
                    $"cn field of {field.Length} bytes: nibble {nibble:X} at digit position {i} is neither a BCD digit nor the " +
                    "pad F (standard §3).");
            }
            else if (firstPad >= 0)
            {
                throw new CardFormatException(
                    $"cn field of {field.Length} bytes: digit {nibble} at position {i} follows the pad nibble F at position " +
                    $"{firstPad}; padding may only trail the digits (standard §3).");
            }
        }

        return firstPad < 0 ? nibbles : firstPad;
    }

    /// <summary>
    /// True when every character is an ASCII digit 0–9 (§3: cn holds decimal digits only). A plain loop: on this runtime
    /// <c>ContainsAnyExceptInRange</c> over chars was measured allocating 96 bytes a call.
    /// </summary>
    internal static bool AreDigits(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The digit at nibble position <paramref name="index"/>: high nibble first (§3: two digits per byte).</summary>
    private static int Nibble(ReadOnlySpan<byte> field, int index)
    {
        var b = field[index >> 1];
        return (index & 1) == 0 ? b >> 4 : b & 0x0F;
    }
}
