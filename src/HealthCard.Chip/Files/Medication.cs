namespace HealthCard.Chip.Files;

/// <summary>
/// One of the five drug groups of an outpatient record ED0n, 91 bytes at 2041 + 91k (standard §4.3; the layout is
/// <see cref="CardLayouts.MedicationGroup"/>, offsets relative to the group). An unused group is <see cref="Empty"/>: every field
/// absent (§3), and a group of all 0x00 or all 0xFF reads as empty (D).
/// </summary>
public sealed record Medication
{
    /// <summary>The empty group: every field absent (§3).</summary>
    public static Medication Empty { get; } = new();

    /// <summary>+0 名称: ans50. Empty when absent.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>+50 剂型: cn1. Empty when absent.</summary>
    public string DosageForm { get; init; } = string.Empty;

    /// <summary>+51 天数: cn3. Empty when absent.</summary>
    public string Days { get; init; } = string.Empty;

    /// <summary>+54 频率: ans20. Empty when absent.</summary>
    public string Frequency { get; init; } = string.Empty;

    /// <summary>+74 剂量单位: ans6. Empty when absent.</summary>
    public string DoseUnit { get; init; } = string.Empty;

    /// <summary>+80 次剂量: cn3, in <see cref="DoseUnit"/>. Empty when absent.</summary>
    public string SingleDose { get; init; } = string.Empty;

    /// <summary>+83 总剂量: cn6, in <see cref="DoseUnit"/>. Empty when absent.</summary>
    public string TotalDose { get; init; } = string.Empty;

    /// <summary>+89 途径: cn2. Empty when absent.</summary>
    public string Route { get; init; } = string.Empty;

    /// <summary>True when every field is absent: an unused group.</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The group's fields (§4.3).</summary>
    public static FixedLayout Layout => CardLayouts.MedicationGroup;

    /// <summary>Names the group only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Layout.Path} group ({Layout.Length} bytes)";

    internal static Medication FromFields(DecodedFields fields) => new()
    {
        Name = fields.Text(nameof(Name)),
        DosageForm = fields.Text(nameof(DosageForm)),
        Days = fields.Text(nameof(Days)),
        Frequency = fields.Text(nameof(Frequency)),
        DoseUnit = fields.Text(nameof(DoseUnit)),
        SingleDose = fields.Text(nameof(SingleDose)),
        TotalDose = fields.Text(nameof(TotalDose)),
        Route = fields.Text(nameof(Route)),
    };

    internal FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(Name), Name),
            FieldValue.OfText(nameof(DosageForm), DosageForm),
            FieldValue.OfText(nameof(Days), Days),
            FieldValue.OfText(nameof(Frequency), Frequency),
            FieldValue.OfText(nameof(DoseUnit), DoseUnit),
            FieldValue.OfText(nameof(SingleDose), SingleDose),
            FieldValue.OfText(nameof(TotalDose), TotalDose),
            FieldValue.OfText(nameof(Route), Route),
        ];
}
