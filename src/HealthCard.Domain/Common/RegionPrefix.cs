
namespace HealthCard.Domain.Common;

/// <summary>
/// A region prefix of a GB/T 2260 code: 2 digits for a province (<c>13</c>), 4 for a city (<c>1301</c>), 6 for a county
/// (<c>130102</c>); or <see cref="National"/> (empty), where a door allows it. Region scopes, filters, stock tiers and report
/// regions are prefixes; this type is the one place that parses them (<see cref="Parse"/>), says what they contain
/// (<see cref="Contains(string?)"/>) and shows them (<see cref="Display"/>). docs/adr/020-shared-kernel-and-lifecycles.md.
/// </summary>
public readonly record struct RegionPrefix
{
    private readonly string? _value;

    private RegionPrefix(string value) => _value = value;

    /// <summary>The whole country: the empty prefix, which contains every code.</summary>
    public static RegionPrefix National => default;

    /// <summary>The digits: empty, 2, 4 or 6 of them.</summary>
    public string Value => _value ?? "";

    public bool IsNational => Value.Length == 0;
    public bool IsProvince => Value.Length == 2;
    public bool IsCity => Value.Length == 4;
    public bool IsCounty => Value.Length == 6;

    /// <summary>The 6-digit code that names the prefix in the region table: <c>13</c> is <c>130000</c>, <c>1301</c> is <c>130100</c>.</summary>
    public string Code => Value.PadRight(6, '0');

    /// <summary>True when <paramref name="regionCode"/> (a code or a longer prefix) lies in this prefix; everything lies in national.</summary>
    public bool Contains(string? regionCode) => regionCode is not null && regionCode.StartsWith(Value, StringComparison.Ordinal);

    public bool Contains(RegionPrefix other) => Contains(other.Value);

    /// <summary>Exactly 2, 4 or 6 ASCII digits after trimming, or empty when <paramref name="nationalAllowed"/>; nothing else.</summary>
    public static bool TryParse(string? text, out RegionPrefix prefix, bool nationalAllowed = false)
    {
        var value = text?.Trim() ?? "";
        var ok = value.Length is 2 or 4 or 6 && value.All(char.IsAsciiDigit) || value.Length == 0 && nationalAllowed;
        prefix = ok ? new RegionPrefix(value) : default;
        return ok;
    }

    /// <summary>
    /// Parses a prefix that must also name a region of the table (<c>1399</c> has the right shape but no city). On failure
    /// adds the one message to <paramref name="errors"/> under <paramref name="field"/> and returns null.
    /// </summary>
    public static RegionPrefix? Parse(string? text, IRegionDirectory regions, FieldErrors errors, string field, bool nationalAllowed = false)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(errors);
        if (TryParse(text, out var prefix, nationalAllowed) && (prefix.IsNational || regions.Exists(prefix.Code)))
        {
            return prefix;
        }
        Invalid(errors, field, nationalAllowed);
        return null;
    }

    /// <summary>The one message for a value that is not a prefix.</summary>
    public static void Invalid(FieldErrors errors, string field, bool nationalAllowed = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Add(field,
            "地区应为 GB/T 2260 的省（2 位）、市（4 位）或区县（6 位）代码" + (nationalAllowed ? "，留空表示全国" : ""),
            "The region is a GB/T 2260 province (2 digits), city (4) or county (6) code" + (nationalAllowed ? ", or empty for national" : ""));
    }

    /// <summary>The one message for a prefix outside the caller's own region.</summary>
    public static void Outside(FieldErrors errors, string field)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Add(field, "地区超出本人管辖范围", "The region lies outside your own");
    }

    /// <summary>
    /// A prefix already known to be one (a stored region scope or region code). Throws on anything else: stored data that
    /// is not a prefix is a bug, not an input error.
    /// </summary>
    public static RegionPrefix Of(string? stored) =>
        TryParse(stored, out var prefix, nationalAllowed: true) ? prefix : throw new ArgumentException($"'{stored}' is not a region prefix", nameof(stored));

    /// <summary>
    /// The tier a 6-digit region code stands for: a county's <c>130102</c> is <c>130102</c>, a city's <c>130100</c> is
    /// <c>1301</c>, a province's <c>130000</c> is <c>13</c>.
    /// </summary>
    public static RegionPrefix TierOf(string regionCode)
    {
        ArgumentNullException.ThrowIfNull(regionCode);
        var tier = regionCode;
        while (tier.Length > 2 && tier.EndsWith("00", StringComparison.Ordinal))
        {
            tier = tier[..^2];
        }
        return Of(tier);
    }

    /// <summary>
    /// The one way a prefix is shown: its name, then its code in brackets (<c>石家庄市 (1301)</c>); the code alone when the
    /// table has no name for it; <paramref name="national"/> for the whole country.
    /// </summary>
    public string Display(IRegionDirectory regions, string national)
    {
        ArgumentNullException.ThrowIfNull(regions);
        return IsNational ? national : regions.NameOf(Code) is { } name ? $"{name} ({Value})" : Value;
    }

    /// <summary>The name of the prefix in the table, or null (for national, or a code the table does not know).</summary>
    public string? Name(IRegionDirectory regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        return IsNational ? null : regions.NameOf(Code);
    }

    public override string ToString() => Value;
}
