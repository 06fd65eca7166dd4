using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// DF01/EF07 education, marital status and occupation: TLV records (standard §4, §4.1).
/// Record n holds the n-th element of <see cref="CardFiles.Df01Ef07"/>.
/// </summary>
public sealed record Df01Ef07
{
    /// <summary>34 文化程度 WHCD: cn1, GB/T 4658 (§2). Empty when absent.</summary>
    public string Education { get; init; } = string.Empty;

    /// <summary>35 婚姻状况 HYZK: cn1, GB/T 2261.2 (§2). Empty when absent.</summary>
    public string MaritalStatus { get; init; } = string.Empty;

    /// <summary>36 职业 ZY: ans3, GB/T 6565 code left-aligned (§2). Empty when absent.</summary>
    public string Occupation { get; init; } = string.Empty;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Definition.Path} ({Definition.Elements.Count} elements)";

    /// <summary>The file's elements (§4.1).</summary>
    public static RecordFileDefinition Definition => CardFiles.Df01Ef07;

    /// <summary>
    /// The file's TLV records in record-number order (§4.1). Throws <see cref="ArgumentException"/> naming the element when a value
    /// does not fit it (too long, not GBK-encodable, non-digit in a cn element; §3).
    /// </summary>
    public IReadOnlyList<byte[]> EncodeRecords() => RecordFileCodec.Encode(Definition, Values());

    /// <summary>
    /// Reads the file from its records in record-number order (§4.1). Throws <see cref="CardFormatException"/> for a wrong record
    /// count, tag or length, or a malformed value (§3).
    /// </summary>
    public static Df01Ef07 DecodeRecords(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var elements = RecordFileCodec.Decode(Definition, records);
        return new()
        {
            Education = elements.Text(34),
            MaritalStatus = elements.Text(35),
            Occupation = elements.Text(36),
        };
    }

    private ElementValue[] Values() =>
        [
            ElementValue.OfText(34, Education),
            ElementValue.OfText(35, MaritalStatus),
            ElementValue.OfText(36, Occupation),
        ];
}
