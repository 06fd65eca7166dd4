namespace HealthCard.Chip.Files;

/// <summary>
/// One of the five symptom/diagnosis groups of an outpatient record ED0n, 125 bytes at 156 + 125k (standard §4.3; the layout is
/// <see cref="CardLayouts.OutpatientDiagnosisGroup"/>, offsets relative to the group). An unused group is <see cref="Empty"/>:
/// every field absent (§3), and a group of all 0x00 or all 0xFF reads as empty (D).
/// </summary>
public sealed record OutpatientDiagnosis
{
    /// <summary>The empty group: every field absent (§3).</summary>
    public static OutpatientDiagnosis Empty { get; } = new();

    /// <summary>+0 症状名称: ans50. Empty when absent.</summary>
    public string SymptomName { get; init; } = string.Empty;

    /// <summary>+50 症状代码: ans5. Empty when absent.</summary>
    public string SymptomCode { get; init; } = string.Empty;

    /// <summary>+55 诊断日期: cn4, YYYYMMDD. Empty when absent.</summary>
    public string DiagnosisDate { get; init; } = string.Empty;

    /// <summary>+59 诊断名称: ans50. Empty when absent.</summary>
    public string DiagnosisName { get; init; } = string.Empty;

    /// <summary>+109 诊断代码: ans7, ICD-10 (§4.3). Empty when absent.</summary>
    public string DiagnosisCode { get; init; } = string.Empty;

    /// <summary>+116 发病时间: cn7, YYYYMMDDhhmmss like 就诊日期时间 (D). Empty when absent.</summary>
    public string OnsetTime { get; init; } = string.Empty;

    /// <summary>+123 持续时间: cn2, the unit is not stated by §4.3: the caller's (D). Empty when absent.</summary>
    public string Duration { get; init; } = string.Empty;

    /// <summary>True when every field is absent: an unused group.</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The group's fields (§4.3).</summary>
    public static FixedLayout Layout => CardLayouts.OutpatientDiagnosisGroup;

    /// <summary>Names the group only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Layout.Path} group ({Layout.Length} bytes)";

    internal static OutpatientDiagnosis FromFields(DecodedFields fields) => new()
    {
        SymptomName = fields.Text(nameof(SymptomName)),
        SymptomCode = fields.Text(nameof(SymptomCode)),
        DiagnosisDate = fields.Text(nameof(DiagnosisDate)),
        DiagnosisName = fields.Text(nameof(DiagnosisName)),
        DiagnosisCode = fields.Text(nameof(DiagnosisCode)),
        OnsetTime = fields.Text(nameof(OnsetTime)),
        Duration = fields.Text(nameof(Duration)),
    };

    internal FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(SymptomName), SymptomName),
            FieldValue.OfText(nameof(SymptomCode), SymptomCode),
            FieldValue.OfText(nameof(DiagnosisDate), DiagnosisDate),
            FieldValue.OfText(nameof(DiagnosisName), DiagnosisName),
            FieldValue.OfText(nameof(DiagnosisCode), DiagnosisCode),
            FieldValue.OfText(nameof(OnsetTime), OnsetTime),
            FieldValue.OfText(nameof(Duration), Duration),
        ];
}
