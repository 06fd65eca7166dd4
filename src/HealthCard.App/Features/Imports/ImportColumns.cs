using System.Globalization;
using HealthCard.Domain.Codes;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Features.Imports;

/// <summary>One column an import file may have: its API field name, its Chinese heading and other accepted headings.</summary>
public sealed record ImportColumn(string Field, string Zh, bool Required, string DescriptionZh, string DescriptionEn, params string[] Aliases)
{
    /// <summary>The heading the template writes: Chinese and English, so that either reader recognises it.</summary>
    public string Heading => $"{Zh}/{Field}";
}

/// <summary>
/// The columns of a resident import file and how a row becomes a <see cref="ResidentDraft"/>. Headings are matched in
/// Chinese or English, ignoring case and spaces; a heading may also be the template's bilingual <c>姓名/name</c>. Values
/// are only reshaped here (男 → 1, 19800101 → 1980-01-01); every rule is the registry's own (<see cref="ResidentValidator"/>).
/// </summary>
public static class ImportColumns
{
    /// <summary>Separates several values in one cell (phones, tags, payment methods).</summary>
    private static readonly char[] ListSeparators = [';', '；', ',', '，', '、'];

    public static IReadOnlyList<ImportColumn> All { get; } =
    [
        new("idNumber", "身份证号", true, "居民身份证号码（18 位）或证件号码", "Citizen ID number (18 characters) or the document number", "证件号码", "身份证号码", "公民身份号码"),
        new("name", "姓名", true, "姓名，最多 15 个汉字，须能用 GBK 编码", "Name: at most 15 characters, all encodable in GBK"),
        new("gender", "性别", true, "1 男、2 女、0 未知、9 未说明，或直接写“男”“女”", "1 male, 2 female, 0 unknown, 9 unstated, or 男/女"),
        new("ethnicity", "民族", true, "GB 3304 两位代码（01）或民族名称（汉族）", "GB 3304 two-digit code (01) or the name (汉族)"),
        new("birthDate", "出生日期", true, "yyyy-MM-dd 或 yyyyMMdd，须与身份证号一致", "yyyy-MM-dd or yyyyMMdd; must match the ID number"),
        new("idType", "证件类别", false, "CV02.01.101 代码，缺省 01 居民身份证", "CV02.01.101 code; default 01 (citizen ID card)", "证件类型"),
        new("regionCode", "地区", false, "县级行政区划代码，缺省为导入地区；须在导入地区内", "County code; defaults to the import's region and must lie within it", "管理地区", "地区代码", "region"),
        new("phone", "联系电话", false, "最多 2 个，用“;”分隔", "Up to 2, separated by ';'", "电话", "phones"),
        new("address", "地址", false, "户籍住址（地址类别 1）", "Registered (hukou) address, address type 1", "户籍地址", "户籍住址"),
        new("tags", "人群标签", false, "poverty、ncms、newborn、occupational_risk、blood_donor，用“;”分隔；与 --tag 合并", "poverty, ncms, newborn, occupational_risk, blood_donor separated by ';'; added to the import's tag"),
        new("education", "文化程度", false, "GB/T 4658 代码", "GB/T 4658 code"),
        new("maritalStatus", "婚姻状况", false, "GB/T 2261.2 代码", "GB/T 2261.2 code"),
        new("occupation", "职业", false, "GB/T 6565 大类代码", "GB/T 6565 major group code"),
        new("healthRecordNumber", "健康档案编号", false, "最多 17 位", "At most 17 characters"),
        new("ncmsNumber", "新农合证号", false, "最多 18 位", "At most 18 characters", "新农合证(卡)号"),
        new("paymentMethods", "医疗费用支付方式", false, "CV07.10.003 代码，最多 3 个，用“;”分隔", "CV07.10.003 codes, up to 3, separated by ';'"),
    ];

    private static readonly Dictionary<string, ImportColumn> ByHeading = All
        .SelectMany(c => new[] { c.Field, c.Zh }.Concat(c.Aliases).Select(h => (Heading: Normalise(h), Column: c)))
        .ToDictionary(x => x.Heading, x => x.Column, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> EthnicityByName = CodeTables.Ethnicity.Codes
        .ToDictionary(code => CodeTables.Ethnicity.NameOf(code)!, code => code, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> GenderByName = CodeTables.Gender.Codes
        .ToDictionary(code => CodeTables.Gender.NameOf(code)!, code => code, StringComparer.Ordinal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<PopulationTags, string?[]> ImportTagNames = new();

    /// <summary>The template's header line (CSV).</summary>
    public static string TemplateHeader => string.Join(',', All.Select(c => c.Heading));

    /// <summary>
    /// Which cell holds which field. Unknown headings are ignored; a missing required column or a column given twice
    /// refuses the whole file, before anything is imported.
    /// </summary>
    public static Result<ColumnMap> Map(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new FieldErrors();
        for (var i = 0; i < header.Count; i++)
        {
            if (Recognise(header[i]) is not { } column)
            {
                continue;
            }
            if (!positions.TryAdd(column.Field, i))
            {
                errors.Add("columns", $"列“{column.Zh}”出现了两次（第 {positions[column.Field] + 1} 列和第 {i + 1} 列）",
                    $"The column '{column.Field}' appears twice (columns {positions[column.Field] + 1} and {i + 1})");
            }
        }
        var missing = All.Where(c => c.Required && !positions.ContainsKey(c.Field)).ToList();
        if (missing.Count > 0)
        {
            errors.Add("columns", $"缺少必需的列：{string.Join("、", missing.Select(c => c.Zh))}",
                $"Missing required columns: {string.Join(", ", missing.Select(c => c.Field))}");
        }
        return errors.Any ? errors.ToError(ImportErrors.MissingColumnsCode) : new ColumnMap(positions);
    }

    private static ImportColumn? Recognise(string heading)
    {
        // "姓名/name" (the template), "姓名", "Name", " ID number " all name a column.
        foreach (var part in heading.Split('/', '|'))
        {
            if (ByHeading.TryGetValue(Normalise(part), out var column))
            {
                return column;
            }
        }
        return null;
    }

    private static string Normalise(string heading) =>
        string.Concat(heading.Where(c => !char.IsWhiteSpace(c) && c is not '_' and not '-' and not '\uFEFF')).ToLowerInvariant();

    /// <summary>The cells of one row as the registry's draft. <paramref name="region"/> and <paramref name="tag"/> are the import's.</summary>
    public static ResidentDraft ToDraft(ColumnMap map, IReadOnlyList<string> cells, string region, PopulationTags tag)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(cells);
        // The row's own tags and the import's; most files have no tags column, so that case allocates nothing.
        var tagCell = map.Cell(cells, "tags");
        var importTags = ImportTagNames.GetOrAdd(tag, t => [.. PopulationTagNames.ToNames(t)]);
        IReadOnlyList<string?> tags = tagCell is null ? importTags : [.. List(tagCell).Concat(importTags).Distinct(StringComparer.Ordinal)];
        var address = map.Cell(cells, "address");
        return new ResidentDraft
        {
            IdType = map.Cell(cells, "idType") ?? Domain.Codes.CodeTables.CitizenIdCard,
            IdNumber = map.Cell(cells, "idNumber"),
            Name = map.Cell(cells, "name"),
            Gender = Coded(map.Cell(cells, "gender"), GenderByName),
            Ethnicity = Coded(map.Cell(cells, "ethnicity"), EthnicityByName),
            BirthDate = Date(map.Cell(cells, "birthDate")),
            RegionCode = map.Cell(cells, "regionCode") ?? region,
            Phones = List(map.Cell(cells, "phone")),
            Addresses = address is null ? [] : [new AddressDraft("1", address)],
            Education = map.Cell(cells, "education"),
            MaritalStatus = map.Cell(cells, "maritalStatus"),
            Occupation = map.Cell(cells, "occupation"),
            HealthRecordNumber = map.Cell(cells, "healthRecordNumber"),
            NcmsNumber = map.Cell(cells, "ncmsNumber"),
            PaymentMethods = List(map.Cell(cells, "paymentMethods")),
            Tags = tags,
        };
    }

    private static List<string?> List(string? cell) =>
        cell is null ? [] : [.. cell.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string? Coded(string? value, Dictionary<string, string> byName) =>
        value is not null && byName.TryGetValue(value, out var code) ? code : value;

    /// <summary>yyyyMMdd becomes yyyy-MM-dd; anything else goes to the validator as written (it explains what is wrong).</summary>
    private static string? Date(string? value) =>
        value is { Length: 8 } && value.All(char.IsAsciiDigit)
            ? string.Create(CultureInfo.InvariantCulture, $"{value[..4]}-{value[4..6]}-{value[6..]}")
            : value;
}

/// <summary>Which cell of a row holds which field.</summary>
public sealed class ColumnMap(IReadOnlyDictionary<string, int> positions)
{
    /// <summary>The trimmed cell of <paramref name="field"/>, or null when the column is absent or the cell empty.</summary>
    public string? Cell(IReadOnlyList<string> cells, string field)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (!positions.TryGetValue(field, out var index) || index >= cells.Count)
        {
            return null;
        }
        var value = cells[index].Trim();
        return value.Length == 0 ? null : value;
    }
}
