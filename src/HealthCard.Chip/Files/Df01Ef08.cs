using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// DF01/EF08 documents: TLV records (standard §4, §4.1).
/// Record n holds the n-th element of <see cref="CardFiles.Df01Ef08"/>.
/// </summary>
public sealed record Df01Ef08
{
    /// <summary>37 证件类别 ZJLB: cn1, CV02.01.101 (§2). Empty when absent.</summary>
    public string IdType { get; init; } = string.Empty;

    /// <summary>38 证件号码 ZJHM: ans18. Empty when absent.</summary>
    public string IdNumber { get; init; } = string.Empty;

    /// <summary>39 健康档案编号 JKDAH: ans17. Empty when absent.</summary>
    public string HealthRecordNumber { get; init; } = string.Empty;

    /// <summary>40 新农合证(卡)号 XNHZH: ans18. Empty when absent.</summary>
    public string NcmsCardNumber { get; init; } = string.Empty;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Definition.Path} ({Definition.Elements.Count} elements)";

    /// <summary>The file's elements (§4.1).</summary>
    public static RecordFileDefinition Definition => CardFiles.Df01Ef08;

    /// <summary>
    /// The file's TLV records in record-number order (§4.1). Throws <see cref="ArgumentException"/> naming the element when a value
    /// does not fit it (too long, not GBK-encodable, non-digit in a cn element; §3).
    /// </summary>
    public IReadOnlyList<byte[]> EncodeRecords() => RecordFileCodec.Encode(Definition, Values());

    /// <summary>
    /// Reads the file from its records in record-number order (§4.1). Throws <see cref="CardFormatException"/> for a wrong record
    /// count, tag or length, or a malformed value (§3).
    /// </summary>
    public static Df01Ef08 DecodeRecords(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var elements = RecordFileCodec.Decode(Definition, records);
        return new()
        {
            IdType = elements.Text(37),
            IdNumber = elements.Text(38),
            HealthRecordNumber = elements.Text(39),
            NcmsCardNumber = elements.Text(40),
        };
    }

    private ElementValue[] Values() =>
        [
            ElementValue.OfText(37, IdType),
            ElementValue.OfText(38, IdNumber),
            ElementValue.OfText(39, HealthRecordNumber),
            ElementValue.OfText(40, NcmsCardNumber),
        ];
}
