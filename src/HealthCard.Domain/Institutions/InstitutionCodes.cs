using HealthCard.Domain.Codes;
using HealthCard.Domain.Common;

namespace HealthCard.Domain.Institutions;

/// <summary>The value domains and rules of institution records.</summary>
public static class InstitutionCodes
{
    /// <summary>Hospital grades (医院等级): 一级/二级/三级 with 甲乙丙. D: the API codes them level digit + A/B/C.</summary>
    public static readonly CodeTable Levels = new("HC-LEVEL", "医院等级", new Dictionary<string, string>
    {
        ["3A"] = "三级甲等", ["3B"] = "三级乙等", ["3C"] = "三级丙等",
        ["2A"] = "二级甲等", ["2B"] = "二级乙等", ["2C"] = "二级丙等",
        ["1A"] = "一级甲等", ["1B"] = "一级乙等", ["1C"] = "一级丙等",
    });

    /// <summary>Medical institution types. D: snake_case API codes.</summary>
    public static readonly CodeTable Types = new("HC-INST-TYPE", "医疗卫生机构类别", new Dictionary<string, string>
    {
        ["hospital"] = "医院",
        ["community_health_centre"] = "社区卫生服务中心",
        ["township_hospital"] = "乡镇卫生院",
        ["village_clinic"] = "村卫生室",
        ["maternal_child_health"] = "妇幼保健院",
        ["cdc"] = "疾病预防控制中心",
        ["blood_station"] = "血站",
        ["physical_exam_centre"] = "体检中心",
    });

    /// <summary>
    /// Validates what a create or edit supplies. The code is a 9-character 组织机构代码 or an 18-character 统一社会信用代码
    /// (digits and capital letters); the name fits the card's ans70 issuer/institution fields; level and type apply to
    /// medical institutions only.
    /// </summary>
    public static void Validate(FieldErrors errors, string? code, InstitutionKind kind, InstitutionDetails details)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(details);
        if (code is not null && !IsOrganisationCode(code))
        {
            errors.Add("code", "机构代码应为 9 位组织机构代码或 18 位统一社会信用代码（数字和大写字母）",
                "The code is a 9-character organisation code or an 18-character unified social credit code (digits and capital letters)");
        }
        if (string.IsNullOrWhiteSpace(details.Name) || Gbk.ByteCount(details.Name) is not (> 0 and <= 70))
        {
            errors.Add("name", "机构名称不能为空，且按 GBK 编码不超过 70 字节", "The name is required and at most 70 bytes in GBK");
        }
        if (kind == InstitutionKind.Medical)
        {
            if (details.Level is not null && !Levels.Contains(details.Level))
            {
                errors.Add("level", $"医院等级应为 {string.Join("、", Levels.Codes)} 之一", $"The level is one of {string.Join(", ", Levels.Codes)}");
            }
            if (!Types.Contains(details.Type))
            {
                errors.Add("type", $"医疗机构类别应为 {string.Join("、", Types.Codes)} 之一", $"The type is one of {string.Join(", ", Types.Codes)}");
            }
        }
        else if (details.Level is not null || details.Type is not null)
        {
            errors.Add("level", "只有医疗卫生机构有等级和类别", "Only medical institutions have a level and a type");
        }
        if (details.ContactName is { Length: > 50 })
        {
            errors.Add("contactName", "联系人最多 50 个字符", "The contact name is at most 50 characters");
        }
        if (details.ContactPhone is not null && (details.ContactPhone.Length is < 5 or > 20 || !details.ContactPhone.All(c => char.IsAsciiDigit(c) || c is '-' or '+')))
        {
            errors.Add("contactPhone", "联系电话应为 5–20 位数字，可含 - 和 +", "The contact phone is 5–20 digits, with - and + allowed");
        }
    }

    public static bool IsOrganisationCode(string code) =>
        code.Length is 9 or 18 && code.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));
}
