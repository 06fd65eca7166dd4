using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>How an element's value is stored on the card (standard §3).</summary>
public enum ElementType
{
    /// <summary>ASCII / GBK text, left-aligned, right-padded 0x00.</summary>
    Ans,

    /// <summary>Packed BCD digits, left-aligned, right-padded with the nibble F.</summary>
    Cn,

    /// <summary>Raw bytes; absent = 0x00.</summary>
    B,
}

/// <summary>
/// One data element of the card data set (standard §4.1): its number (which is also its TLV tag, 57 → 0x39), its Chinese name,
/// its pinyin-initial name as the reader API spells it (§9, e.g. KLB, FKJGMC, XM), its type (§3) and its fixed length in bytes.
/// </summary>
public sealed record ElementDefinition
{
    public ElementDefinition(int number, string name, string code, ElementType type, int length)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Tag = Tlv.TagOf(number);
        RecordLength = Tlv.RecordLength(length);
        Number = number;
        Name = name;
        Code = code;
        Type = type;
        Length = length;
    }

    /// <summary>The element number (§4.1).</summary>
    public int Number { get; }

    /// <summary>The Chinese name (§4.1), e.g. 姓名.</summary>
    public string Name { get; }

    /// <summary>The pinyin-initial name of the reader API (§9), e.g. XM.</summary>
    public string Code { get; }

    /// <summary>The storage type (§3).</summary>
    public ElementType Type { get; }

    /// <summary>The fixed value length in bytes (§4.1), e.g. 30 for ans30.</summary>
    public int Length { get; }

    /// <summary>The TLV tag (§4.1: the element number as a byte, 57 → 0x39).</summary>
    public byte Tag { get; }

    /// <summary>The TLV record size: tag, length and value (§4.1).</summary>
    public int RecordLength { get; }

    /// <summary>The element as the standard lists it, e.g. <c>11 姓名 (XM, ans30)</c>.</summary>
    public override string ToString() => $"{Number:D2} {Name} ({Code}, {FieldCodec.TypeName(Type)}{Length})";
}
