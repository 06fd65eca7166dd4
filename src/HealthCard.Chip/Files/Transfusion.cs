namespace HealthCard.Chip.Files;

/// <summary>
/// One of the four transfusion groups of an inpatient record EE0n, 13 bytes at 953 + 13k (standard §4.2; the layout is
/// <see cref="CardLayouts.TransfusionGroup"/>, offsets relative to the group). An unused group is <see cref="Empty"/>: every
/// field absent (§3), and a group of all 0x00 or all 0xFF reads as empty (D).
/// </summary>
public sealed record Transfusion
{
    /// <summary>The empty group: every field absent (§3).</summary>
    public static Transfusion Empty { get; } = new();

    /// <summary>+0 品种代码: cn1. Empty when absent.</summary>
    public string ProductCode { get; init; } = string.Empty;

    /// <summary>+1 输血量: cn2, in <see cref="Unit"/>. Empty when absent.</summary>
    public string Volume { get; init; } = string.Empty;

    /// <summary>+3 计量单位: ans10. Empty when absent.</summary>
    public string Unit { get; init; } = string.Empty;

    /// <summary>True when every field is absent: an unused group.</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The group's fields (§4.2).</summary>
    public static FixedLayout Layout => CardLayouts.TransfusionGroup;

    /// <summary>Names the group only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Layout.Path} group ({Layout.Length} bytes)";

    internal static Transfusion FromFields(DecodedFields fields) => new()
    {
        ProductCode = fields.Text(nameof(ProductCode)),
        Volume = fields.Text(nameof(Volume)),
        Unit = fields.Text(nameof(Unit)),
    };

    internal FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(ProductCode), ProductCode),
            FieldValue.OfText(nameof(Volume), Volume),
            FieldValue.OfText(nameof(Unit), Unit),
        ];
}
