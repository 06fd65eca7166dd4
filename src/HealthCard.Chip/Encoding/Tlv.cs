namespace HealthCard.Chip.Encoding;

/// <summary>
/// Records of the TLV record files (standard §4.1): one element per record, laid out as <c>tag(1) len(1) value(len)</c>, where
/// the tag is the element number written as a byte (element 57 → 0x39) and len is the element's fixed length. Card records
/// are untrusted, so every read is bounds-checked and anything but exactly one well-formed element is a
/// <see cref="CardFormatException"/>.
/// </summary>
public static class Tlv
{
    /// <summary>Tag byte plus length byte (§4.1).</summary>
    public const int HeaderLength = 2;

    /// <summary>The largest value a one-byte length can describe (§4.1).</summary>
    public const int MaxValueLength = byte.MaxValue;

    /// <summary>The tag of element <paramref name="elementNumber"/> (§4.1: the number in hex, 57 → 0x39).</summary>
    public static byte TagOf(int elementNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elementNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementNumber, byte.MaxValue);
        return (byte)elementNumber;
    }

    /// <summary>The size of a record holding a value of <paramref name="valueLength"/> bytes (§4.1: tag, len, value).</summary>
    public static int RecordLength(int valueLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(valueLength, MaxValueLength);
        return HeaderLength + valueLength;
    }

    /// <summary>
    /// Writes the record <c>tag len value</c> (§4.1) to the start of <paramref name="destination"/>. Returns false when the value
    /// is longer than 255 bytes or the destination is shorter than the record.
    /// </summary>
    public static bool TryWrite(byte tag, ReadOnlySpan<byte> value, Span<byte> destination, out int written)
    {
        written = 0;
        if (value.Length > MaxValueLength || destination.Length < HeaderLength + value.Length)
        {
            return false;
        }

        destination[0] = tag;
        destination[1] = (byte)value.Length;
        value.CopyTo(destination[HeaderLength..]);
        written = HeaderLength + value.Length;
        return true;
    }

    /// <summary>
    /// The value of a record that must hold element <paramref name="expectedTag"/> with the fixed length
    /// <paramref name="expectedLength"/> (§4.1). Throws <see cref="CardFormatException"/> for a record shorter than its header or
    /// its declared length, a different tag, a different length byte, or bytes after the value (a record is exactly one
    /// element, §4.1).
    /// </summary>
    public static ReadOnlySpan<byte> ReadRecord(ReadOnlySpan<byte> record, byte expectedTag, int expectedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedLength, MaxValueLength);

        if (record.Length < HeaderLength)
        {
            throw new CardFormatException(
                $"TLV record for tag 0x{expectedTag:X2}: {record.Length} bytes is shorter than the tag and length bytes (standard §4.1).");
        }

        if (record[0] != expectedTag)
        {
            throw new CardFormatException(
                $"TLV record: tag 0x{record[0]:X2} where tag 0x{expectedTag:X2} (element {expectedTag}) was expected (standard §4.1).");
        }

        int length = record[1];
        if (length != expectedLength)
        {
            throw new CardFormatException(
                $"TLV record for tag 0x{expectedTag:X2}: length byte {length} where the element's fixed length is {expectedLength} " +
                "(standard §4.1).");
        }

        if (record.Length < HeaderLength + length)
        {
            throw new CardFormatException(
                $"TLV record for tag 0x{expectedTag:X2}: truncated, {record.Length - HeaderLength} value bytes of {length} " +
                "(standard §4.1).");
        }

        if (record.Length > HeaderLength + length)
        {
            throw new CardFormatException(
                $"TLV record for tag 0x{expectedTag:X2}: {record.Length - HeaderLength - length} bytes after the {length}-byte value; " +
                "a record holds exactly one element (standard §4.1).");
        }

        return record.Slice(HeaderLength, length);
    }
}
