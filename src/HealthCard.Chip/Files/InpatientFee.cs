namespace HealthCard.Chip.Files;

/// <summary>
/// One of the twenty fee rows of an inpatient record EE0n, 26 bytes at 1069 + 26k (standard §4.2; the layout is
/// <see cref="CardLayouts.InpatientFeeGroup"/>, offsets relative to the group). An unused group is <see cref="Empty"/>: every
/// field absent (§3), and a group of all 0x00 or all 0xFF reads as empty (D).
/// </summary>
public sealed record InpatientFee
{
    /// <summary>The empty group: every field absent (§3).</summary>
    public static InpatientFee Empty { get; } = new();

    /// <summary>+0 费用分类: ans20. Empty when absent.</summary>
    public string Category { get; init; } = string.Empty;

    /// <summary>+20 分类代码: ans1. Empty when absent.</summary>
    public string CategoryCode { get; init; } = string.Empty;

    /// <summary>+21 金额: cn5, the unit is not stated by §4.2: the caller's (D). Empty when absent.</summary>
    public string Amount { get; init; } = string.Empty;

    /// <summary>True when every field is absent: an unused group.</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The group's fields (§4.2).</summary>
    public static FixedLayout Layout => CardLayouts.InpatientFeeGroup;

    /// <summary>Names the group only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Layout.Path} group ({Layout.Length} bytes)";

    internal static InpatientFee FromFields(DecodedFields fields) => new()
    {
        Category = fields.Text(nameof(Category)),
        CategoryCode = fields.Text(nameof(CategoryCode)),
        Amount = fields.Text(nameof(Amount)),
    };

    internal FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(Category), Category),
            FieldValue.OfText(nameof(CategoryCode), CategoryCode),
            FieldValue.OfText(nameof(Amount), Amount),
        ];
}
