using System.Collections;
using System.Reflection;
using HealthCard.Chip.Files;

namespace HealthCard.Chip.Tests.Files;

/// <summary>
/// The tables of <see cref="CardLayouts"/> against the standard: §4.2 (EE0n) and §4.3 (ED0n) written out by hand, every byte of a
/// data part owned by exactly one field, and every table row wired to the property it names.
/// </summary>
public sealed class MedicalRecordLayoutTests
{
    // Standard §4.2 and §4.3, written out by hand: "offset name type+length" for the single fields, "offset name count×size" for
    // the repeated groups, then each group's own fields relative to the group.
    public static TheoryData<string, string, string> Tables => new()
    {
        {
            "DF03/EE0n",
            "0 住院机构名称 ans70, 70 机构组织机构代码 ans10, 80 入院日期 cn4, 84 住院次数 cn2, 86 病案号 ans18, 104 入院科室 ans50, " +
            "154 入院病情 cn1, 155 医院感染名称 ans50, 205 损伤中毒外部原因 ans7, 1005 抢救次数 cn2, 1007 抢救成功次数 cn2, 1009 出院日期 cn4, " +
            "1013 出院科室 ans50, 1063 住院天数 cn3, 1066 尸检 b1, 1067 随诊 b1, 1068 付款方式 cn1, 1589 住院总费用 cn5, 1594 床位费 cn5, " +
            "1599 护理费 cn5, 1604 西药费 cn5, 1609 中药费 cn5, 1614 化验费 cn5, 1619 诊疗费 cn5, 1624 手术费 cn5, 1629 检查费 cn5, 1634 其他 cn5",
            "212 诊断 3×247, 953 输血 4×13, 1069 费用 20×26"
        },
        {
            "DF03/EE0n 诊断",
            "0 血清学检查项目 cn1, 1 血清学结果 cn1, 2 疾病诊断名称 ans50, 52 诊断代码 ans7, 59 确诊日期 cn4, 63 符合情况描述 ans20, " +
            "83 符合情况代码 cn1, 84 诊断类型描述 ans20, 104 诊断类型代码 cn1, 105 治疗结果 cn1, 106 手术名称 ans80, 186 手术代码 ans5, " +
            "191 手术日期 cn4, 195 麻醉方法 ans50, 245 麻醉方法代码 cn1, 246 切口愈合等级 cn1",
            ""
        },
        { "DF03/EE0n 输血", "0 品种代码 cn1, 1 输血量 cn2, 3 计量单位 ans10", "" },
        { "DF03/EE0n 费用", "0 费用分类 ans20, 20 分类代码 ans1, 21 金额 cn5", "" },
        {
            "DF03/ED0n",
            "0 就诊机构名称 ans70, 70 机构代码 ans10, 80 就诊日期时间 cn7, 87 门诊号 ans18, 105 科室 ans50, 155 付款方式 cn1",
            "156 症状诊断 5×125, 781 检查检验 10×126, 2041 药物 5×91, 2496 手术 3×89, 2763 费用 10×25"
        },
        {
            "DF03/ED0n 症状诊断",
            "0 症状名称 ans50, 50 症状代码 ans5, 55 诊断日期 cn4, 59 诊断名称 ans50, 109 诊断代码 ans7, 116 发病时间 cn7, 123 持续时间 cn2",
            ""
        },
        { "DF03/ED0n 检查检验", "0 项目名称 ans80, 80 结果代码 cn1, 81 定量结果 cn5, 86 单位 ans20, 106 项目代码 ans20", "" },
        {
            "DF03/ED0n 药物",
            "0 名称 ans50, 50 剂型 cn1, 51 天数 cn3, 54 频率 ans20, 74 剂量单位 ans6, 80 次剂量 cn3, 83 总剂量 cn6, 89 途径 cn2",
            ""
        },
        { "DF03/ED0n 手术", "0 名称 ans80, 80 代码 ans5, 85 日期 cn4", "" },
        { "DF03/ED0n 费用", "0 分类名称 ans20, 20 分类代码 cn1, 21 金额 cn4", "" },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Table_MatchesTheStandard(string path, string fields, string groups)
    {
        var layout = AllLayouts().Single(l => l.Path == path);

        string.Join(", ", layout.Fields.Select(f => $"{f.Offset} {f.Name} {f.Type.ToString().ToUpperInvariant()}{f.Length}"))
            .ShouldBe(fields.ToUpperInvariant());
        string.Join(", ", layout.Groups.Select(g => $"{g.Offset} {g.Name} {g.Count}×{g.Stride}")).ShouldBe(groups);
    }

    // §4.2 and §4.3 give every repeated group's offsets; written out by hand.
    [Fact]
    public void GroupOffsets_MatchTheStandard()
    {
        Offsets(CardLayouts.InpatientData, nameof(InpatientRecord.Diagnoses)).ShouldBe([212, 459, 706]);
        Offsets(CardLayouts.InpatientData, nameof(InpatientRecord.Transfusions)).ShouldBe([953, 966, 979, 992]);
        Offsets(CardLayouts.InpatientData, nameof(InpatientRecord.Fees)).ShouldBe(
            [1069, 1095, 1121, 1147, 1173, 1199, 1225, 1251, 1277, 1303, 1329, 1355, 1381, 1407, 1433, 1459, 1485, 1511, 1537, 1563]);
        CardLayouts.InpatientData.Fields.Where(f => f.Offset >= 1589).Select(f => f.Offset)
            .ShouldBe([1589, 1594, 1599, 1604, 1609, 1614, 1619, 1624, 1629, 1634]); // the 10 cn5 totals, step 5

        Offsets(CardLayouts.OutpatientData, nameof(OutpatientRecord.Diagnoses)).ShouldBe([156, 281, 406, 531, 656]);
        Offsets(CardLayouts.OutpatientData, nameof(OutpatientRecord.Examinations))
            .ShouldBe([781, 907, 1033, 1159, 1285, 1411, 1537, 1663, 1789, 1915]);
        Offsets(CardLayouts.OutpatientData, nameof(OutpatientRecord.Medications)).ShouldBe([2041, 2132, 2223, 2314, 2405]);
        Offsets(CardLayouts.OutpatientData, nameof(OutpatientRecord.Surgeries)).ShouldBe([2496, 2585, 2674]);
        Offsets(CardLayouts.OutpatientData, nameof(OutpatientRecord.Fees))
            .ShouldBe([2763, 2788, 2813, 2838, 2863, 2888, 2913, 2938, 2963, 2988]);
    }

    /// <summary>
    /// Every byte of the data part belongs to exactly one field: no overlap, and no gap, because §4.2 and §4.3 leave none (each
    /// field starts where the one before ends, groups included). The computed end of the last field is the data length.
    /// </summary>
    [Theory]
    [InlineData("DF03/EE0n", 1639)]
    [InlineData("DF03/ED0n", 3013)]
    [InlineData("DF02/EF07", 120)]
    [InlineData("DF02/EF08", 24)]
    public void Table_CoversEveryByteOfTheDataPartExactlyOnce(string path, int length)
    {
        var layout = LayoutCodecs.Get(path).Layout;
        int[] allowedGaps = []; // §4.2/§4.3 leave no byte unassigned
        var spans = Flatten(layout, 0, path).ToList();

        var owners = new int[length];
        foreach (var (start, end, _) in spans)
        {
            start.ShouldBeGreaterThanOrEqualTo(0);
            end.ShouldBeLessThanOrEqualTo(length);
            for (var i = start; i < end; i++)
            {
                owners[i]++;
            }
        }

        Enumerable.Range(0, length).Where(i => owners[i] > 1).ShouldBeEmpty("bytes owned by two fields");
        Enumerable.Range(0, length).Where(i => owners[i] == 0).ShouldBe(allowedGaps, "bytes owned by no field");
        spans.Max(s => s.End).ShouldBe(length);
        layout.Length.ShouldBe(length);

        // The same, as offsets: sorted by offset, each field starts exactly where the previous one ended.
        var previousEnd = 0;
        foreach (var (start, end, name) in spans.OrderBy(s => s.Start))
        {
            start.ShouldBe(previousEnd, name);
            previousEnd = end;
        }

        previousEnd.ShouldBe(length);
    }

    [Fact]
    public void FieldCounts_MatchTheStandard()
    {
        // EE: 27 single fields + 3 × 16 + 4 × 3 + 20 × 3; ED: 6 + 5 × 7 + 10 × 5 + 5 × 8 + 3 × 3 + 10 × 3.
        Flatten(CardLayouts.InpatientData, 0, "").Count().ShouldBe(27 + 48 + 12 + 60);
        Flatten(CardLayouts.OutpatientData, 0, "").Count().ShouldBe(6 + 35 + 50 + 40 + 9 + 30);
    }

    [Theory]
    [InlineData("DF03/EE0n", 1639, 64, 1703, 190, 1893)]
    [InlineData("DF03/ED0n", 3013, 64, 3077, 190, 3267)]
    public void SignedRecordLayout_MatchesTheStandard(string path, int signature, int signatureLength, int certificate, int certificateLength, int total)
    {
        var layout = new[] { CardLayouts.Ee0n, CardLayouts.Ed0n }.Single(l => l.Path == path);

        layout.DataLength.ShouldBe(signature);
        layout.SignatureOffset.ShouldBe(signature);
        layout.SignatureLength.ShouldBe(signatureLength);
        layout.CertificateOffset.ShouldBe(certificate);
        layout.CertificateLength.ShouldBe(certificateLength);
        layout.Length.ShouldBe(total);
        layout.ToString().ShouldBe($"{path} ({signature} + 64 + 190 = {total} B)");
    }

    /// <summary>
    /// For every table row: a record with only that field set (to a value filling the whole field) encodes to the empty record's
    /// bytes except at exactly the row's offset and length, and decodes back to the value. This ties each row to the property it
    /// names, in every group item position that matters (first and last).
    /// </summary>
    [Theory]
    [MemberData(nameof(LayoutCodecs.Paths), MemberType = typeof(LayoutCodecs))]
    public void EveryField_WritesExactlyItsOwnBytesAndReadsBack(string path)
    {
        var codec = LayoutCodecs.Get(path);
        var empty = codec.Encode(Activator.CreateInstance(codec.RecordType)!);
        var checkedFields = 0;

        foreach (var field in codec.Layout.Fields)
        {
            var record = Activator.CreateInstance(codec.RecordType)!;
            Set(record, field.Property, Filler(field));

            var bytes = codec.Encode(record);

            Changed(empty, bytes).ShouldBe(Enumerable.Range(field.Offset, field.Length), $"{path} {field}");
            ShouldHoldFiller(codec.Decode(bytes), field);
            checkedFields++;
        }

        foreach (var group in codec.Layout.Groups)
        {
            var itemType = codec.RecordType.GetProperty(group.Property)!.PropertyType.GetGenericArguments()[0];
            var emptyItem = itemType.GetProperty("Empty", BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
            foreach (var k in new[] { 0, group.Count - 1 }.Distinct())
            {
                foreach (var field in group.Item.Fields)
                {
                    var item = Activator.CreateInstance(itemType)!;
                    Set(item, field.Property, Filler(field));
                    var items = Array.CreateInstance(itemType, k + 1);
                    for (var i = 0; i < k; i++)
                    {
                        items.SetValue(emptyItem, i);
                    }

                    items.SetValue(item, k);
                    var record = Activator.CreateInstance(codec.RecordType)!;
                    Set(record, group.Property, items);

                    var bytes = codec.Encode(record);

                    Changed(empty, bytes).ShouldBe(Enumerable.Range(group.OffsetOf(k) + field.Offset, field.Length), $"{path} {group}[{k}] {field}");
                    var decodedItems = (IList)Get(codec.Decode(bytes), group.Property)!;
                    decodedItems.Count.ShouldBe(group.Count);
                    ShouldHoldFiller(decodedItems[k]!, field);
                    checkedFields++;
                }
            }
        }

        checkedFields.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void TableProperties_AreEveryPublicValueOfTheRecordTypes()
    {
        // No property is left out of a table, and no table names a property that does not exist.
        Properties(typeof(InpatientRecord)).ShouldBe(Names(CardLayouts.InpatientData), ignoreOrder: true);
        Properties(typeof(OutpatientRecord)).ShouldBe(Names(CardLayouts.OutpatientData), ignoreOrder: true);
        Properties(typeof(InpatientDiagnosis)).ShouldBe(Names(CardLayouts.InpatientDiagnosisGroup), ignoreOrder: true);
        Properties(typeof(Medication)).ShouldBe(Names(CardLayouts.MedicationGroup), ignoreOrder: true);
        Properties(typeof(Allergy)).ShouldBe(Names(CardLayouts.AllergyRecord), ignoreOrder: true);
        Properties(typeof(Immunization)).ShouldBe(Names(CardLayouts.ImmunizationRecord), ignoreOrder: true);
    }

    [Fact]
    public void FieldDefinition_ToString_NamesOffsetNamePropertyAndType()
    {
        CardLayouts.InpatientData.Field(nameof(InpatientRecord.AdmissionDate)).ToString().ShouldBe("+80 入院日期 (AdmissionDate, cn4)");
        CardLayouts.AllergyRecord.Field(nameof(Allergy.Reaction)).ToString().ShouldBe("+20 过敏反应 (Reaction GMFY, ans100)");
        CardLayouts.InpatientData.Group(nameof(InpatientRecord.Diagnoses)).ToString().ShouldBe("+212 诊断 (Diagnoses, 3 × 247 B)");
        Should.Throw<ArgumentOutOfRangeException>(() => CardLayouts.InpatientData.Field("Nothing"));
        Should.Throw<ArgumentOutOfRangeException>(() => CardLayouts.InpatientData.Group(nameof(InpatientRecord.AdmissionDate)));
    }

    private static IEnumerable<FixedLayout> AllLayouts() =>
    [
        CardLayouts.InpatientData, .. CardLayouts.InpatientData.Groups.Select(g => g.Item),
        CardLayouts.OutpatientData, .. CardLayouts.OutpatientData.Groups.Select(g => g.Item),
    ];

    private static int[] Offsets(FixedLayout layout, string group)
    {
        var definition = layout.Group(group);
        return [.. Enumerable.Range(0, definition.Count).Select(definition.OffsetOf)];
    }

    /// <summary>Every single field of the layout with its absolute start and end, groups expanded item by item.</summary>
    private static IEnumerable<(int Start, int End, string Name)> Flatten(FixedLayout layout, int origin, string prefix)
    {
        foreach (var field in layout.Fields)
        {
            yield return (origin + field.Offset, origin + field.End, $"{prefix} {field}");
        }

        foreach (var group in layout.Groups)
        {
            for (var k = 0; k < group.Count; k++)
            {
                foreach (var span in Flatten(group.Item, origin + group.OffsetOf(k), $"{prefix} {group.Property}[{k}]"))
                {
                    yield return span;
                }
            }
        }
    }

    /// <summary>A value filling the whole field, every byte different from the absent value (§3: ans 00, cn FF, b 00).</summary>
    private static object Filler(FieldDefinition field) => field.Type switch
    {
        ElementType.Ans => new string('x', field.Length),
        ElementType.Cn => new string([.. Enumerable.Range(0, field.Length * 2).Select(i => (char)('1' + (i % 9)))]),
        _ => new ReadOnlyMemory<byte>([.. Enumerable.Repeat((byte)0xA5, field.Length)]),
    };

    private static void ShouldHoldFiller(object decoded, FieldDefinition field)
    {
        var value = Get(decoded, field.Property);
        if (field.Type == ElementType.B)
        {
            ((ReadOnlyMemory<byte>)value!).ToArray().ShouldBe(((ReadOnlyMemory<byte>)Filler(field)).ToArray(), field.ToString());
        }
        else
        {
            value.ShouldBe(Filler(field), field.ToString());
        }
    }

    private static IEnumerable<int> Changed(byte[] before, byte[] after) =>
        Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]);

    private static void Set(object target, string property, object value) =>
        target.GetType().GetProperty(property)!.SetValue(target, value);

    private static object? Get(object target, string property) => target.GetType().GetProperty(property)!.GetValue(target);

    private static string[] Properties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Where(n => n is not ("IsEmpty" or "EqualityContract"))];

    private static string[] Names(FixedLayout layout) => [.. layout.Fields.Select(f => f.Property), .. layout.Groups.Select(g => g.Property)];
}
