using System.Globalization;
using HealthCard.Domain.Codes;
using HealthCard.Domain.Common;

namespace HealthCard.Domain.Residents;

/// <summary>
/// The registry's rules for resident data. Every entry point (API, import, console) validates through here, so the
/// same input always gets the same messages. Text limits are the card's element sizes (standard §4.1), measured in
/// GBK bytes, because whatever the registry accepts must fit on the chip.
/// </summary>
public sealed class ResidentValidator(IRegionDirectory regions)
{
    public const string ErrorCode = "resident.invalid";
    public const string UnknownAddressCodeWarning = "resident.unknown_address_code";

    public const int MaxPhones = 2;
    public const int MaxAddresses = 2;
    public const int MaxContacts = 3;
    public const int MaxPaymentMethods = 3;
    public const int MaxAllergies = 3;
    public const int MaxImmunizations = 10;

    public sealed record Validated(ResidentProfile Profile, IReadOnlyList<Warning> Warnings);

    public Result<Validated> Validate(ResidentDraft draft, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new FieldErrors();
        var warnings = new List<Warning>();

        var idType = Code(errors, "idType", draft.IdType, CodeTables.IdType, required: true);
        var gender = Code(errors, "gender", draft.Gender, CodeTables.Gender, required: true);
        var ethnicity = Code(errors, "ethnicity", draft.Ethnicity, CodeTables.Ethnicity, required: true);
        var birthDate = Date(errors, "birthDate", draft.BirthDate, today, required: true);
        var name = Text(errors, "name", draft.Name, maxBytes: 30, required: true, maxChars: 15);
        var idNumber = IdNumber(errors, warnings, draft, idType, gender, birthDate, today);
        var regionCode = Region(errors, draft.RegionCode);

        var phones = List(errors, "phones", draft.Phones, MaxPhones, (field, p) => Phone(errors, field, p));
        var addresses = List(errors, "addresses", draft.Addresses, MaxAddresses, (field, a) =>
        {
            var type = Code(errors, $"{field}.type", a?.Type, CodeTables.AddressType, required: true);
            var text = Text(errors, $"{field}.text", a?.Text, maxBytes: 100, required: true);
            return type is null || text is null ? null : new Address(type, text);
        });
        var contacts = List(errors, "contacts", draft.Contacts, MaxContacts, (field, c) =>
        {
            var contactName = Text(errors, $"{field}.name", c?.Name, maxBytes: 30, required: true);
            var relation = Code(errors, $"{field}.relation", c?.Relation, CodeTables.ContactRelation, required: true);
            var phone = Phone(errors, $"{field}.phone", c?.Phone);
            return contactName is null || relation is null || phone is null ? null : new Contact(contactName, relation, phone);
        });
        var education = Code(errors, "education", draft.Education, CodeTables.Education, required: false);
        var marital = Code(errors, "maritalStatus", draft.MaritalStatus, CodeTables.MaritalStatus, required: false);
        var occupation = Code(errors, "occupation", draft.Occupation, CodeTables.Occupation, required: false);
        var healthRecord = DocumentNumber(errors, "healthRecordNumber", draft.HealthRecordNumber, 17);
        var ncms = DocumentNumber(errors, "ncmsNumber", draft.NcmsNumber, 18);
        var payments = List(errors, "paymentMethods", draft.PaymentMethods, MaxPaymentMethods,
            (field, p) => Code(errors, field, p, CodeTables.PaymentMethod, required: true));
        Distinct(errors, "paymentMethods", payments, "医疗费用支付方式不能重复", "Payment methods must not repeat");
        var tags = Tags(errors, draft.Tags);
        var health = draft.Health is null ? null : Health(errors, draft.Health, today);

        if (errors.Any)
        {
            return errors.ToError(ErrorCode);
        }
        var profile = new ResidentProfile
        {
            IdType = idType!,
            IdNumber = idNumber!,
            Name = name!,
            Gender = gender!,
            Ethnicity = ethnicity!,
            BirthDate = birthDate!.Value,
            RegionCode = regionCode!,
            Phones = phones!,
            Addresses = addresses!,
            Contacts = contacts!,
            Education = education,
            MaritalStatus = marital,
            Occupation = occupation,
            HealthRecordNumber = healthRecord,
            NcmsNumber = ncms,
            PaymentMethods = payments!,
            Tags = tags,
            Health = health,
        };
        return new Validated(profile, warnings);
    }

    private string? IdNumber(FieldErrors errors, List<Warning> warnings, ResidentDraft draft, string? idType, string? gender,
        DateOnly? birthDate, DateOnly today)
    {
        const string Field = "idNumber";
        var text = draft.IdNumber?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(Field, "证件号码不能为空", "The document number is required");
            return null;
        }
        if (idType != CodeTables.CitizenIdCard)
        {
            return DocumentNumber(errors, Field, text, 18);
        }
        switch (CitizenIdNumber.TryParse(text, out var id))
        {
            case CitizenIdNumber.Problem.Format:
                errors.Add(Field, "居民身份证号码应为18位：17位数字加1位校验码（数字或X）",
                    "A citizen ID number has 18 characters: 17 digits and a check character (digit or X)");
                return null;
            case CitizenIdNumber.Problem.CheckCharacter:
                errors.Add(Field, "居民身份证号码校验码错误（ISO 7064 MOD 11-2）",
                    "The citizen ID number's check character is wrong (ISO 7064 MOD 11-2)");
                return null;
            case CitizenIdNumber.Problem.BirthDate:
                errors.Add(Field, "居民身份证号码中的出生日期不是有效日期", "The birth date inside the citizen ID number is not a real date");
                return null;
        }
        if (id!.BirthDate > today)
        {
            errors.Add(Field, "居民身份证号码中的出生日期晚于今天", "The birth date inside the citizen ID number is in the future");
        }
        if (birthDate is { } given && given != id.BirthDate)
        {
            errors.Add("birthDate", "出生日期与居民身份证号码不一致", "The birth date does not match the citizen ID number");
        }
        if (gender is not null && gender != id.Gender)
        {
            errors.Add("gender", "性别与居民身份证号码不一致（顺序码奇数为男，偶数为女）",
                "The gender does not match the citizen ID number (odd sequence = male, even = female)");
        }
        if (!regions.Exists(id.AddressCode))
        {
            // Retired address codes stay valid in ID numbers for life, so this is only a warning (issue #2).
            warnings.Add(new Warning(UnknownAddressCodeWarning, new Message(
                $"身份证号码中的地址码 {id.AddressCode} 不在现行行政区划代码表中",
                $"The address code {id.AddressCode} in the ID number is not in the current region table")));
        }
        return id.Value;
    }

    private string? Region(FieldErrors errors, string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            errors.Add("regionCode", "管理地区代码不能为空", "The managing region code is required");
            return null;
        }
        if (!regions.IsCounty(code))
        {
            errors.Add("regionCode", "管理地区代码必须是现行的县级行政区划代码（GB/T 2260）",
                "The managing region must be a current county-level GB/T 2260 code");
            return null;
        }
        return code;
    }

    private static HealthData? Health(FieldErrors errors, HealthDraft draft, DateOnly today)
    {
        var abo = Code(errors, "health.abo", draft.Abo, CodeTables.Abo, required: false);
        var rh = Code(errors, "health.rh", draft.Rh, CodeTables.Rh, required: false);
        var flags = List(errors, "health.flags", draft.Flags, MedicalWarning.Flags.Count, (field, f) =>
        {
            if (f is not null && MedicalWarning.IsKnown(f))
            {
                return f;
            }
            errors.Add(field, $"未知的医学警示标志：{f}",
                $"Unknown medical-warning flag '{f}'; expected one of {string.Join(", ", MedicalWarning.Flags.Select(x => x.Name))}");
            return null;
        });
        Distinct(errors, "health.flags", flags, "医学警示标志不能重复", "Medical-warning flags must not repeat");
        var other = Text(errors, "health.otherWarnings", draft.OtherWarnings, maxBytes: 40, required: false);
        var allergies = List(errors, "health.allergies", draft.Allergies, MaxAllergies, (field, a) =>
        {
            var substance = Text(errors, $"{field}.substance", a?.Substance, maxBytes: 20, required: true);
            var reaction = Text(errors, $"{field}.reaction", a?.Reaction, maxBytes: 100, required: false) ?? "";
            return substance is null ? null : new Allergy(substance, reaction);
        });
        var immunizations = List(errors, "health.immunizations", draft.Immunizations, MaxImmunizations, (field, i) =>
        {
            var vaccine = Text(errors, $"{field}.name", i?.Name, maxBytes: 20, required: true);
            var date = Date(errors, $"{field}.date", i?.Date, today, required: true);
            return vaccine is null || date is null ? null : new Immunization(vaccine, date.Value);
        });
        return flags is null || allergies is null || immunizations is null
            ? null
            : new HealthData { Abo = abo, Rh = rh, Flags = flags, OtherWarnings = other, Allergies = allergies, Immunizations = immunizations };
    }

    private static PopulationTags Tags(FieldErrors errors, IReadOnlyList<string?>? names)
    {
        var tags = PopulationTags.None;
        for (var i = 0; i < (names?.Count ?? 0); i++)
        {
            if (names![i] is { } name && PopulationTagNames.TryParse(name, out var tag))
            {
                tags |= tag;
            }
            else
            {
                errors.Add($"tags[{i}]", $"未知的人群标签：{names[i]}",
                    $"Unknown population tag '{names[i]}'; expected one of {string.Join(", ", PopulationTagNames.All)}");
            }
        }
        return tags;
    }

    private static List<T>? List<TDraft, T>(FieldErrors errors, string field, IReadOnlyList<TDraft>? items, int max,
        Func<string, TDraft, T?> validate)
        where T : class
    {
        var result = new List<T>();
        if (items is null)
        {
            return result;
        }
        if (items.Count > max)
        {
            errors.Add(field, $"最多 {max} 项，实际 {items.Count} 项", $"At most {max} items are allowed, got {items.Count}");
            return null;
        }
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var item = validate($"{field}[{i}]", items[i]);
            if (item is null)
            {
                ok = false;
            }
            else
            {
                result.Add(item);
            }
        }
        return ok ? result : null;
    }

    private static void Distinct(FieldErrors errors, string field, List<string>? values, string zh, string en)
    {
        if (values is not null && values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            errors.Add(field, zh, en);
        }
    }

    private static string? Code(FieldErrors errors, string field, string? code, CodeTable table, bool required)
    {
        if (string.IsNullOrEmpty(code))
        {
            if (required)
            {
                errors.Add(field, $"{table.Title}不能为空", $"{field} is required ({table.Id})");
            }
            return null;
        }
        if (table.Contains(code))
        {
            return code;
        }
        errors.Add(field, $"{table.Title}代码 {code} 不在 {table.Id} 代码表中",
            $"'{code}' is not a code of {table.Id} ({string.Join(", ", table.Codes)})");
        return null;
    }

    private static DateOnly? Date(FieldErrors errors, string field, string? text, DateOnly today, bool required)
    {
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(field, "日期不能为空", "The date is required");
            }
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(field, "日期格式应为 yyyy-MM-dd 且为有效日期", "The date must be a real date written yyyy-MM-dd");
            return null;
        }
        if (date > today)
        {
            errors.Add(field, "日期不能晚于今天", "The date must not be in the future");
            return null;
        }
        return date;
    }

    /// <summary>Free text that will go into an <c>ans</c> element: GBK-encodable and within the element's byte size.</summary>
    private static string? Text(FieldErrors errors, string field, string? text, int maxBytes, bool required, int? maxChars = null)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(field, "不能为空", "The value is required");
            }
            return null;
        }
        if (text.Any(char.IsControl))
        {
            errors.Add(field, "不能包含控制字符", "The value must not contain control characters");
            return null;
        }
        var bytes = Gbk.ByteCount(text);
        if (bytes is null)
        {
            errors.Add(field, "包含 GBK 无法编码的字符，无法写入卡片", "The value has characters GBK cannot encode, so it cannot be written to the card");
            return null;
        }
        if (bytes > maxBytes || (maxChars is { } max && text.Length > max))
        {
            var chars = maxChars is { } m ? $"{m} 个字符、" : "";
            var charsEn = maxChars is { } n ? $"{n} characters and " : "";
            errors.Add(field, $"过长：最多 {chars}{maxBytes} 字节（GBK），实际 {bytes} 字节",
                $"Too long: at most {charsEn}{maxBytes} GBK bytes, got {bytes}");
            return null;
        }
        return text;
    }

    private static string? Phone(FieldErrors errors, string field, string? phone)
    {
        phone = phone?.Trim();
        if (string.IsNullOrEmpty(phone) || phone.Length > 20 || phone.Length < 3
            || !phone.Select((c, i) => char.IsAsciiDigit(c) || c == '-' || (c == '+' && i == 0)).All(ok => ok))
        {
            errors.Add(field, "电话号码应为 3–20 位数字，可含“-”，可以“+”开头",
                "A phone number has 3–20 digits, may contain '-' and may start with '+'");
            return null;
        }
        return phone;
    }

    /// <summary>A document or record number: printable ASCII without spaces, within the card element's size.</summary>
    private static string? DocumentNumber(FieldErrors errors, string field, string? text, int maxLength)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > maxLength || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '(' or ')'))
        {
            errors.Add(field, $"应为不超过 {maxLength} 位的字母、数字或“-”“()”",
                $"At most {maxLength} ASCII letters, digits, '-' or '()'");
            return null;
        }
        return text;
    }
}
