using System.Collections.ObjectModel;

namespace HealthCard.Chip.Files;

/// <summary>
/// A cyclic file of the card (standard §4.1 DF02/EF07 and EF08): <see cref="RecordCount"/> records of one fixed layout, no tags.
/// </summary>
public sealed class CyclicFileDefinition
{
    internal CyclicFileDefinition(string path, int recordCount, FixedLayout record)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordCount, 1);
        Path = path;
        RecordCount = recordCount;
        Record = record;
    }

    /// <summary>The file's path below DDF1, e.g. <c>DF02/EF07</c> (§4).</summary>
    public string Path { get; }

    /// <summary>
    /// The number of records on the standard card, e.g. 3 for DF02/EF07 (§4); a card product (the 16K chip) may hold fewer, and
    /// <see cref="CyclicFile.AfterWrite"/> keeps whatever count the file has.
    /// </summary>
    public int RecordCount { get; }

    /// <summary>The layout of one record (§4.1).</summary>
    public FixedLayout Record { get; }

    /// <summary>The size of one record in bytes, e.g. 120 for DF02/EF07 (§4.1).</summary>
    public int RecordLength => Record.Length;

    public override string ToString() => $"{Path} (cyclic, {RecordCount} × {RecordLength} B)";
}

/// <summary>
/// The rule of the cyclic files (standard §4.1 "newest write is record 1"; §5 UPDATE RECORD <c>00 DC 00 03</c>): a write always
/// becomes record 1, record n becomes record n + 1, and the oldest record, the last one, falls off. Records are numbered from 1
/// as READ RECORD and the reader API (§9 <c>iR_DF02EF07Info(n, …)</c>) number them. Pure functions, no card access.
/// </summary>
public static class CyclicFile
{
    /// <summary>
    /// The records after writing <paramref name="written"/> to a cyclic file that held <paramref name="records"/> (in record
    /// order, record 1 first): the same number of records, <paramref name="written"/> first, the last one gone.
    /// </summary>
    public static IReadOnlyList<T> AfterWrite<T>(IReadOnlyList<T> records, T written)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfZero(records.Count, nameof(records));
        var result = new T[records.Count];
        result[0] = written;
        for (var i = 1; i < result.Length; i++)
        {
            result[i] = records[i - 1];
        }

        return new ReadOnlyCollection<T>(result);
    }

    /// <summary>
    /// The number record <paramref name="recordNumber"/> has after one more write to a file of <paramref name="recordCount"/>
    /// records: <paramref name="recordNumber"/> + 1, or null when it was the last (oldest) record and falls off.
    /// </summary>
    public static int? RecordNumberAfterWrite(int recordNumber, int recordCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(recordNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recordNumber, recordCount);
        return recordNumber < recordCount ? recordNumber + 1 : null;
    }

    /// <summary>
    /// True when a record read from a cyclic file is empty, i.e. never written: all 0x00 or all 0xFF (D, from §3 "absent = 0x00";
    /// the rule of <see cref="FixedLayoutCodec.IsBlank"/>). Such a record decodes as the record type's empty value.
    /// </summary>
    public static bool IsEmptyRecord(ReadOnlySpan<byte> record) => FixedLayoutCodec.IsBlank(record);
}
