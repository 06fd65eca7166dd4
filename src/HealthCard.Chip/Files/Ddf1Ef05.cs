using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// DDF1/EF05 发卡机构数据 issuer data: TLV records, free read, no update after issuance (standard §4, §4.1).
/// Record n holds the n-th element of <see cref="CardFiles.Ddf1Ef05"/>.
/// </summary>
public sealed record Ddf1Ef05
{
    /// <summary>01 卡的类别 KLB: ans1. Empty when absent.</summary>
    public string CardType { get; init; } = string.Empty;

    /// <summary>02 规范版本 GFBB: ans4. Empty when absent.</summary>
    public string SpecVersion { get; init; } = string.Empty;

    /// <summary>03 发卡机构名称 FKJGMC: ans30. Empty when absent.</summary>
    public string IssuerName { get; init; } = string.Empty;

    /// <summary>04 发卡机构代码 FKJGDM: cn11, up to 22 digits (§1). Empty when absent.</summary>
    public string IssuerCode { get; init; } = string.Empty;

    /// <summary>
    /// 05 发卡机构证书 FKJGZS: b180, the 180-byte compact certificate (§6); shorter values are padded 0x00. Empty when absent: it
    /// encodes as 0x00 (§3, D) and decodes as the field's bytes.
    /// </summary>
    public ReadOnlyMemory<byte> IssuerCertificate { get; init; }

    /// <summary>06 发卡时间 FKSJ: cn4, YYYYMMDD. Empty when absent.</summary>
    public string IssueDate { get; init; } = string.Empty;

    /// <summary>08 卡号 KH: ans18, the citizen ID number or the document number (§1). Empty when absent.</summary>
    public string CardNumber { get; init; } = string.Empty;

    /// <summary>09 安全码 AQM: ans3 (§1). Empty when absent.</summary>
    public string SecurityCode { get; init; } = string.Empty;

    /// <summary>10 发卡序列号 XPXLH: ans10, identifies the physical card (§1). Empty when absent.</summary>
    public string CardSerial { get; init; } = string.Empty;

    /// <summary>57 应用城市代码 YYCSDM: cn3, the 6-digit GB/T 2260 city code (§1). Empty when absent.</summary>
    public string CityCode { get; init; } = string.Empty;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Definition.Path} ({Definition.Elements.Count} elements)";

    /// <summary>The file's elements (§4.1).</summary>
    public static RecordFileDefinition Definition => CardFiles.Ddf1Ef05;

    /// <summary>
    /// The file's TLV records in record-number order (§4.1). Throws <see cref="ArgumentException"/> naming the element when a value
    /// does not fit it (too long, not GBK-encodable, non-digit in a cn element; §3).
    /// </summary>
    public IReadOnlyList<byte[]> EncodeRecords() => RecordFileCodec.Encode(Definition, Values());

    /// <summary>
    /// Reads the file from its records in record-number order (§4.1). Throws <see cref="CardFormatException"/> for a wrong record
    /// count, tag or length, or a malformed value (§3).
    /// </summary>
    public static Ddf1Ef05 DecodeRecords(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var elements = RecordFileCodec.Decode(Definition, records);
        return new()
        {
            CardType = elements.Text(1),
            SpecVersion = elements.Text(2),
            IssuerName = elements.Text(3),
            IssuerCode = elements.Text(4),
            IssuerCertificate = elements.Bytes(5),
            IssueDate = elements.Text(6),
            CardNumber = elements.Text(8),
            SecurityCode = elements.Text(9),
            CardSerial = elements.Text(10),
            CityCode = elements.Text(57),
        };
    }

    /// <summary>Value equality: <c>b</c> elements compare by content, not by buffer.</summary>
    public bool Equals(Ddf1Ef05? other) => other is not null && RecordFileCodec.ValuesEqual(Values(), other.Values());

    public override int GetHashCode() => RecordFileCodec.HashValues(Values());

    private ElementValue[] Values() =>
        [
            ElementValue.OfText(1, CardType),
            ElementValue.OfText(2, SpecVersion),
            ElementValue.OfText(3, IssuerName),
            ElementValue.OfText(4, IssuerCode),
            ElementValue.OfBytes(5, IssuerCertificate),
            ElementValue.OfText(6, IssueDate),
            ElementValue.OfText(8, CardNumber),
            ElementValue.OfText(9, SecurityCode),
            ElementValue.OfText(10, CardSerial),
            ElementValue.OfText(57, CityCode),
        ];
}
