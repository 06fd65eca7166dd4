using System.Collections.ObjectModel;
using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>One record of an index file, DF03/EF05 or EF06 (standard §4.1, §3): whether the matching EE/ED record is in use.</summary>
public enum SlotStatus
{
    /// <summary>0x00: the record slot holds a valid record (§4.1); set with <c>84 D2</c> (§5).</summary>
    Valid = B.FlagValid,

    /// <summary>0xFF: the record slot is free (§4.1, §3); set with <c>84 0C</c> (§5).</summary>
    Free = B.FlagFree,
}

/// <summary>
/// An index file of DF03 (standard §4.1): one 1-byte record per EE or ED record slot, record n flagging <c>EE0n</c> /
/// <c>ED0n</c>.
/// </summary>
public sealed class IndexFileDefinition
{
    internal IndexFileDefinition(string path, int recordCount, string recordFilePrefix)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordCount, 1);
        Path = path;
        RecordCount = recordCount;
        RecordFilePrefix = recordFilePrefix;
    }

    /// <summary>The file's path below DDF1, e.g. <c>DF03/EF05</c> (§4).</summary>
    public string Path { get; }

    /// <summary>
    /// The number of record slots on the standard card: 3 inpatient, 5 outpatient (§4); a card product (the 16K chip) may hold
    /// fewer (D: never more).
    /// </summary>
    public int RecordCount { get; }

    /// <summary><c>EE</c> for the inpatient index, <c>ED</c> for the outpatient index (§4).</summary>
    public string RecordFilePrefix { get; }

    /// <summary>The record file flagged by index record <paramref name="recordNumber"/>, e.g. <c>EE02</c> (§4).</summary>
    public string RecordFile(int recordNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recordNumber, RecordCount);
        return $"{RecordFilePrefix}{recordNumber:D2}";
    }

    public override string ToString() => $"{Path} (index, {RecordCount} × 1 B)";
}

/// <summary>The slot-choice rule of the DF03 index files (standard §4.1). A pure function, no card access.</summary>
public static class IndexFile
{
    /// <summary>
    /// The record number (1-based) a new EE/ED record goes to (§4.1): the first free slot; when every slot is used, the one whose
    /// record has the earliest 入院日期 (inpatient, EE offset 80, cn4 YYYYMMDD) or 就诊日期时间 (outpatient, ED offset 80, cn7
    /// YYYYMMDDhhmmss).
    /// <para>
    /// <paramref name="dates"/> holds each slot's date as its <c>cn</c> digits (entries for free slots are ignored). Decisions (D):
    /// dates compare digit by digit, which is chronological for these formats; an absent (empty or null) date counts as the
    /// earliest, so a record that cannot be dated is replaced first; among equal dates the lowest record number wins.
    /// </para>
    /// Throws <see cref="ArgumentException"/> for no slots, a date count that differs from the flag count, an undefined flag, or a
    /// date that is not all digits.
    /// </summary>
    public static int ChooseSlot(ReadOnlySpan<SlotStatus> flags, ReadOnlySpan<string?> dates)
    {
        if (flags.IsEmpty)
        {
            throw new ArgumentException("An index file has at least one record slot (standard §4.1).", nameof(flags));
        }

        if (dates.Length != flags.Length)
        {
            throw new ArgumentException($"{flags.Length} flags but {dates.Length} dates; give one date per slot.", nameof(dates));
        }

        for (var i = 0; i < flags.Length; i++)
        {
            if (flags[i] is not (SlotStatus.Valid or SlotStatus.Free))
            {
                throw new ArgumentException($"Slot {i + 1} has the undefined flag {(int)flags[i]}.", nameof(flags));
            }

            if (flags[i] == SlotStatus.Free)
            {
                return i + 1; // §4.1: first free.
            }
        }

        var earliest = -1;
        for (var i = 0; i < dates.Length; i++)
        {
            var date = dates[i] ?? string.Empty;
            if (!Cn.AreDigits(date))
            {
                throw new ArgumentException($"The date of slot {i + 1} is not cn digits (standard §3).", nameof(dates));
            }

            // §4.1: when all are used, the earliest; D: absent = earliest, ties go to the lowest record number (strict <).
            if (earliest < 0 || string.CompareOrdinal(date, dates[earliest] ?? string.Empty) < 0)
            {
                earliest = i;
            }
        }

        return earliest + 1;
    }
}

/// <summary>Encoding and decoding of the DF03 index files (standard §4.1, §3) from their <see cref="IndexFileDefinition"/>.</summary>
public static class IndexFileCodec
{
    /// <summary>
    /// A read-only copy of <paramref name="flags"/>, checked against the file: 1 to <see cref="IndexFileDefinition.RecordCount"/>
    /// flags (D: a card product may hold fewer slots), each <see cref="SlotStatus.Valid"/> or <see cref="SlotStatus.Free"/>.
    /// </summary>
    public static ReadOnlyCollection<SlotStatus> Checked(IndexFileDefinition file, IReadOnlyList<SlotStatus>? flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        if (flags.Count < 1 || flags.Count > file.RecordCount)
        {
            throw new ArgumentException($"{file.Path}: {flags.Count} flags where the file holds 1 to {file.RecordCount} (standard §4).", nameof(flags));
        }

        var copy = new SlotStatus[flags.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = flags[i] is SlotStatus.Valid or SlotStatus.Free
                ? flags[i]
                : throw new ArgumentException($"{file.Path} record {i + 1}: undefined flag {(int)flags[i]} (standard §4.1).", nameof(flags));
        }

        return Array.AsReadOnly(copy);
    }

    /// <summary>Every slot of the standard card free (§4.1: 0xFF).</summary>
    public static ReadOnlyCollection<SlotStatus> AllFree(IndexFileDefinition file) =>
        Array.AsReadOnly(Enumerable.Repeat(SlotStatus.Free, file.RecordCount).ToArray());

    /// <summary>The file's 1-byte records in record-number order (§4.1).</summary>
    public static IReadOnlyList<byte[]> Encode(IReadOnlyList<SlotStatus> flags)
    {
        var records = new byte[flags.Count][];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = [(byte)flags[i]];
        }

        return records;
    }

    /// <summary>
    /// The flags read from the file's records (§4.1). 1 to <see cref="IndexFileDefinition.RecordCount"/> records of one byte each,
    /// 0x00 or 0xFF; anything else is a <see cref="CardFormatException"/> (D: no other byte has a meaning, so it is malformed).
    /// </summary>
    public static SlotStatus[] Decode(IndexFileDefinition file, IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count < 1 || records.Count > file.RecordCount)
        {
            throw new CardFormatException(
                $"{file.Path}: {records.Count} records where the file holds 1 to {file.RecordCount} (standard §4, §4.1).");
        }

        var flags = new SlotStatus[records.Count];
        for (var i = 0; i < flags.Length; i++)
        {
            var record = records[i].Span;
            if (record.Length != 1)
            {
                throw new CardFormatException($"{file.Path} record {i + 1}: {record.Length} bytes where a flag is 1 byte (standard §4.1).");
            }

            flags[i] = record[0] switch
            {
                B.FlagValid => SlotStatus.Valid,
                B.FlagFree => SlotStatus.Free,
                _ => throw new CardFormatException(
                    $"{file.Path} record {i + 1}: flag 0x{record[0]:X2} is neither 0x00 (valid) nor 0xFF (free) (standard §4.1)."),
            };
        }

        return flags;
    }
}
