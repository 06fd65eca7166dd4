using static HealthCard.Chip.Files.ElementType;

namespace HealthCard.Chip.Files;

/// <summary>
/// The one table of the card's files that are not TLV record files (those are in <see cref="CardFiles"/>): the cyclic files
/// DF02/EF07 and EF08 (§4.1), the index files DF03/EF05 and EF06 (§4.1), and the binary records EE0n and ED0n (§4.2, §4.3). Every
/// offset, type and length is written down exactly once, here, and read by both encoding and decoding.
/// <para>Decisions where the standard is silent (D), each also cited where it is applied:</para>
/// <list type="bullet">
/// <item>Blank blocks: a cyclic record, an EE/ED data part or one repeated-group item whose bytes are all 0x00 or all 0xFF is empty
/// (from §3 "absent = 0x00" and the free byte 0xFF). An empty value is written field by field (ans and b 0x00, cn 0xFF); a
/// non-empty value whose bytes would be blank is refused, since it could not be read back. See <see cref="FixedLayoutCodec"/>.</item>
/// <item>Cyclic files: a blank record is one never written and reads as the empty value (the rotation itself, newest = record 1,
/// is §4.1); see <see cref="CyclicFile"/>.</item>
/// <item>Index flags: any byte but 0x00 and 0xFF is malformed; the slot choice treats an absent date as the earliest and breaks ties
/// by the lowest record number; see <see cref="IndexFile"/>.</item>
/// <item>Record counts (§4: a card product property): the index files of a card may hold fewer slots than the standard card's 3/5,
/// never more; the cyclic-file rule keeps whatever count the file has.</item>
/// <item>Repeated groups are fixed-length lists of exactly the §4.2/§4.3 count; a shorter list is padded with empty groups.</item>
/// <item>Group names: §4.2/§4.3 name several group fields only by a short word (名称, 代码, 日期); the tables keep the standard's
/// words, and the group (e.g. <c>Medications[2]</c>) is named in every message.</item>
/// <item>Units and formats: §4.2/§4.3 do not say the unit of 金额 (cn5/cn4), 输血量, 持续时间 or the doses; these are digit
/// strings here and their meaning is the caller's. 发病时间 cn7 is read like 就诊日期时间, YYYYMMDDhhmmss.</item>
/// <item>尸检 and 随诊 (b1) are yes/no bytes like the medical-alert flags (§2, D: 0x01 yes, 0x00 no; <see cref="MedicalAlertFlags"/>).</item>
/// <item>Not decided here: what the SAM signature covers and how it is checked; <see cref="SignedRecord"/> only splits and joins.</item>
/// </list>
/// </summary>
public static class CardLayouts
{
    /// <summary>One DF02/EF07 record, 120 bytes, no tags (§4.1; names of §9: GMWZMC, GMFY).</summary>
    public static FixedLayout AllergyRecord { get; } = new(
        "DF02/EF07",
        "§4.1",
        120,
        [
            new("过敏物质名称", nameof(Allergy.Substance), 0, Ans, 20, "GMWZMC"),
            new("过敏反应", nameof(Allergy.Reaction), 20, Ans, 100, "GMFY"),
        ]);

    /// <summary>One DF02/EF08 record, 24 bytes, no tags (§4.1; names of §9: MYJZMC, MYJZSJ).</summary>
    public static FixedLayout ImmunizationRecord { get; } = new(
        "DF02/EF08",
        "§4.1",
        24,
        [
            new("免疫接种名称", nameof(Immunization.Vaccine), 0, Ans, 20, "MYJZMC"),
            new("接种时间", nameof(Immunization.Date), 20, Cn, 4, "MYJZSJ"),
        ]);

    /// <summary>DF02/EF07 过敏 allergies: cyclic, 3 records of 120 bytes, updated with UK3DF02 (§4, §4.1, §5, §6).</summary>
    public static CyclicFileDefinition Df02Ef07 { get; } = new("DF02/EF07", 3, AllergyRecord);

    /// <summary>DF02/EF08 免疫 immunisations: cyclic, 10 records of 24 bytes, updated with UK3DF02 (§4, §4.1, §5, §6).</summary>
    public static CyclicFileDefinition Df02Ef08 { get; } = new("DF02/EF08", 10, ImmunizationRecord);

    /// <summary>DF03/EF05 住院记录标识: one flag byte per inpatient record EE01–EE03; the slot order key is 入院日期 (§4.1).</summary>
    public static IndexFileDefinition Df03Ef05 { get; } = new("DF03/EF05", 3, "EE");

    /// <summary>DF03/EF06 门诊记录标识: one flag byte per outpatient record ED01–ED05; the slot order key is 就诊日期时间 (§4.1).</summary>
    public static IndexFileDefinition Df03Ef06 { get; } = new("DF03/EF06", 5, "ED");

    /// <summary>EE0n diagnosis group, 247 bytes; offsets relative to the group (§4.2).</summary>
    public static FixedLayout InpatientDiagnosisGroup { get; } = new(
        "DF03/EE0n 诊断",
        "§4.2",
        247,
        [
            new("血清学检查项目", nameof(InpatientDiagnosis.SerologyTest), 0, Cn, 1),
            new("血清学结果", nameof(InpatientDiagnosis.SerologyResult), 1, Cn, 1),
            new("疾病诊断名称", nameof(InpatientDiagnosis.DiagnosisName), 2, Ans, 50),
            new("诊断代码", nameof(InpatientDiagnosis.DiagnosisCode), 52, Ans, 7),
            new("确诊日期", nameof(InpatientDiagnosis.DiagnosisDate), 59, Cn, 4),
            new("符合情况描述", nameof(InpatientDiagnosis.AgreementDescription), 63, Ans, 20),
            new("符合情况代码", nameof(InpatientDiagnosis.AgreementCode), 83, Cn, 1),
            new("诊断类型描述", nameof(InpatientDiagnosis.DiagnosisTypeDescription), 84, Ans, 20),
            new("诊断类型代码", nameof(InpatientDiagnosis.DiagnosisTypeCode), 104, Cn, 1),
            new("治疗结果", nameof(InpatientDiagnosis.TreatmentOutcome), 105, Cn, 1),
            new("手术名称", nameof(InpatientDiagnosis.SurgeryName), 106, Ans, 80),
            new("手术代码", nameof(InpatientDiagnosis.SurgeryCode), 186, Ans, 5),
            new("手术日期", nameof(InpatientDiagnosis.SurgeryDate), 191, Cn, 4),
            new("麻醉方法", nameof(InpatientDiagnosis.AnesthesiaMethod), 195, Ans, 50),
            new("麻醉方法代码", nameof(InpatientDiagnosis.AnesthesiaMethodCode), 245, Cn, 1),
            new("切口愈合等级", nameof(InpatientDiagnosis.IncisionHealingGrade), 246, Cn, 1),
        ]);

    /// <summary>EE0n transfusion group, 13 bytes (§4.2).</summary>
    public static FixedLayout TransfusionGroup { get; } = new(
        "DF03/EE0n 输血",
        "§4.2",
        13,
        [
            new("品种代码", nameof(Transfusion.ProductCode), 0, Cn, 1),
            new("输血量", nameof(Transfusion.Volume), 1, Cn, 2),
            new("计量单位", nameof(Transfusion.Unit), 3, Ans, 10),
        ]);

    /// <summary>EE0n fee row, 26 bytes (§4.2).</summary>
    public static FixedLayout InpatientFeeGroup { get; } = new(
        "DF03/EE0n 费用",
        "§4.2",
        26,
        [
            new("费用分类", nameof(InpatientFee.Category), 0, Ans, 20),
            new("分类代码", nameof(InpatientFee.CategoryCode), 20, Ans, 1),
            new("金额", nameof(InpatientFee.Amount), 21, Cn, 5),
        ]);

    /// <summary>The data part of an inpatient record EE0n: 1639 bytes, before the signature and certificate (§4.2).</summary>
    public static FixedLayout InpatientData { get; } = new(
        "DF03/EE0n",
        "§4.2",
        1639,
        [
            new("住院机构名称", nameof(InpatientRecord.InstitutionName), 0, Ans, 70),
            new("机构组织机构代码", nameof(InpatientRecord.InstitutionCode), 70, Ans, 10),
            new("入院日期", nameof(InpatientRecord.AdmissionDate), 80, Cn, 4),
            new("住院次数", nameof(InpatientRecord.AdmissionCount), 84, Cn, 2),
            new("病案号", nameof(InpatientRecord.MedicalRecordNumber), 86, Ans, 18),
            new("入院科室", nameof(InpatientRecord.AdmissionDepartment), 104, Ans, 50),
            new("入院病情", nameof(InpatientRecord.AdmissionCondition), 154, Cn, 1),
            new("医院感染名称", nameof(InpatientRecord.HospitalInfection), 155, Ans, 50),
            new("损伤中毒外部原因", nameof(InpatientRecord.InjuryExternalCause), 205, Ans, 7),
            new("抢救次数", nameof(InpatientRecord.RescueCount), 1005, Cn, 2),
            new("抢救成功次数", nameof(InpatientRecord.RescueSuccessCount), 1007, Cn, 2),
            new("出院日期", nameof(InpatientRecord.DischargeDate), 1009, Cn, 4),
            new("出院科室", nameof(InpatientRecord.DischargeDepartment), 1013, Ans, 50),
            new("住院天数", nameof(InpatientRecord.LengthOfStay), 1063, Cn, 3),
            new("尸检", nameof(InpatientRecord.Autopsy), 1066, B, 1),
            new("随诊", nameof(InpatientRecord.FollowUp), 1067, B, 1),
            new("付款方式", nameof(InpatientRecord.PaymentMethod), 1068, Cn, 1),
            new("住院总费用", nameof(InpatientRecord.TotalCost), 1589, Cn, 5),
            new("床位费", nameof(InpatientRecord.BedCost), 1594, Cn, 5),
            new("护理费", nameof(InpatientRecord.NursingCost), 1599, Cn, 5),
            new("西药费", nameof(InpatientRecord.WesternMedicineCost), 1604, Cn, 5),
            new("中药费", nameof(InpatientRecord.ChineseMedicineCost), 1609, Cn, 5),
            new("化验费", nameof(InpatientRecord.LabTestCost), 1614, Cn, 5),
            new("诊疗费", nameof(InpatientRecord.TreatmentCost), 1619, Cn, 5),
            new("手术费", nameof(InpatientRecord.SurgeryCost), 1624, Cn, 5),
            new("检查费", nameof(InpatientRecord.ExaminationCost), 1629, Cn, 5),
            new("其他", nameof(InpatientRecord.OtherCost), 1634, Cn, 5),
        ],
        new("诊断", nameof(InpatientRecord.Diagnoses), 212, 3, InpatientDiagnosisGroup),
        new("输血", nameof(InpatientRecord.Transfusions), 953, 4, TransfusionGroup),
        new("费用", nameof(InpatientRecord.Fees), 1069, 20, InpatientFeeGroup));

    /// <summary>ED0n symptom/diagnosis group, 125 bytes (§4.3).</summary>
    public static FixedLayout OutpatientDiagnosisGroup { get; } = new(
        "DF03/ED0n 症状诊断",
        "§4.3",
        125,
        [
            new("症状名称", nameof(OutpatientDiagnosis.SymptomName), 0, Ans, 50),
            new("症状代码", nameof(OutpatientDiagnosis.SymptomCode), 50, Ans, 5),
            new("诊断日期", nameof(OutpatientDiagnosis.DiagnosisDate), 55, Cn, 4),
            new("诊断名称", nameof(OutpatientDiagnosis.DiagnosisName), 59, Ans, 50),
            new("诊断代码", nameof(OutpatientDiagnosis.DiagnosisCode), 109, Ans, 7),
            new("发病时间", nameof(OutpatientDiagnosis.OnsetTime), 116, Cn, 7),
            new("持续时间", nameof(OutpatientDiagnosis.Duration), 123, Cn, 2),
        ]);

    /// <summary>ED0n examination/lab group, 126 bytes (§4.3).</summary>
    public static FixedLayout ExaminationGroup { get; } = new(
        "DF03/ED0n 检查检验",
        "§4.3",
        126,
        [
            new("项目名称", nameof(Examination.ItemName), 0, Ans, 80),
            new("结果代码", nameof(Examination.ResultCode), 80, Cn, 1),
            new("定量结果", nameof(Examination.QuantitativeResult), 81, Cn, 5),
            new("单位", nameof(Examination.Unit), 86, Ans, 20),
            new("项目代码", nameof(Examination.ItemCode), 106, Ans, 20),
        ]);

    /// <summary>ED0n drug group, 91 bytes (§4.3).</summary>
    public static FixedLayout MedicationGroup { get; } = new(
        "DF03/ED0n 药物",
        "§4.3",
        91,
        [
            new("名称", nameof(Medication.Name), 0, Ans, 50),
            new("剂型", nameof(Medication.DosageForm), 50, Cn, 1),
            new("天数", nameof(Medication.Days), 51, Cn, 3),
            new("频率", nameof(Medication.Frequency), 54, Ans, 20),
            new("剂量单位", nameof(Medication.DoseUnit), 74, Ans, 6),
            new("次剂量", nameof(Medication.SingleDose), 80, Cn, 3),
            new("总剂量", nameof(Medication.TotalDose), 83, Cn, 6),
            new("途径", nameof(Medication.Route), 89, Cn, 2),
        ]);

    /// <summary>ED0n surgery group, 89 bytes (§4.3).</summary>
    public static FixedLayout OutpatientSurgeryGroup { get; } = new(
        "DF03/ED0n 手术",
        "§4.3",
        89,
        [
            new("名称", nameof(OutpatientSurgery.Name), 0, Ans, 80),
            new("代码", nameof(OutpatientSurgery.Code), 80, Ans, 5),
            new("日期", nameof(OutpatientSurgery.Date), 85, Cn, 4),
        ]);

    /// <summary>ED0n fee row, 25 bytes (§4.3).</summary>
    public static FixedLayout OutpatientFeeGroup { get; } = new(
        "DF03/ED0n 费用",
        "§4.3",
        25,
        [
            new("分类名称", nameof(OutpatientFee.CategoryName), 0, Ans, 20),
            new("分类代码", nameof(OutpatientFee.CategoryCode), 20, Cn, 1),
            new("金额", nameof(OutpatientFee.Amount), 21, Cn, 4),
        ]);

    /// <summary>The data part of an outpatient record ED0n: 3013 bytes, before the signature and certificate (§4.3).</summary>
    public static FixedLayout OutpatientData { get; } = new(
        "DF03/ED0n",
        "§4.3",
        3013,
        [
            new("就诊机构名称", nameof(OutpatientRecord.InstitutionName), 0, Ans, 70),
            new("机构代码", nameof(OutpatientRecord.InstitutionCode), 70, Ans, 10),
            new("就诊日期时间", nameof(OutpatientRecord.VisitTime), 80, Cn, 7),
            new("门诊号", nameof(OutpatientRecord.OutpatientNumber), 87, Ans, 18),
            new("科室", nameof(OutpatientRecord.Department), 105, Ans, 50),
            new("付款方式", nameof(OutpatientRecord.PaymentMethod), 155, Cn, 1),
        ],
        new("症状诊断", nameof(OutpatientRecord.Diagnoses), 156, 5, OutpatientDiagnosisGroup),
        new("检查检验", nameof(OutpatientRecord.Examinations), 781, 10, ExaminationGroup),
        new("药物", nameof(OutpatientRecord.Medications), 2041, 5, MedicationGroup),
        new("手术", nameof(OutpatientRecord.Surgeries), 2496, 3, OutpatientSurgeryGroup),
        new("费用", nameof(OutpatientRecord.Fees), 2763, 10, OutpatientFeeGroup));

    /// <summary>
    /// A whole EE0n record, 1893 bytes: data 1639 ‖ SAM signature b64 at 1639 ‖ SAM certificate b190 at 1703 (§4.2, §6).
    /// </summary>
    public static SignedRecordLayout Ee0n { get; } = new("DF03/EE0n", InpatientData, 64, 190);

    /// <summary>
    /// A whole ED0n record, 3267 bytes: data 3013 ‖ SAM signature b64 at 3013 ‖ SAM certificate b190 at 3077 (§4.3, §6).
    /// </summary>
    public static SignedRecordLayout Ed0n { get; } = new("DF03/ED0n", OutpatientData, 64, 190);
}
