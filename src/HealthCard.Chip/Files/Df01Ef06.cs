using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// DF01/EF06 three contacts: TLV records (standard §4, §4.1).
/// Record n holds the n-th element of <see cref="CardFiles.Df01Ef06"/>.
/// </summary>
public sealed record Df01Ef06
{
    /// <summary>25 联系人姓名1 LXRXM1: ans30. Empty when absent.</summary>
    public string ContactName1 { get; init; } = string.Empty;

    /// <summary>26 联系人关系1 LXRGX1: cn1. Empty when absent.</summary>
    public string ContactRelation1 { get; init; } = string.Empty;

    /// <summary>27 联系人电话1 LXRDH1: ans20. Empty when absent.</summary>
    public string ContactPhone1 { get; init; } = string.Empty;

    /// <summary>28 联系人姓名2 LXRXM2: ans30. Empty when absent.</summary>
    public string ContactName2 { get; init; } = string.Empty;

    /// <summary>29 联系人关系2 LXRGX2: cn1. Empty when absent.</summary>
    public string ContactRelation2 { get; init; } = string.Empty;

    /// <summary>30 联系人电话2 LXRDH2: ans20. Empty when absent.</summary>
    public string ContactPhone2 { get; init; } = string.Empty;

    /// <summary>31 联系人姓名3 LXRXM3: ans30. Empty when absent.</summary>
    public string ContactName3 { get; init; } = string.Empty;

    /// <summary>32 联系人关系3 LXRGX3: cn1. Empty when absent.</summary>
    public string ContactRelation3 { get; init; } = string.Empty;

    /// <summary>33 联系人电话3 LXRDH3: ans20. Empty when absent.</summary>
    public string ContactPhone3 { get; init; } = string.Empty;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Definition.Path} ({Definition.Elements.Count} elements)";

    /// <summary>The file's elements (§4.1).</summary>
    public static RecordFileDefinition Definition => CardFiles.Df01Ef06;

    /// <summary>
    /// The file's TLV records in record-number order (§4.1). Throws <see cref="ArgumentException"/> naming the element when a value
    /// does not fit it (too long, not GBK-encodable, non-digit in a cn element; §3).
    /// </summary>
    public IReadOnlyList<byte[]> EncodeRecords() => RecordFileCodec.Encode(Definition, Values());

    /// <summary>
    /// Reads the file from its records in record-number order (§4.1). Throws <see cref="CardFormatException"/> for a wrong record
    /// count, tag or length, or a malformed value (§3).
    /// </summary>
    public static Df01Ef06 DecodeRecords(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var elements = RecordFileCodec.Decode(Definition, records);
        return new()
        {
            ContactName1 = elements.Text(25),
            ContactRelation1 = elements.Text(26),
            ContactPhone1 = elements.Text(27),
            ContactName2 = elements.Text(28),
            ContactRelation2 = elements.Text(29),
            ContactPhone2 = elements.Text(30),
            ContactName3 = elements.Text(31),
            ContactRelation3 = elements.Text(32),
            ContactPhone3 = elements.Text(33),
        };
    }

    private ElementValue[] Values() =>
        [
            ElementValue.OfText(25, ContactName1),
            ElementValue.OfText(26, ContactRelation1),
            ElementValue.OfText(27, ContactPhone1),
            ElementValue.OfText(28, ContactName2),
            ElementValue.OfText(29, ContactRelation2),
            ElementValue.OfText(30, ContactPhone2),
            ElementValue.OfText(31, ContactName3),
            ElementValue.OfText(32, ContactRelation3),
            ElementValue.OfText(33, ContactPhone3),
        ];
}
