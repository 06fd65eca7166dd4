namespace HealthCard.Chip.Encoding;

/// <summary>
/// <c>b</c> fields (standard §3): raw bytes of a fixed length. An absent value, or the unused tail of a shorter one (such as a
/// certificate padded to 180 bytes, §6), is 0x00 (D: §3 "absent = 0x00"). Index flags (§4.1 DF03/EF05, EF06) use 0x00 for a
/// valid record and 0xFF for a free slot.
/// </summary>
public static class B
{
    /// <summary>The byte of an absent value (§3, D).</summary>
    public const byte Absent = 0x00;

    /// <summary>Index flag: the record slot holds a valid record (§4.1 DF03/EF05, EF06).</summary>
    public const byte FlagValid = 0x00;

    /// <summary>Index flag: the record slot is free (§4.1 DF03/EF05, EF06; §3).</summary>
    public const byte FlagFree = 0xFF;

    /// <summary>
    /// Copies <paramref name="value"/> into the whole of <paramref name="destination"/> (the field), filling the rest with 0x00
    /// (§3: absent = 0x00, D); an empty value is an absent element. Returns false when the value is longer than the field.
    /// </summary>
    public static bool TryEncode(ReadOnlySpan<byte> value, Span<byte> destination, out int written)
    {
        written = 0;
        if (value.Length > destination.Length)
        {
            return false;
        }

        value.CopyTo(destination);
        destination[value.Length..].Clear(); // Absent is 0x00 (§3, D).
        written = destination.Length;
        return true;
    }

    /// <summary>
    /// Copies a whole <c>b</c> field (§3) into <paramref name="destination"/>; false when the destination is too small. Any byte
    /// string is a well-formed <c>b</c> field, so nothing throws.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> field, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (!field.TryCopyTo(destination))
        {
            return false;
        }

        bytesWritten = field.Length;
        return true;
    }

    /// <summary>A copy of a whole <c>b</c> field (§3), detached from the card buffer it was read from.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> field) => field.ToArray();

    /// <summary>True when every byte of the field is 0x00, i.e. the element is absent (§3, D).</summary>
    public static bool IsAbsent(ReadOnlySpan<byte> field) => !field.ContainsAnyExcept(Absent);

    /// <summary>
    /// The bytes that matter on card: a value without its trailing 0x00 padding (§3: shorter values are padded 0x00, and
    /// absent = 0x00). Two <c>b</c> values are the same on card exactly when these are equal.
    /// </summary>
    public static ReadOnlySpan<byte> Significant(ReadOnlySpan<byte> value) => value.TrimEnd(Absent);
}
