namespace HealthCard.Chip.Files;

/// <summary>
/// One of the ten fee rows of an outpatient record ED0n, 25 bytes at 2763 + 25k (standard §4.3; the layout is
/// <see cref="CardLayouts.OutpatientFeeGroup"/>, offsets relative to the group). An unused group is <see cref="Empty"/>: every
/// field absent (§3), and a group of all 0x00 or all 0xFF reads as empty (D).
/// </summary>
public sealed record OutpatientFee
{
    /// <summary>The empty group: every field absent (§3).</summary>
    public static OutpatientFee Empty { get; } = new();

    /// <summary>+0 分类名称: ans20. Empty when absent.</summary>
    public string CategoryName { get; init; } = string.Empty;

    /// <summary>+20 分类代码: cn1. Empty when absent.</summary>
    public string CategoryCode { get; init; } = string.Empty;

    /// <summary>+21 金额: cn4, the unit is not stated by §4.3: the caller's (D). Empty when absent.</summary>
    public string Amount { get; init; } = string.Empty;

    /// <summary>True when every field is absent: an unused group.</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The group's fields (§4.3).</summary>
    public static FixedLayout Layout => CardLayouts.OutpatientFeeGroup;

    /// <summary>Names the group only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Layout.Path} group ({Layout.Length} bytes)";

    internal static OutpatientFee FromFields(DecodedFields fields) => new()
    {
        CategoryName = fields.Text(nameof(CategoryName)),
        CategoryCode = fields.Text(nameof(CategoryCode)),
        Amount = fields.Text(nameof(Amount)),
    };

    internal FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(CategoryName), CategoryName),
            FieldValue.OfText(nameof(CategoryCode), CategoryCode),
            FieldValue.OfText(nameof(Amount), Amount),
        ];
}
