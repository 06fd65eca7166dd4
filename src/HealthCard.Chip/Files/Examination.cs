namespace HealthCard.Chip.Files;

/// <summary>
/// One of the ten examination/lab groups of an outpatient record ED0n, 126 bytes at 781 + 126k (standard §4.3; the layout is
/// <see cref="CardLayouts.ExaminationGroup"/>, offsets relative to the group). An unused group is <see cref="Empty"/>: every
/// field absent (§3), and a group of all 0x00 or all 0xFF reads as empty (D).
/// </summary>
public sealed record Examination
{
    /// <summary>The empty group: every field absent (§3).</summary>
    public static Examination Empty { get; } = new();

    /// <summary>+0 项目名称: ans80. Empty when absent.</summary>
    public string ItemName { get; init; } = string.Empty;

    /// <summary>+80 结果代码: cn1. Empty when absent.</summary>
    public string ResultCode { get; init; } = string.Empty;

    /// <summary>+81 定量结果: cn5, in <see cref="Unit"/>. Empty when absent.</summary>
    public string QuantitativeResult { get; init; } = string.Empty;

    /// <summary>+86 单位: ans20. Empty when absent.</summary>
    public string Unit { get; init; } = string.Empty;

    /// <summary>+106 项目代码: ans20. Empty when absent.</summary>
    public string ItemCode { get; init; } = string.Empty;

    /// <summary>True when every field is absent: an unused group.</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The group's fields (§4.3).</summary>
    public static FixedLayout Layout => CardLayouts.ExaminationGroup;

    /// <summary>Names the group only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Layout.Path} group ({Layout.Length} bytes)";

    internal static Examination FromFields(DecodedFields fields) => new()
    {
        ItemName = fields.Text(nameof(ItemName)),
        ResultCode = fields.Text(nameof(ResultCode)),
        QuantitativeResult = fields.Text(nameof(QuantitativeResult)),
        Unit = fields.Text(nameof(Unit)),
        ItemCode = fields.Text(nameof(ItemCode)),
    };

    internal FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(ItemName), ItemName),
            FieldValue.OfText(nameof(ResultCode), ResultCode),
            FieldValue.OfText(nameof(QuantitativeResult), QuantitativeResult),
            FieldValue.OfText(nameof(Unit), Unit),
            FieldValue.OfText(nameof(ItemCode), ItemCode),
        ];
}
