using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// The data part of a 门诊记录 outpatient record ED0n (ED01–ED05): 3013 bytes at the offsets of standard §4.3 (the layout is
/// <see cref="CardLayouts.OutpatientData"/>). On the card it is followed by the SAM signature and certificate, 3267 bytes in all;
/// <see cref="SignedRecord"/> splits and joins the whole record. Whether a slot holds a record is its index flag
/// (<see cref="Df03Ef06"/>). Repeated groups are fixed-length lists; an unused group is empty (every field absent).
/// </summary>
public sealed record OutpatientRecord
{
    private static readonly IReadOnlyList<OutpatientDiagnosis> NoDiagnoses =
        FixedGroup.Empty(CardLayouts.OutpatientData.Group(nameof(Diagnoses)), OutpatientDiagnosis.Empty);

    private static readonly IReadOnlyList<Examination> NoExaminations =
        FixedGroup.Empty(CardLayouts.OutpatientData.Group(nameof(Examinations)), Examination.Empty);

    private static readonly IReadOnlyList<Medication> NoMedications =
        FixedGroup.Empty(CardLayouts.OutpatientData.Group(nameof(Medications)), Medication.Empty);

    private static readonly IReadOnlyList<OutpatientSurgery> NoSurgeries =
        FixedGroup.Empty(CardLayouts.OutpatientData.Group(nameof(Surgeries)), OutpatientSurgery.Empty);

    private static readonly IReadOnlyList<OutpatientFee> NoFees =
        FixedGroup.Empty(CardLayouts.OutpatientData.Group(nameof(Fees)), OutpatientFee.Empty);

    private readonly IReadOnlyList<OutpatientDiagnosis> _diagnoses = NoDiagnoses;

    private readonly IReadOnlyList<Examination> _examinations = NoExaminations;

    private readonly IReadOnlyList<Medication> _medications = NoMedications;

    private readonly IReadOnlyList<OutpatientSurgery> _surgeries = NoSurgeries;

    private readonly IReadOnlyList<OutpatientFee> _fees = NoFees;

    /// <summary>+0 就诊机构名称: ans70. Empty when absent.</summary>
    public string InstitutionName { get; init; } = string.Empty;

    /// <summary>+70 机构代码: ans10. Empty when absent.</summary>
    public string InstitutionCode { get; init; } = string.Empty;

    /// <summary>+80 就诊日期时间: cn7, YYYYMMDDhhmmss; the slot-choice key of <see cref="Df03Ef06"/>. Empty when absent.</summary>
    public string VisitTime { get; init; } = string.Empty;

    /// <summary>+87 门诊号: ans18. Empty when absent.</summary>
    public string OutpatientNumber { get; init; } = string.Empty;

    /// <summary>+105 科室: ans50. Empty when absent.</summary>
    public string Department { get; init; } = string.Empty;

    /// <summary>+155 付款方式: cn1, 医疗费用支付方式 (§2). Empty when absent.</summary>
    public string PaymentMethod { get; init; } = string.Empty;

    /// <summary>
    /// +156 症状诊断: exactly 5 groups of 125 bytes at 156 + 125k (<see cref="OutpatientDiagnosis"/>), unused ones
    /// <see cref="OutpatientDiagnosis.Empty"/>. Setting fewer pads with empty groups; more than 5, or a null item, throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public IReadOnlyList<OutpatientDiagnosis> Diagnoses
    {
        get => _diagnoses;
        init => _diagnoses = FixedGroup.Of(value, Layout.Group(nameof(Diagnoses)), OutpatientDiagnosis.Empty);
    }

    /// <summary>
    /// +781 检查检验: exactly 10 groups of 126 bytes at 781 + 126k (<see cref="Examination"/>), unused ones
    /// <see cref="Examination.Empty"/>. Setting fewer pads with empty groups; more than 10, or a null item, throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public IReadOnlyList<Examination> Examinations
    {
        get => _examinations;
        init => _examinations = FixedGroup.Of(value, Layout.Group(nameof(Examinations)), Examination.Empty);
    }

    /// <summary>
    /// +2041 药物: exactly 5 groups of 91 bytes at 2041 + 91k (<see cref="Medication"/>), unused ones
    /// <see cref="Medication.Empty"/>. Setting fewer pads with empty groups; more than 5, or a null item, throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public IReadOnlyList<Medication> Medications
    {
        get => _medications;
        init => _medications = FixedGroup.Of(value, Layout.Group(nameof(Medications)), Medication.Empty);
    }

    /// <summary>
    /// +2496 手术: exactly 3 groups of 89 bytes at 2496, 2585, 2674 (<see cref="OutpatientSurgery"/>), unused ones
    /// <see cref="OutpatientSurgery.Empty"/>. Setting fewer pads with empty groups; more than 3, or a null item, throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public IReadOnlyList<OutpatientSurgery> Surgeries
    {
        get => _surgeries;
        init => _surgeries = FixedGroup.Of(value, Layout.Group(nameof(Surgeries)), OutpatientSurgery.Empty);
    }

    /// <summary>
    /// +2763 费用: exactly 10 groups of 25 bytes at 2763 + 25k (<see cref="OutpatientFee"/>), unused ones
    /// <see cref="OutpatientFee.Empty"/>. Setting fewer pads with empty groups; more than 10, or a null item, throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public IReadOnlyList<OutpatientFee> Fees
    {
        get => _fees;
        init => _fees = FixedGroup.Of(value, Layout.Group(nameof(Fees)), OutpatientFee.Empty);
    }

    /// <summary>True when every field is absent and every group empty.</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The data part's fields and groups (§4.3).</summary>
    public static FixedLayout Layout => CardLayouts.OutpatientData;

    /// <summary>The whole record: data ‖ signature ‖ certificate (§4.3).</summary>
    public static SignedRecordLayout RecordLayout => CardLayouts.Ed0n;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Layout.Path} data ({Layout.Length} bytes)";

    /// <summary>
    /// Writes the data part into <paramref name="destination"/>, which must be exactly 3013 bytes (§4.3). Throws
    /// <see cref="ArgumentException"/> naming the field (and group item) when a value does not fit it (too long, not
    /// GBK-encodable, non-digit in a cn field; §3), or when a non-empty group would be all 0x00 and so read back as empty (D).
    /// </summary>
    public void EncodeData(Span<byte> destination) => FixedLayoutCodec.Encode(Layout, Values(), destination);

    /// <summary>The 3013-byte data part (§4.3); see <see cref="EncodeData(Span{byte})"/>.</summary>
    public byte[] EncodeData()
    {
        var data = new byte[Layout.Length];
        EncodeData(data);
        return data;
    }

    /// <summary>
    /// Reads the data part (§4.3). Throws <see cref="CardFormatException"/> when it is not 3013 bytes or a field is
    /// malformed (§3), naming the field and group item. A group, or the whole part, of all 0x00 or all 0xFF reads as empty (D).
    /// </summary>
    public static OutpatientRecord DecodeData(ReadOnlySpan<byte> data)
    {
        var fields = FixedLayoutCodec.Decode(Layout, data);
        return new()
        {
            InstitutionName = fields.Text(nameof(InstitutionName)),
            InstitutionCode = fields.Text(nameof(InstitutionCode)),
            VisitTime = fields.Text(nameof(VisitTime)),
            OutpatientNumber = fields.Text(nameof(OutpatientNumber)),
            Department = fields.Text(nameof(Department)),
            PaymentMethod = fields.Text(nameof(PaymentMethod)),
            Diagnoses = fields.Items(nameof(Diagnoses), OutpatientDiagnosis.FromFields),
            Examinations = fields.Items(nameof(Examinations), Examination.FromFields),
            Medications = fields.Items(nameof(Medications), Medication.FromFields),
            Surgeries = fields.Items(nameof(Surgeries), OutpatientSurgery.FromFields),
            Fees = fields.Items(nameof(Fees), OutpatientFee.FromFields),
        };
    }

    /// <summary>Value equality: <c>b</c> fields compare by content, groups item by item (by the items' own equality too).</summary>
    public bool Equals(OutpatientRecord? other) =>
        other is not null
        && FixedLayoutCodec.ValuesEqual(Values(), other.Values())
        && Diagnoses.SequenceEqual(other.Diagnoses)
        && Examinations.SequenceEqual(other.Examinations)
        && Medications.SequenceEqual(other.Medications)
        && Surgeries.SequenceEqual(other.Surgeries)
        && Fees.SequenceEqual(other.Fees);

    public override int GetHashCode() => FixedLayoutCodec.HashValues(Values());

    private FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(InstitutionName), InstitutionName),
            FieldValue.OfText(nameof(InstitutionCode), InstitutionCode),
            FieldValue.OfText(nameof(VisitTime), VisitTime),
            FieldValue.OfText(nameof(OutpatientNumber), OutpatientNumber),
            FieldValue.OfText(nameof(Department), Department),
            FieldValue.OfText(nameof(PaymentMethod), PaymentMethod),
            FieldValue.OfGroup(nameof(Diagnoses), Diagnoses, static item => item.Values()),
            FieldValue.OfGroup(nameof(Examinations), Examinations, static item => item.Values()),
            FieldValue.OfGroup(nameof(Medications), Medications, static item => item.Values()),
            FieldValue.OfGroup(nameof(Surgeries), Surgeries, static item => item.Values()),
            FieldValue.OfGroup(nameof(Fees), Fees, static item => item.Values()),
        ];
}
