using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// DDF1/EF08 validity, phones and payment methods: TLV records (standard §4, §4.1).
/// Record n holds the n-th element of <see cref="CardFiles.Ddf1Ef08"/>.
/// </summary>
public sealed record Ddf1Ef08
{
    /// <summary>07 卡有效期 KYXQ: cn4, YYYYMMDD. Empty when absent.</summary>
    public string ExpiryDate { get; init; } = string.Empty;

    /// <summary>16 本人电话1 BRDH1: ans20. Empty when absent.</summary>
    public string Phone1 { get; init; } = string.Empty;

    /// <summary>17 本人电话2 BRDH2: ans20. Empty when absent.</summary>
    public string Phone2 { get; init; } = string.Empty;

    /// <summary>18 医疗费用支付方式1 YLFYZFFS1: cn1 (§2). Empty when absent.</summary>
    public string PaymentMethod1 { get; init; } = string.Empty;

    /// <summary>19 医疗费用支付方式2 YLFYZFFS2: cn1 (§2). Empty when absent.</summary>
    public string PaymentMethod2 { get; init; } = string.Empty;

    /// <summary>20 医疗费用支付方式3 YLFYZFFS3: cn1 (§2). Empty when absent.</summary>
    public string PaymentMethod3 { get; init; } = string.Empty;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Definition.Path} ({Definition.Elements.Count} elements)";

    /// <summary>The file's elements (§4.1).</summary>
    public static RecordFileDefinition Definition => CardFiles.Ddf1Ef08;

    /// <summary>
    /// The file's TLV records in record-number order (§4.1). Throws <see cref="ArgumentException"/> naming the element when a value
    /// does not fit it (too long, not GBK-encodable, non-digit in a cn element; §3).
    /// </summary>
    public IReadOnlyList<byte[]> EncodeRecords() => RecordFileCodec.Encode(Definition, Values());

    /// <summary>
    /// Reads the file from its records in record-number order (§4.1). Throws <see cref="CardFormatException"/> for a wrong record
    /// count, tag or length, or a malformed value (§3).
    /// </summary>
    public static Ddf1Ef08 DecodeRecords(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var elements = RecordFileCodec.Decode(Definition, records);
        return new()
        {
            ExpiryDate = elements.Text(7),
            Phone1 = elements.Text(16),
            Phone2 = elements.Text(17),
            PaymentMethod1 = elements.Text(18),
            PaymentMethod2 = elements.Text(19),
            PaymentMethod3 = elements.Text(20),
        };
    }

    private ElementValue[] Values() =>
        [
            ElementValue.OfText(7, ExpiryDate),
            ElementValue.OfText(16, Phone1),
            ElementValue.OfText(17, Phone2),
            ElementValue.OfText(18, PaymentMethod1),
            ElementValue.OfText(19, PaymentMethod2),
            ElementValue.OfText(20, PaymentMethod3),
        ];
}
