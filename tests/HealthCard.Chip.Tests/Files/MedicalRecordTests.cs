using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;

namespace HealthCard.Chip.Tests.Files;

/// <summary>
/// The data parts of the inpatient (EE0n, standard §4.2) and outpatient (ED0n, §4.3) records. Expected bytes are written by hand
/// from §3 (ans: ASCII/GBK right-padded 00; cn: BCD right-padded F) and the offsets of §4.2/§4.3; GBK bytes are spelt out.
/// </summary>
public sealed class MedicalRecordTests
{
    private const string InstitutionGbk = "CA AF BC D2 D7 AF CA D0 B5 DA D2 BB D2 BD D4 BA "; // 石家庄市第一医院, 16 bytes
    private const string InstitutionCodeAscii = "34 30 31 32 33 34 35 36 37 "; // 401234567
    private const string CardiologyGbk = "D0 C4 C4 DA BF C6 "; // 心内科, 6 bytes

    private static readonly InpatientDiagnosis Infarction = new()
    {
        SerologyTest = "1",
        DiagnosisName = "急性心肌梗死",
        DiagnosisCode = "I21.901",
        DiagnosisDate = "20260116",
        AgreementDescription = "符合",
        AgreementCode = "1",
        DiagnosisTypeDescription = "出院诊断",
        DiagnosisTypeCode = "2",
    };

    private static readonly InpatientRecord Admission = new()
    {
        InstitutionName = "石家庄市第一医院",
        InstitutionCode = "401234567",
        AdmissionDate = "20260115",
        AdmissionCount = "2",
        MedicalRecordNumber = "ZY2026000123",
        AdmissionDepartment = "心内科",
        AdmissionCondition = "2",
        Diagnoses = [Infarction],
        Transfusions = [new Transfusion { ProductCode = "3", Volume = "400", Unit = "ml" }],
        DischargeDate = "20260125",
        LengthOfStay = "10",
        Autopsy = new byte[] { 0x00 },
        FollowUp = new byte[] { 0x01 },
        PaymentMethod = "1",
        Fees = [new InpatientFee { Category = "床位费", CategoryCode = "1", Amount = "120000" }],
        TotalCost = "3580050",
        BedCost = "120000",
    };

    // The first 300 bytes of Admission's data part: the single fields at 0–211 (§4.2), then diagnosis group 1 from 212 up to the
    // first 4 bytes of its 诊断类型描述 (+84).
    private static readonly string AdmissionFirst300 =
        InstitutionGbk + Hex.Zeros(54) + // 0 住院机构名称 ans70
        InstitutionCodeAscii + "00 " + // 70 机构组织机构代码 ans10
        "20 26 01 15 " + // 80 入院日期 cn4
        "2F FF " + // 84 住院次数 cn2 "2": pad nibbles F
        "5A 59 32 30 32 36 30 30 30 31 32 33 " + Hex.Zeros(6) + // 86 病案号 ans18 ZY2026000123
        CardiologyGbk + Hex.Zeros(44) + // 104 入院科室 ans50
        "2F " + // 154 入院病情 cn1 "2"
        Hex.Zeros(50) + // 155 医院感染名称 absent
        Hex.Zeros(7) + // 205 损伤中毒外部原因 absent
        "1F " + // 212 = diagnosis 1 +0 血清学检查项目 cn1 "1"
        "FF " + // 213 +1 血清学结果 absent cn
        "BC B1 D0 D4 D0 C4 BC A1 B9 A3 CB C0 " + Hex.Zeros(38) + // 214 +2 疾病诊断名称 ans50 急性心肌梗死
        "49 32 31 2E 39 30 31 " + // 264 +52 诊断代码 ans7 I21.901
        "20 26 01 16 " + // 271 +59 确诊日期 cn4
        "B7 FB BA CF " + Hex.Zeros(16) + // 275 +63 符合情况描述 ans20 符合
        "1F " + // 295 +83 符合情况代码 cn1 "1"
        "B3 F6 D4 BA"; // 296 +84 诊断类型描述 ans20 出院诊断: its first 4 of 8 GBK bytes end the 300

    private static readonly OutpatientRecord Visit = new()
    {
        InstitutionName = "石家庄市第一医院",
        InstitutionCode = "401234567",
        VisitTime = "20260115093000",
        OutpatientNumber = "MZ20260115001",
        Department = "心内科",
        PaymentMethod = "1",
        Diagnoses = [new OutpatientDiagnosis { SymptomName = "胸痛", SymptomCode = "R07.4", DiagnosisDate = "20260115", DiagnosisName = "急性冠脉综合征" }],
        Medications = [new Medication { Name = "阿司匹林肠溶片", DosageForm = "1", Days = "30", DoseUnit = "mg", SingleDose = "100", Route = "1" }],
    };

    // The first 215 bytes of Visit's data part: the single fields at 0–155 (§4.3), then symptom group 1 up to its 诊断日期.
    private static readonly string VisitFirst215 =
        InstitutionGbk + Hex.Zeros(54) + // 0 就诊机构名称 ans70
        InstitutionCodeAscii + "00 " + // 70 机构代码 ans10
        "20 26 01 15 09 30 00 " + // 80 就诊日期时间 cn7 YYYYMMDDhhmmss
        "4D 5A 32 30 32 36 30 31 31 35 30 30 31 " + Hex.Zeros(5) + // 87 门诊号 ans18 MZ20260115001
        CardiologyGbk + Hex.Zeros(44) + // 105 科室 ans50
        "1F " + // 155 付款方式 cn1 "1"
        "D0 D8 CD B4 " + Hex.Zeros(46) + // 156 = symptom 1 +0 症状名称 ans50 胸痛
        "52 30 37 2E 34 " + // 206 +50 症状代码 ans5 R07.4
        "20 26 01 15"; // 211 +55 诊断日期 cn4

    [Fact]
    public void Inpatient_EncodeData_First300BytesMatchTheStandard()
    {
        var data = Admission.EncodeData();

        data.Length.ShouldBe(1639);
        Hex.Of(data.AsSpan(0, 300)).ShouldBe(Hex.Of(Hex.Bytes(AdmissionFirst300)));
    }

    [Fact]
    public void Inpatient_EncodeData_LaterFieldsSitAtTheirOffsets()
    {
        var data = Admission.EncodeData();

        Hex.Of(data.AsSpan(300, 4)).ShouldBe("D5EFB6CF"); // rest of 出院诊断
        Hex.Of(data.AsSpan(316, 2)).ShouldBe("2FFF"); // +104 诊断类型代码 "2", +105 治疗结果 absent
        Hex.Of(data.AsSpan(459, 2)).ShouldBe("FFFF"); // diagnosis 2: empty group, cn fields absent
        Hex.Of(data.AsSpan(953, 13)).ShouldBe("3F400F6D6C0000000000000000"); // transfusion 1: 3, 400, "ml"
        Hex.Of(data.AsSpan(1009, 4)).ShouldBe("20260125"); // 出院日期
        Hex.Of(data.AsSpan(1063, 6)).ShouldBe("10FFFF00011F"); // 住院天数 cn3 "10", 尸检 00, 随诊 01, 付款方式 "1"
        Hex.Of(data.AsSpan(1069, 26)).ShouldBe("B4B2CEBBB7D1" + Hex.Of(new byte[14]) + "31" + "120000FFFF"); // fee 1: 床位费
        Hex.Of(data.AsSpan(1589, 10)).ShouldBe("3580050FFF" + "120000FFFF"); // 住院总费用, 床位费 cn5
        Hex.Of(data.AsSpan(1634, 5)).ShouldBe("FFFFFFFFFF"); // 其他: absent, ends at 1639
    }

    [Fact]
    public void Inpatient_DecodeData_ReadsTheStandardsBytes()
    {
        var decoded = InpatientRecord.DecodeData(Admission.EncodeData());

        decoded.InstitutionName.ShouldBe("石家庄市第一医院");
        decoded.AdmissionDate.ShouldBe("20260115");
        decoded.Diagnoses[0].ShouldBe(Infarction);
        decoded.Diagnoses.Skip(1).ShouldAllBe(d => d.IsEmpty);
        decoded.Fees.Count.ShouldBe(20);
        decoded.ShouldBe(Admission);
    }

    [Fact]
    public void Outpatient_EncodeData_First215BytesMatchTheStandard()
    {
        var data = Visit.EncodeData();

        data.Length.ShouldBe(3013);
        Hex.Of(data.AsSpan(0, 215)).ShouldBe(Hex.Of(Hex.Bytes(VisitFirst215)));
        Hex.Of(data.AsSpan(2041 + 50, 4)).ShouldBe("1F30FFFF"); // drug 1 +50 剂型 cn1 "1", +51 天数 cn3 "30"
        OutpatientRecord.DecodeData(data).ShouldBe(Visit);
    }

    [Theory]
    [MemberData(nameof(LayoutCodecs.Paths), MemberType = typeof(LayoutCodecs))]
    public void RoundTrip_WhenRandomValidValues_DecodesToAnEqualRecord(string path)
    {
        var codec = LayoutCodecs.Get(path);
        var random = new Random(path.GetHashCode(StringComparison.Ordinal) ^ 0x1893);
        for (var i = 0; i < 200; i++)
        {
            var value = codec.RandomValue(random);

            var bytes = codec.Encode(value);
            var decoded = codec.Decode(bytes);

            bytes.Length.ShouldBe(codec.Layout.Length);
            decoded.ShouldBe(value);
            decoded.GetHashCode().ShouldBe(value.GetHashCode());
            codec.Encode(decoded).ShouldBe(bytes);
        }
    }

    [Fact]
    public void Groups_AreFixedLengthListsPaddedWithEmptyGroups()
    {
        var record = new InpatientRecord();

        record.Diagnoses.Count.ShouldBe(3);
        record.Transfusions.Count.ShouldBe(4);
        record.Fees.Count.ShouldBe(20);
        record.Diagnoses.ShouldAllBe(d => ReferenceEquals(d, InpatientDiagnosis.Empty));
        new OutpatientRecord().Examinations.Count.ShouldBe(10);
        Admission.Diagnoses.ShouldBe([Infarction, InpatientDiagnosis.Empty, InpatientDiagnosis.Empty]);
        (Admission with { Diagnoses = [Infarction, InpatientDiagnosis.Empty] }).ShouldBe(Admission); // the card cannot tell them apart
    }

    [Fact]
    public void Groups_WhenTooManyOrNull_Throw()
    {
        var e = Should.Throw<ArgumentException>(() => new InpatientRecord { Diagnoses = [Infarction, Infarction, Infarction, Infarction] });
        e.Message.ShouldContain("Diagnoses");
        e.Message.ShouldContain("4 items");

        Should.Throw<ArgumentException>(() => new OutpatientRecord { Surgeries = [new OutpatientSurgery(), null!] });
        Should.Throw<ArgumentNullException>(() => new InpatientRecord { Fees = null! });
    }

    [Fact]
    public void Groups_AreCopiedSoTheCallersArrayCannotChangeTheRecord()
    {
        InpatientDiagnosis[] diagnoses = [Infarction];
        var record = new InpatientRecord { Diagnoses = diagnoses };

        diagnoses[0] = InpatientDiagnosis.Empty;

        record.Diagnoses[0].ShouldBe(Infarction);
        Should.Throw<NotSupportedException>(() => ((IList<InpatientDiagnosis>)record.Diagnoses)[0] = InpatientDiagnosis.Empty);
    }

    [Fact]
    public void Equality_ComparesBytesByContentAndGroupsItemByItem()
    {
        var copy = Admission with { Autopsy = new byte[] { 0x00 }, Diagnoses = [Infarction with { }] };

        copy.ShouldBe(Admission);
        copy.GetHashCode().ShouldBe(Admission.GetHashCode());
        (Admission with { FollowUp = new byte[] { 0x00 } }).ShouldNotBe(Admission);
        (Admission with { Diagnoses = [Infarction with { DiagnosisCode = "I21.902" }] }).ShouldNotBe(Admission);
        (Admission with { Fees = [] }).ShouldNotBe(Admission);
    }

    // D (§3 "absent = 0x00"): a group of all 0x00 or all 0xFF is an empty group.
    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    public void DecodeData_WhenAGroupIsBlank_ReadsItAsEmpty(byte fill)
    {
        var data = Admission.EncodeData();
        data.AsSpan(212, 247).Fill(fill);

        var decoded = InpatientRecord.DecodeData(data);

        decoded.Diagnoses[0].ShouldBe(InpatientDiagnosis.Empty);
        decoded.ShouldBe(Admission with { Diagnoses = [] });
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    public void DecodeData_WhenTheWholeDataPartIsBlank_IsEmpty(byte fill)
    {
        var inpatient = InpatientRecord.DecodeData(Enumerable.Repeat(fill, 1639).ToArray());
        var outpatient = OutpatientRecord.DecodeData(Enumerable.Repeat(fill, 3013).ToArray());

        inpatient.IsEmpty.ShouldBeTrue();
        inpatient.ShouldBe(new InpatientRecord { Autopsy = new byte[1], FollowUp = new byte[1] }); // b fields decode as the field
        outpatient.IsEmpty.ShouldBeTrue();
        outpatient.ShouldBe(new OutpatientRecord());
        Admission.IsEmpty.ShouldBeFalse();
    }

    [Fact]
    public void EncodeData_WhenEmpty_WritesEveryFieldAbsent()
    {
        var data = new OutpatientRecord().EncodeData();

        Hex.Of(data.AsSpan(70, 17)).ShouldBe(Hex.Of(new byte[10]) + "FFFFFFFFFFFFFF"); // ans 00, cn FF (§3)
        OutpatientRecord.DecodeData(data).ShouldBe(new OutpatientRecord());
    }

    [Fact]
    public void EncodeData_WhenANonEmptyGroupWouldBeBlank_ThrowsBecauseItWouldReadBackEmpty()
    {
        var record = new InpatientRecord { Transfusions = [Transfusion.Empty, new Transfusion { ProductCode = "00", Volume = "0000" }] };

        var e = Should.Throw<ArgumentException>(() => record.EncodeData());

        e.Message.ShouldContain("DF03/EE0n Transfusions[1] (+966)");
        e.Message.ShouldContain("empty");
    }

    [Fact]
    public void EncodeData_WhenAGroupFieldIsTooLong_ThrowsNamingTheGroupItemAndFieldButNotTheValue()
    {
        var name = new string('病', 26); // 52 GBK bytes in ans50
        var record = Admission with { Diagnoses = [Infarction, Infarction with { DiagnosisName = name }] };

        var e = Should.Throw<ArgumentException>(() => record.EncodeData());

        e.Message.ShouldContain("DF03/EE0n Diagnoses[1] (+459) field +2 疾病诊断名称 (DiagnosisName, ans50)");
        e.Message.ShouldContain("longer than 50 bytes");
        e.Message.ShouldNotContain(name);
    }

    [Fact]
    public void EncodeData_WhenASingleFieldIsInvalid_ThrowsNamingTheField()
    {
        Should.Throw<ArgumentException>(() => (Visit with { VisitTime = "2026-01-15 09:30" }).EncodeData())
            .Message.ShouldContain("DF03/ED0n field +80 就诊日期时间 (VisitTime, cn7)");
        Should.Throw<ArgumentException>(() => (Admission with { Autopsy = new byte[2] }).EncodeData())
            .Message.ShouldContain("+1066 尸检 (Autopsy, b1)");
        Should.Throw<ArgumentException>(() => (Admission with { InstitutionName = null! }).EncodeData())
            .Message.ShouldContain("住院机构名称");
    }

    [Fact]
    public void EncodeData_IntoASpanOfTheWrongLength_Throws()
    {
        Should.Throw<ArgumentException>(() => Admission.EncodeData(new byte[1893]));
        Should.Throw<ArgumentException>(() => Visit.EncodeData(new byte[3012]));
    }

    [Theory]
    [InlineData("DF03/EE0n", 1638)]
    [InlineData("DF03/EE0n", 1893)] // the whole record is not the data part: split it first
    [InlineData("DF03/ED0n", 0)]
    [InlineData("DF03/ED0n", 3267)]
    public void DecodeData_WhenNotTheDataLength_ThrowsCardFormatException(string path, int length)
    {
        var e = Should.Throw<CardFormatException>(() => LayoutCodecs.Get(path).Decode(new byte[length]));

        e.Message.ShouldContain($"{path}: {length} bytes");
    }

    [Fact]
    public void DecodeData_WhenAGroupFieldIsMalformed_ThrowsNamingTheGroupItemAndField()
    {
        var data = Admission.EncodeData();
        data[706 + 59 + 1] = 0x2A; // diagnosis 3 +59 确诊日期: a digit after the pad nibble F

        var e = Should.Throw<CardFormatException>(() => InpatientRecord.DecodeData(data));

        e.Message.ShouldContain("DF03/EE0n Diagnoses[2] (+706) field +59 确诊日期 (DiagnosisDate, cn4)");
        e.InnerException.ShouldBeOfType<CardFormatException>();
    }

    [Fact]
    public void DecodeData_WhenASingleFieldIsMalformed_ThrowsNamingTheField()
    {
        var data = Visit.EncodeData();
        data[0] = 0x00; // 就诊机构名称: a 0x00 pad followed by GBK bytes

        Should.Throw<CardFormatException>(() => OutpatientRecord.DecodeData(data)).Message.ShouldContain("DF03/ED0n field +0 就诊机构名称");
    }

    [Fact]
    public void DecodeData_DoesNotAliasTheCardBuffer()
    {
        var data = Admission.EncodeData();
        var decoded = InpatientRecord.DecodeData(data);

        data[1067] = 0x00;

        decoded.FollowUp.ToArray().ShouldBe(new byte[] { 0x01 });
    }

    [Fact]
    public void ToString_NamesTheFileOnly()
    {
        Admission.ToString().ShouldBe("DF03/EE0n data (1639 bytes)");
        Visit.ToString().ShouldBe("DF03/ED0n data (3013 bytes)");
        Infarction.ToString().ShouldBe("DF03/EE0n 诊断 group (247 bytes)");
        Visit.Medications[0].ToString().ShouldBe("DF03/ED0n 药物 group (91 bytes)");
        $"{Admission}{Visit}{Infarction}{Visit.Diagnoses[0]}".ShouldNotContain("石家庄");
        $"{Infarction}".ShouldNotContain("心肌");
    }
}
