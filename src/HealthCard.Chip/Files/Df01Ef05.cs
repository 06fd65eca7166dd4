using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// DF01/EF05 addresses (1 户籍, 2 居住): TLV records (standard §4, §4.1).
/// Record n holds the n-th element of <see cref="CardFiles.Df01Ef05"/>.
/// </summary>
public sealed record Df01Ef05
{
    /// <summary>21 地址类别1 DZLB1: cn1, CV02.01.205 (§2). Empty when absent.</summary>
    public string AddressType1 { get; init; } = string.Empty;

    /// <summary>22 地址1 DZ1: ans100, 户籍. Empty when absent.</summary>
    public string Address1 { get; init; } = string.Empty;

    /// <summary>23 地址类别2 DZLB2: cn1, CV02.01.205 (§2). Empty when absent.</summary>
    public string AddressType2 { get; init; } = string.Empty;

    /// <summary>24 地址2 DZ2: ans100, 居住. Empty when absent.</summary>
    public string Address2 { get; init; } = string.Empty;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Definition.Path} ({Definition.Elements.Count} elements)";

    /// <summary>The file's elements (§4.1).</summary>
    public static RecordFileDefinition Definition => CardFiles.Df01Ef05;

    /// <summary>
    /// The file's TLV records in record-number order (§4.1). Throws <see cref="ArgumentException"/> naming the element when a value
    /// does not fit it (too long, not GBK-encodable, non-digit in a cn element; §3).
    /// </summary>
    public IReadOnlyList<byte[]> EncodeRecords() => RecordFileCodec.Encode(Definition, Values());

    /// <summary>
    /// Reads the file from its records in record-number order (§4.1). Throws <see cref="CardFormatException"/> for a wrong record
    /// count, tag or length, or a malformed value (§3).
    /// </summary>
    public static Df01Ef05 DecodeRecords(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var elements = RecordFileCodec.Decode(Definition, records);
        return new()
        {
            AddressType1 = elements.Text(21),
            Address1 = elements.Text(22),
            AddressType2 = elements.Text(23),
            Address2 = elements.Text(24),
        };
    }

    private ElementValue[] Values() =>
        [
            ElementValue.OfText(21, AddressType1),
            ElementValue.OfText(22, Address1),
            ElementValue.OfText(23, AddressType2),
            ElementValue.OfText(24, Address2),
        ];
}
