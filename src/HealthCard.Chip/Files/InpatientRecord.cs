using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// The data part of a 住院记录 inpatient record EE0n (EE01–EE03): 1639 bytes at the offsets of standard §4.2 (the layout is
/// <see cref="CardLayouts.InpatientData"/>). On the card it is followed by the SAM signature and certificate, 1893 bytes in all;
/// <see cref="SignedRecord"/> splits and joins the whole record. Whether a slot holds a record is its index flag
/// (<see cref="Df03Ef05"/>). Repeated groups are fixed-length lists; an unused group is empty (every field absent).
/// </summary>
public sealed record InpatientRecord
{
    private static readonly IReadOnlyList<InpatientDiagnosis> NoDiagnoses =
        FixedGroup.Empty(CardLayouts.InpatientData.Group(nameof(Diagnoses)), InpatientDiagnosis.Empty);

    private static readonly IReadOnlyList<Transfusion> NoTransfusions =
        FixedGroup.Empty(CardLayouts.InpatientData.Group(nameof(Transfusions)), Transfusion.Empty);

    private static readonly IReadOnlyList<InpatientFee> NoFees =
        FixedGroup.Empty(CardLayouts.InpatientData.Group(nameof(Fees)), InpatientFee.Empty);

    private readonly IReadOnlyList<InpatientDiagnosis> _diagnoses = NoDiagnoses;

    private readonly IReadOnlyList<Transfusion> _transfusions = NoTransfusions;

    private readonly IReadOnlyList<InpatientFee> _fees = NoFees;

    /// <summary>+0 住院机构名称: ans70. Empty when absent.</summary>
    public string InstitutionName { get; init; } = string.Empty;

    /// <summary>+70 机构组织机构代码: ans10. Empty when absent.</summary>
    public string InstitutionCode { get; init; } = string.Empty;

    /// <summary>+80 入院日期: cn4, YYYYMMDD; the slot-choice key of <see cref="Df03Ef05"/>. Empty when absent.</summary>
    public string AdmissionDate { get; init; } = string.Empty;

    /// <summary>+84 住院次数: cn2. Empty when absent.</summary>
    public string AdmissionCount { get; init; } = string.Empty;

    /// <summary>+86 病案号: ans18. Empty when absent.</summary>
    public string MedicalRecordNumber { get; init; } = string.Empty;

    /// <summary>+104 入院科室: ans50. Empty when absent.</summary>
    public string AdmissionDepartment { get; init; } = string.Empty;

    /// <summary>+154 入院病情: cn1. Empty when absent.</summary>
    public string AdmissionCondition { get; init; } = string.Empty;

    /// <summary>+155 医院感染名称: ans50. Empty when absent.</summary>
    public string HospitalInfection { get; init; } = string.Empty;

    /// <summary>+205 损伤中毒外部原因: ans7. Empty when absent.</summary>
    public string InjuryExternalCause { get; init; } = string.Empty;

    /// <summary>
    /// +212 诊断: exactly 3 groups of 247 bytes at 212, 459, 706 (<see cref="InpatientDiagnosis"/>), unused ones
    /// <see cref="InpatientDiagnosis.Empty"/>. Setting fewer pads with empty groups; more than 3, or a null item, throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public IReadOnlyList<InpatientDiagnosis> Diagnoses
    {
        get => _diagnoses;
        init => _diagnoses = FixedGroup.Of(value, Layout.Group(nameof(Diagnoses)), InpatientDiagnosis.Empty);
    }

    /// <summary>
    /// +953 输血: exactly 4 groups of 13 bytes at 953, 966, 979, 992 (<see cref="Transfusion"/>), unused ones
    /// <see cref="Transfusion.Empty"/>. Setting fewer pads with empty groups; more than 4, or a null item, throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public IReadOnlyList<Transfusion> Transfusions
    {
        get => _transfusions;
        init => _transfusions = FixedGroup.Of(value, Layout.Group(nameof(Transfusions)), Transfusion.Empty);
    }

    /// <summary>+1005 抢救次数: cn2. Empty when absent.</summary>
    public string RescueCount { get; init; } = string.Empty;

    /// <summary>+1007 抢救成功次数: cn2. Empty when absent.</summary>
    public string RescueSuccessCount { get; init; } = string.Empty;

    /// <summary>+1009 出院日期: cn4, YYYYMMDD. Empty when absent.</summary>
    public string DischargeDate { get; init; } = string.Empty;

    /// <summary>+1013 出院科室: ans50. Empty when absent.</summary>
    public string DischargeDepartment { get; init; } = string.Empty;

    /// <summary>+1063 住院天数: cn3. Empty when absent.</summary>
    public string LengthOfStay { get; init; } = string.Empty;

    /// <summary>
    /// +1066 尸检: b1, 0x01 yes, 0x00 no (D, like <see cref="MedicalAlertFlags"/>); decodes as the field's bytes. Empty when
    /// absent.
    /// </summary>
    public ReadOnlyMemory<byte> Autopsy { get; init; }

    /// <summary>
    /// +1067 随诊: b1, 0x01 yes, 0x00 no (D, like <see cref="MedicalAlertFlags"/>); decodes as the field's bytes. Empty when
    /// absent.
    /// </summary>
    public ReadOnlyMemory<byte> FollowUp { get; init; }

    /// <summary>+1068 付款方式: cn1, 医疗费用支付方式 (§2). Empty when absent.</summary>
    public string PaymentMethod { get; init; } = string.Empty;

    /// <summary>
    /// +1069 费用: exactly 20 groups of 26 bytes at 1069 + 26k (<see cref="InpatientFee"/>), unused ones
    /// <see cref="InpatientFee.Empty"/>. Setting fewer pads with empty groups; more than 20, or a null item, throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public IReadOnlyList<InpatientFee> Fees
    {
        get => _fees;
        init => _fees = FixedGroup.Of(value, Layout.Group(nameof(Fees)), InpatientFee.Empty);
    }

    /// <summary>+1589 住院总费用: cn5, unit not stated by §4.2 (D: the caller's). Empty when absent.</summary>
    public string TotalCost { get; init; } = string.Empty;

    /// <summary>+1594 床位费: cn5. Empty when absent.</summary>
    public string BedCost { get; init; } = string.Empty;

    /// <summary>+1599 护理费: cn5. Empty when absent.</summary>
    public string NursingCost { get; init; } = string.Empty;

    /// <summary>+1604 西药费: cn5. Empty when absent.</summary>
    public string WesternMedicineCost { get; init; } = string.Empty;

    /// <summary>+1609 中药费: cn5. Empty when absent.</summary>
    public string ChineseMedicineCost { get; init; } = string.Empty;

    /// <summary>+1614 化验费: cn5. Empty when absent.</summary>
    public string LabTestCost { get; init; } = string.Empty;

    /// <summary>+1619 诊疗费: cn5. Empty when absent.</summary>
    public string TreatmentCost { get; init; } = string.Empty;

    /// <summary>+1624 手术费: cn5. Empty when absent.</summary>
    public string SurgeryCost { get; init; } = string.Empty;

    /// <summary>+1629 检查费: cn5. Empty when absent.</summary>
    public string ExaminationCost { get; init; } = string.Empty;

    /// <summary>+1634 其他: cn5, 其他费用. Empty when absent.</summary>
    public string OtherCost { get; init; } = string.Empty;

    /// <summary>True when every field is absent and every group empty.</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The data part's fields and groups (§4.2).</summary>
    public static FixedLayout Layout => CardLayouts.InpatientData;

    /// <summary>The whole record: data ‖ signature ‖ certificate (§4.2).</summary>
    public static SignedRecordLayout RecordLayout => CardLayouts.Ee0n;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Layout.Path} data ({Layout.Length} bytes)";

    /// <summary>
    /// Writes the data part into <paramref name="destination"/>, which must be exactly 1639 bytes (§4.2). Throws
    /// <see cref="ArgumentException"/> naming the field (and group item) when a value does not fit it (too long, not
    /// GBK-encodable, non-digit in a cn field; §3), or when a non-empty group would be all 0x00 and so read back as empty (D).
    /// </summary>
    public void EncodeData(Span<byte> destination) => FixedLayoutCodec.Encode(Layout, Values(), destination);

    /// <summary>The 1639-byte data part (§4.2); see <see cref="EncodeData(Span{byte})"/>.</summary>
    public byte[] EncodeData()
    {
        var data = new byte[Layout.Length];
        EncodeData(data);
        return data;
    }

    /// <summary>
    /// Reads the data part (§4.2). Throws <see cref="CardFormatException"/> when it is not 1639 bytes or a field is
    /// malformed (§3), naming the field and group item. A group, or the whole part, of all 0x00 or all 0xFF reads as empty (D).
    /// </summary>
    public static InpatientRecord DecodeData(ReadOnlySpan<byte> data)
    {
        var fields = FixedLayoutCodec.Decode(Layout, data);
        return new()
        {
            InstitutionName = fields.Text(nameof(InstitutionName)),
            InstitutionCode = fields.Text(nameof(InstitutionCode)),
            AdmissionDate = fields.Text(nameof(AdmissionDate)),
            AdmissionCount = fields.Text(nameof(AdmissionCount)),
            MedicalRecordNumber = fields.Text(nameof(MedicalRecordNumber)),
            AdmissionDepartment = fields.Text(nameof(AdmissionDepartment)),
            AdmissionCondition = fields.Text(nameof(AdmissionCondition)),
            HospitalInfection = fields.Text(nameof(HospitalInfection)),
            InjuryExternalCause = fields.Text(nameof(InjuryExternalCause)),
            RescueCount = fields.Text(nameof(RescueCount)),
            RescueSuccessCount = fields.Text(nameof(RescueSuccessCount)),
            DischargeDate = fields.Text(nameof(DischargeDate)),
            DischargeDepartment = fields.Text(nameof(DischargeDepartment)),
            LengthOfStay = fields.Text(nameof(LengthOfStay)),
            Autopsy = fields.Bytes(nameof(Autopsy)),
            FollowUp = fields.Bytes(nameof(FollowUp)),
            PaymentMethod = fields.Text(nameof(PaymentMethod)),
            TotalCost = fields.Text(nameof(TotalCost)),
            BedCost = fields.Text(nameof(BedCost)),
            NursingCost = fields.Text(nameof(NursingCost)),
            WesternMedicineCost = fields.Text(nameof(WesternMedicineCost)),
            ChineseMedicineCost = fields.Text(nameof(ChineseMedicineCost)),
            LabTestCost = fields.Text(nameof(LabTestCost)),
            TreatmentCost = fields.Text(nameof(TreatmentCost)),
            SurgeryCost = fields.Text(nameof(SurgeryCost)),
            ExaminationCost = fields.Text(nameof(ExaminationCost)),
            OtherCost = fields.Text(nameof(OtherCost)),
            Diagnoses = fields.Items(nameof(Diagnoses), InpatientDiagnosis.FromFields),
            Transfusions = fields.Items(nameof(Transfusions), Transfusion.FromFields),
            Fees = fields.Items(nameof(Fees), InpatientFee.FromFields),
        };
    }

    /// <summary>Value equality: <c>b</c> fields compare by content, groups item by item (by the items' own equality too).</summary>
    public bool Equals(InpatientRecord? other) =>
        other is not null
        && FixedLayoutCodec.ValuesEqual(Values(), other.Values())
        && Diagnoses.SequenceEqual(other.Diagnoses)
        && Transfusions.SequenceEqual(other.Transfusions)
        && Fees.SequenceEqual(other.Fees);

    public override int GetHashCode() => FixedLayoutCodec.HashValues(Values());

    private FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(InstitutionName), InstitutionName),
            FieldValue.OfText(nameof(InstitutionCode), InstitutionCode),
            FieldValue.OfText(nameof(AdmissionDate), AdmissionDate),
            FieldValue.OfText(nameof(AdmissionCount), AdmissionCount),
            FieldValue.OfText(nameof(MedicalRecordNumber), MedicalRecordNumber),
            FieldValue.OfText(nameof(AdmissionDepartment), AdmissionDepartment),
            FieldValue.OfText(nameof(AdmissionCondition), AdmissionCondition),
            FieldValue.OfText(nameof(HospitalInfection), HospitalInfection),
            FieldValue.OfText(nameof(InjuryExternalCause), InjuryExternalCause),
            FieldValue.OfText(nameof(RescueCount), RescueCount),
            FieldValue.OfText(nameof(RescueSuccessCount), RescueSuccessCount),
            FieldValue.OfText(nameof(DischargeDate), DischargeDate),
            FieldValue.OfText(nameof(DischargeDepartment), DischargeDepartment),
            FieldValue.OfText(nameof(LengthOfStay), LengthOfStay),
            FieldValue.OfBytes(nameof(Autopsy), Autopsy),
            FieldValue.OfBytes(nameof(FollowUp), FollowUp),
            FieldValue.OfText(nameof(PaymentMethod), PaymentMethod),
            FieldValue.OfText(nameof(TotalCost), TotalCost),
            FieldValue.OfText(nameof(BedCost), BedCost),
            FieldValue.OfText(nameof(NursingCost), NursingCost),
            FieldValue.OfText(nameof(WesternMedicineCost), WesternMedicineCost),
            FieldValue.OfText(nameof(ChineseMedicineCost), ChineseMedicineCost),
            FieldValue.OfText(nameof(LabTestCost), LabTestCost),
            FieldValue.OfText(nameof(TreatmentCost), TreatmentCost),
            FieldValue.OfText(nameof(SurgeryCost), SurgeryCost),
            FieldValue.OfText(nameof(ExaminationCost), ExaminationCost),
            FieldValue.OfText(nameof(OtherCost), OtherCost),
            FieldValue.OfGroup(nameof(Diagnoses), Diagnoses, static item => item.Values()),
            FieldValue.OfGroup(nameof(Transfusions), Transfusions, static item => item.Values()),
            FieldValue.OfGroup(nameof(Fees), Fees, static item => item.Values()),
        ];
}
