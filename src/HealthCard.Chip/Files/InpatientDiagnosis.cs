namespace HealthCard.Chip.Files;

/// <summary>
/// One of the three diagnosis groups of an inpatient record EE0n, 247 bytes at 212, 459 and 706 (standard §4.2; the layout is
/// <see cref="CardLayouts.InpatientDiagnosisGroup"/>, offsets relative to the group). An unused group is <see cref="Empty"/>:
/// every field absent (§3), and a group of all 0x00 or all 0xFF reads as empty (D).
/// </summary>
public sealed record InpatientDiagnosis
{
    /// <summary>The empty group: every field absent (§3).</summary>
    public static InpatientDiagnosis Empty { get; } = new();

    /// <summary>+0 血清学检查项目: cn1. Empty when absent.</summary>
    public string SerologyTest { get; init; } = string.Empty;

    /// <summary>+1 血清学结果: cn1. Empty when absent.</summary>
    public string SerologyResult { get; init; } = string.Empty;

    /// <summary>+2 疾病诊断名称: ans50. Empty when absent.</summary>
    public string DiagnosisName { get; init; } = string.Empty;

    /// <summary>+52 诊断代码: ans7, ICD-10 (§4.3). Empty when absent.</summary>
    public string DiagnosisCode { get; init; } = string.Empty;

    /// <summary>+59 确诊日期: cn4, YYYYMMDD. Empty when absent.</summary>
    public string DiagnosisDate { get; init; } = string.Empty;

    /// <summary>+63 符合情况描述: ans20. Empty when absent.</summary>
    public string AgreementDescription { get; init; } = string.Empty;

    /// <summary>+83 符合情况代码: cn1. Empty when absent.</summary>
    public string AgreementCode { get; init; } = string.Empty;

    /// <summary>+84 诊断类型描述: ans20. Empty when absent.</summary>
    public string DiagnosisTypeDescription { get; init; } = string.Empty;

    /// <summary>+104 诊断类型代码: cn1. Empty when absent.</summary>
    public string DiagnosisTypeCode { get; init; } = string.Empty;

    /// <summary>+105 治疗结果: cn1. Empty when absent.</summary>
    public string TreatmentOutcome { get; init; } = string.Empty;

    /// <summary>+106 手术名称: ans80. Empty when absent.</summary>
    public string SurgeryName { get; init; } = string.Empty;

    /// <summary>+186 手术代码: ans5, ICD-9-CM (§4.3). Empty when absent.</summary>
    public string SurgeryCode { get; init; } = string.Empty;

    /// <summary>+191 手术日期: cn4, YYYYMMDD. Empty when absent.</summary>
    public string SurgeryDate { get; init; } = string.Empty;

    /// <summary>+195 麻醉方法: ans50. Empty when absent.</summary>
    public string AnesthesiaMethod { get; init; } = string.Empty;

    /// <summary>+245 麻醉方法代码: cn1. Empty when absent.</summary>
    public string AnesthesiaMethodCode { get; init; } = string.Empty;

    /// <summary>+246 切口愈合等级: cn1. Empty when absent.</summary>
    public string IncisionHealingGrade { get; init; } = string.Empty;

    /// <summary>True when every field is absent: an unused group.</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The group's fields (§4.2).</summary>
    public static FixedLayout Layout => CardLayouts.InpatientDiagnosisGroup;

    /// <summary>Names the group only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Layout.Path} group ({Layout.Length} bytes)";

    internal static InpatientDiagnosis FromFields(DecodedFields fields) => new()
    {
        SerologyTest = fields.Text(nameof(SerologyTest)),
        SerologyResult = fields.Text(nameof(SerologyResult)),
        DiagnosisName = fields.Text(nameof(DiagnosisName)),
        DiagnosisCode = fields.Text(nameof(DiagnosisCode)),
        DiagnosisDate = fields.Text(nameof(DiagnosisDate)),
        AgreementDescription = fields.Text(nameof(AgreementDescription)),
        AgreementCode = fields.Text(nameof(AgreementCode)),
        DiagnosisTypeDescription = fields.Text(nameof(DiagnosisTypeDescription)),
        DiagnosisTypeCode = fields.Text(nameof(DiagnosisTypeCode)),
        TreatmentOutcome = fields.Text(nameof(TreatmentOutcome)),
        SurgeryName = fields.Text(nameof(SurgeryName)),
        SurgeryCode = fields.Text(nameof(SurgeryCode)),
        SurgeryDate = fields.Text(nameof(SurgeryDate)),
        AnesthesiaMethod = fields.Text(nameof(AnesthesiaMethod)),
        AnesthesiaMethodCode = fields.Text(nameof(AnesthesiaMethodCode)),
        IncisionHealingGrade = fields.Text(nameof(IncisionHealingGrade)),
    };

    internal FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(SerologyTest), SerologyTest),
            FieldValue.OfText(nameof(SerologyResult), SerologyResult),
            FieldValue.OfText(nameof(DiagnosisName), DiagnosisName),
            FieldValue.OfText(nameof(DiagnosisCode), DiagnosisCode),
            FieldValue.OfText(nameof(DiagnosisDate), DiagnosisDate),
            FieldValue.OfText(nameof(AgreementDescription), AgreementDescription),
            FieldValue.OfText(nameof(AgreementCode), AgreementCode),
            FieldValue.OfText(nameof(DiagnosisTypeDescription), DiagnosisTypeDescription),
            FieldValue.OfText(nameof(DiagnosisTypeCode), DiagnosisTypeCode),
            FieldValue.OfText(nameof(TreatmentOutcome), TreatmentOutcome),
            FieldValue.OfText(nameof(SurgeryName), SurgeryName),
            FieldValue.OfText(nameof(SurgeryCode), SurgeryCode),
            FieldValue.OfText(nameof(SurgeryDate), SurgeryDate),
            FieldValue.OfText(nameof(AnesthesiaMethod), AnesthesiaMethod),
            FieldValue.OfText(nameof(AnesthesiaMethodCode), AnesthesiaMethodCode),
            FieldValue.OfText(nameof(IncisionHealingGrade), IncisionHealingGrade),
        ];
}
