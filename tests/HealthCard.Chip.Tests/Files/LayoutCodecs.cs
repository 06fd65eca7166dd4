using HealthCard.Chip.Files;

namespace HealthCard.Chip.Tests.Files;

/// <summary>
/// Every fixed-offset record type (cyclic records §4.1, EE/ED data §4.2/§4.3) behind one shape, for round-trip, table and fuzz
/// tests.
/// </summary>
internal sealed record LayoutCodec(
    string Path,
    FixedLayout Layout,
    Type RecordType,
    Func<Random, object> RandomValue,
    Func<object, byte[]> Encode,
    Func<byte[], object> Decode)
{
    public override string ToString() => Path;
}

internal static class LayoutCodecs
{
    public static IReadOnlyList<LayoutCodec> All { get; } =
    [
        new("DF02/EF07", Allergy.Layout, typeof(Allergy), RandomRecords.Allergy, v => ((Allergy)v).EncodeRecord(), b => Allergy.DecodeRecord(b)),
        new("DF02/EF08", Immunization.Layout, typeof(Immunization), RandomRecords.Immunization, v => ((Immunization)v).EncodeRecord(),
            b => Immunization.DecodeRecord(b)),
        new("DF03/EE0n", InpatientRecord.Layout, typeof(InpatientRecord), RandomRecords.Inpatient, v => ((InpatientRecord)v).EncodeData(),
            b => InpatientRecord.DecodeData(b)),
        new("DF03/ED0n", OutpatientRecord.Layout, typeof(OutpatientRecord), RandomRecords.Outpatient, v => ((OutpatientRecord)v).EncodeData(),
            b => OutpatientRecord.DecodeData(b)),
    ];

    public static LayoutCodec Get(string path) => All.Single(c => c.Path == path);

    public static TheoryData<string> Paths => [.. All.Select(c => c.Path)];
}

/// <summary>Random valid records from a seeded <see cref="Random"/>: every field random (§3 types), groups partly filled.</summary>
internal static class RandomRecords
{
    public static Allergy Allergy(Random r) => new()
    {
        Substance = RandomValues.Ans(r, 20),
        Reaction = RandomValues.Ans(r, 100),
    };

    public static Immunization Immunization(Random r) => new()
    {
        Vaccine = RandomValues.Ans(r, 20),
        Date = RandomValues.Cn(r, 4),
    };

    public static InpatientRecord Inpatient(Random r) => new()
    {
        InstitutionName = RandomValues.Ans(r, 70),
        InstitutionCode = RandomValues.Ans(r, 10),
        AdmissionDate = RandomValues.Cn(r, 4),
        AdmissionCount = RandomValues.Cn(r, 2),
        MedicalRecordNumber = RandomValues.Ans(r, 18),
        AdmissionDepartment = RandomValues.Ans(r, 50),
        AdmissionCondition = RandomValues.Cn(r, 1),
        HospitalInfection = RandomValues.Ans(r, 50),
        InjuryExternalCause = RandomValues.Ans(r, 7),
        Diagnoses = Some(r, 3, InpatientDiagnosis),
        Transfusions = Some(r, 4, Transfusion),
        RescueCount = RandomValues.Cn(r, 2),
        RescueSuccessCount = RandomValues.Cn(r, 2),
        DischargeDate = RandomValues.Cn(r, 4),
        DischargeDepartment = RandomValues.Ans(r, 50),
        LengthOfStay = RandomValues.Cn(r, 3),
        Autopsy = RandomValues.Bytes(r, 1),
        FollowUp = RandomValues.Bytes(r, 1),
        PaymentMethod = RandomValues.Cn(r, 1),
        Fees = Some(r, 20, InpatientFee),
        TotalCost = RandomValues.Cn(r, 5),
        BedCost = RandomValues.Cn(r, 5),
        NursingCost = RandomValues.Cn(r, 5),
        WesternMedicineCost = RandomValues.Cn(r, 5),
        ChineseMedicineCost = RandomValues.Cn(r, 5),
        LabTestCost = RandomValues.Cn(r, 5),
        TreatmentCost = RandomValues.Cn(r, 5),
        SurgeryCost = RandomValues.Cn(r, 5),
        ExaminationCost = RandomValues.Cn(r, 5),
        OtherCost = RandomValues.Cn(r, 5),
    };

    public static OutpatientRecord Outpatient(Random r) => new()
    {
        InstitutionName = RandomValues.Ans(r, 70),
        InstitutionCode = RandomValues.Ans(r, 10),
        VisitTime = RandomValues.Cn(r, 7),
        OutpatientNumber = RandomValues.Ans(r, 18),
        Department = RandomValues.Ans(r, 50),
        PaymentMethod = RandomValues.Cn(r, 1),
        Diagnoses = Some(r, 5, OutpatientDiagnosis),
        Examinations = Some(r, 10, Examination),
        Medications = Some(r, 5, Medication),
        Surgeries = Some(r, 3, OutpatientSurgery),
        Fees = Some(r, 10, OutpatientFee),
    };

    private static InpatientDiagnosis InpatientDiagnosis(Random r) => new()
    {
        SerologyTest = RandomValues.Cn(r, 1),
        SerologyResult = RandomValues.Cn(r, 1),
        DiagnosisName = RandomValues.Ans(r, 50),
        DiagnosisCode = RandomValues.Ans(r, 7),
        DiagnosisDate = RandomValues.Cn(r, 4),
        AgreementDescription = RandomValues.Ans(r, 20),
        AgreementCode = RandomValues.Cn(r, 1),
        DiagnosisTypeDescription = RandomValues.Ans(r, 20),
        DiagnosisTypeCode = RandomValues.Cn(r, 1),
        TreatmentOutcome = RandomValues.Cn(r, 1),
        SurgeryName = RandomValues.Ans(r, 80),
        SurgeryCode = RandomValues.Ans(r, 5),
        SurgeryDate = RandomValues.Cn(r, 4),
        AnesthesiaMethod = RandomValues.Ans(r, 50),
        AnesthesiaMethodCode = RandomValues.Cn(r, 1),
        IncisionHealingGrade = RandomValues.Cn(r, 1),
    };

    private static Transfusion Transfusion(Random r) => new()
    {
        ProductCode = RandomValues.Cn(r, 1),
        Volume = RandomValues.Cn(r, 2),
        Unit = RandomValues.Ans(r, 10),
    };

    private static InpatientFee InpatientFee(Random r) => new()
    {
        Category = RandomValues.Ans(r, 20),
        CategoryCode = RandomValues.Ans(r, 1),
        Amount = RandomValues.Cn(r, 5),
    };

    private static OutpatientDiagnosis OutpatientDiagnosis(Random r) => new()
    {
        SymptomName = RandomValues.Ans(r, 50),
        SymptomCode = RandomValues.Ans(r, 5),
        DiagnosisDate = RandomValues.Cn(r, 4),
        DiagnosisName = RandomValues.Ans(r, 50),
        DiagnosisCode = RandomValues.Ans(r, 7),
        OnsetTime = RandomValues.Cn(r, 7),
        Duration = RandomValues.Cn(r, 2),
    };

    private static Examination Examination(Random r) => new()
    {
        ItemName = RandomValues.Ans(r, 80),
        ResultCode = RandomValues.Cn(r, 1),
        QuantitativeResult = RandomValues.Cn(r, 5),
        Unit = RandomValues.Ans(r, 20),
        ItemCode = RandomValues.Ans(r, 20),
    };

    private static Medication Medication(Random r) => new()
    {
        Name = RandomValues.Ans(r, 50),
        DosageForm = RandomValues.Cn(r, 1),
        Days = RandomValues.Cn(r, 3),
        Frequency = RandomValues.Ans(r, 20),
        DoseUnit = RandomValues.Ans(r, 6),
        SingleDose = RandomValues.Cn(r, 3),
        TotalDose = RandomValues.Cn(r, 6),
        Route = RandomValues.Cn(r, 2),
    };

    private static OutpatientSurgery OutpatientSurgery(Random r) => new()
    {
        Name = RandomValues.Ans(r, 80),
        Code = RandomValues.Ans(r, 5),
        Date = RandomValues.Cn(r, 4),
    };

    private static OutpatientFee OutpatientFee(Random r) => new()
    {
        CategoryName = RandomValues.Ans(r, 20),
        CategoryCode = RandomValues.Cn(r, 1),
        Amount = RandomValues.Cn(r, 4),
    };

    /// <summary>0 to <paramref name="max"/> random items: the record pads the rest with empty groups.</summary>
    private static T[] Some<T>(Random r, int max, Func<Random, T> item) =>
        [.. Enumerable.Range(0, r.Next(0, max + 1)).Select(_ => item(r))];
}
