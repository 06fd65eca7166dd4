using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// DDF1/EF06 持卡人身份 holder identity: TLV records, read key, no update after issuance (standard §4, §4.1).
/// Record n holds the n-th element of <see cref="CardFiles.Ddf1Ef06"/>.
/// </summary>
public sealed record Ddf1Ef06
{
    /// <summary>11 姓名 XM: ans30, up to 15 Chinese characters (§3). Empty when absent.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>
    /// 12 性别 XB: b1: 0x00 未知, 0x01 男, 0x02 女, 0x09 未说明 (§2). Empty when absent: it encodes as 0x00 (§3, D) and decodes as the
    /// field's bytes.
    /// </summary>
    public ReadOnlyMemory<byte> Gender { get; init; }

    /// <summary>13 民族 MZ: cn1, 2-digit GB 3304 code (§2). Empty when absent.</summary>
    public string Ethnicity { get; init; } = string.Empty;

    /// <summary>14 出生日期 CSRQ: cn4, YYYYMMDD. Empty when absent.</summary>
    public string BirthDate { get; init; } = string.Empty;

    /// <summary>15 居民身份证号码 SFZH: ans18 (§1). Empty when absent.</summary>
    public string IdNumber { get; init; } = string.Empty;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Definition.Path} ({Definition.Elements.Count} elements)";

    /// <summary>The file's elements (§4.1).</summary>
    public static RecordFileDefinition Definition => CardFiles.Ddf1Ef06;

    /// <summary>
    /// The file's TLV records in record-number order (§4.1). Throws <see cref="ArgumentException"/> naming the element when a value
    /// does not fit it (too long, not GBK-encodable, non-digit in a cn element; §3).
    /// </summary>
    public IReadOnlyList<byte[]> EncodeRecords() => RecordFileCodec.Encode(Definition, Values());

    /// <summary>
    /// Reads the file from its records in record-number order (§4.1). Throws <see cref="CardFormatException"/> for a wrong record
    /// count, tag or length, or a malformed value (§3).
    /// </summary>
    public static Ddf1Ef06 DecodeRecords(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var elements = RecordFileCodec.Decode(Definition, records);
        return new()
        {
            Name = elements.Text(11),
            Gender = elements.Bytes(12),
            Ethnicity = elements.Text(13),
            BirthDate = elements.Text(14),
            IdNumber = elements.Text(15),
        };
    }

    /// <summary>Value equality: <c>b</c> elements compare by content, not by buffer.</summary>
    public bool Equals(Ddf1Ef06? other) => other is not null && RecordFileCodec.ValuesEqual(Values(), other.Values());

    public override int GetHashCode() => RecordFileCodec.HashValues(Values());

    private ElementValue[] Values() =>
        [
            ElementValue.OfText(11, Name),
            ElementValue.OfBytes(12, Gender),
            ElementValue.OfText(13, Ethnicity),
            ElementValue.OfText(14, BirthDate),
            ElementValue.OfText(15, IdNumber),
        ];
}
