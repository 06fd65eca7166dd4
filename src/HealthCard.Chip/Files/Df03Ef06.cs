using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// DF03/EF06 门诊记录标识 outpatient index: 5 one-byte records, record n flagging the outpatient record of the same number (ED01–ED05): 0x00 valid,
/// 0xFF free (standard §4, §4.1). Flags are set and erased with MAC-protected commands (§5).
/// </summary>
public sealed record Df03Ef06
{
    private readonly IReadOnlyList<SlotStatus> _flags = IndexFileCodec.AllFree(Definition);

    /// <summary>
    /// The flags in record-number order; 5 on the standard card (§4), every slot free by default. Throws
    /// <see cref="ArgumentException"/> for none, more than 5, or an undefined flag.
    /// </summary>
    public IReadOnlyList<SlotStatus> Flags
    {
        get => _flags;
        init => _flags = IndexFileCodec.Checked(Definition, value);
    }

    /// <summary>The file (§4.1).</summary>
    public static IndexFileDefinition Definition => CardLayouts.Df03Ef06;

    /// <summary>Names the file only, like every file type here.</summary>
    public override string ToString() => Definition.ToString();

    /// <summary>The file's 1-byte records in record-number order (§4.1).</summary>
    public IReadOnlyList<byte[]> EncodeRecords() => IndexFileCodec.Encode(Flags);

    /// <summary>
    /// Reads the file from its records in record-number order (§4.1). Throws <see cref="CardFormatException"/> for no records or
    /// more than 5, a record that is not one byte, or a byte other than 0x00 and 0xFF.
    /// </summary>
    public static Df03Ef06 DecodeRecords(IReadOnlyList<ReadOnlyMemory<byte>> records) =>
        new() { Flags = IndexFileCodec.Decode(Definition, records) };

    /// <summary>
    /// The record number (1-based) a new outpatient record goes to (§4.1): the first free slot, else the slot with the earliest
    /// 就诊日期时间 (ED offset 80, cn7 YYYYMMDDhhmmss); see <see cref="IndexFile.ChooseSlot"/>. <paramref name="visitTimes"/> holds one entry per slot.
    /// </summary>
    public int ChooseSlot(ReadOnlySpan<string?> visitTimes) => IndexFile.ChooseSlot([.. Flags], visitTimes);

    /// <summary>Value equality: flags compare in order.</summary>
    public bool Equals(Df03Ef06? other) => other is not null && Flags.SequenceEqual(other.Flags);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var flag in Flags)
        {
            hash.Add(flag);
        }

        return hash.ToHashCode();
    }
}
