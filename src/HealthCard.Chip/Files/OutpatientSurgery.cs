namespace HealthCard.Chip.Files;

/// <summary>
/// One of the three surgery groups of an outpatient record ED0n, 89 bytes at 2496 + 89k (standard §4.3; the layout is
/// <see cref="CardLayouts.OutpatientSurgeryGroup"/>, offsets relative to the group). An unused group is <see cref="Empty"/>:
/// every field absent (§3), and a group of all 0x00 or all 0xFF reads as empty (D).
/// </summary>
public sealed record OutpatientSurgery
{
    /// <summary>The empty group: every field absent (§3).</summary>
    public static OutpatientSurgery Empty { get; } = new();

    /// <summary>+0 名称: ans80. Empty when absent.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>+80 代码: ans5, ICD-9-CM (§4.3). Empty when absent.</summary>
    public string Code { get; init; } = string.Empty;

    /// <summary>+85 日期: cn4, YYYYMMDD. Empty when absent.</summary>
    public string Date { get; init; } = string.Empty;

    /// <summary>True when every field is absent: an unused group.</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The group's fields (§4.3).</summary>
    public static FixedLayout Layout => CardLayouts.OutpatientSurgeryGroup;

    /// <summary>Names the group only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Layout.Path} group ({Layout.Length} bytes)";

    internal static OutpatientSurgery FromFields(DecodedFields fields) => new()
    {
        Name = fields.Text(nameof(Name)),
        Code = fields.Text(nameof(Code)),
        Date = fields.Text(nameof(Date)),
    };

    internal FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(Name), Name),
            FieldValue.OfText(nameof(Code), Code),
            FieldValue.OfText(nameof(Date), Date),
        ];
}
