using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// One field's value encoded or decoded per its type (standard §3), shared by the TLV record files (§4.1,
/// <see cref="RecordFileCodec"/>) and the fixed-offset layouts (§4.1 cyclic records, §4.2, §4.3, <see cref="FixedLayoutCodec"/>).
/// The only place that switches on <see cref="ElementType"/>.
/// </summary>
internal static class FieldCodec
{
    /// <summary>The type as the standard writes it: <c>ans</c>, <c>cn</c> or <c>b</c> (§3).</summary>
    public static string TypeName(ElementType type) => type switch
    {
        ElementType.Ans => "ans",
        ElementType.Cn => "cn",
        _ => "b",
    };

    /// <summary>
    /// Encodes <paramref name="text"/> (<c>ans</c>, <c>cn</c>) or <paramref name="bytes"/> (<c>b</c>) into the whole of
    /// <paramref name="field"/> (§3). On failure <paramref name="problem"/> says why without quoting the value, which may be
    /// personal data.
    /// </summary>
    public static bool TryEncode(ElementType type, string? text, ReadOnlySpan<byte> bytes, Span<byte> field, out string problem)
    {
        problem = string.Empty;
        switch (type)
        {
            case ElementType.Ans:
                if (text is null)
                {
                    problem = "the value is null; use the empty string for an absent element.";
                    return false;
                }

                if (Ans.TryEncode(text, field, out _))
                {
                    return true;
                }

                // Error path only: tell "too long" from "not encodable" by encoding into room for any GBK value.
                problem = Ans.TryEncode(text, new byte[(text.Length * 2) + 1], out _)
                    ? $"the value ({text.Length} characters) is longer than {field.Length} bytes in GBK (standard §3)."
                    : "the value holds a character GBK (code page 936) cannot encode, or U+0000 (standard §3: rejected, never '?').";
                return false;

            case ElementType.Cn:
                if (text is null)
                {
                    problem = "the value is null; use the empty string for an absent element.";
                    return false;
                }

                if (Cn.TryEncode(text, field, out _))
                {
                    return true;
                }

                problem = !Cn.AreDigits(text)
                    ? "the value holds a character that is not an ASCII digit 0-9 (standard §3: cn is packed BCD)."
                    : $"the value has {text.Length} digits where cn{field.Length} holds at most {field.Length * 2} (standard §3).";
                return false;

            default:
                if (B.TryEncode(bytes, field, out _))
                {
                    return true;
                }

                problem = $"the value has {bytes.Length} bytes where the field holds {field.Length} (standard §3).";
                return false;
        }
    }

    /// <summary>
    /// True when the value is the absent value of its type: the empty string for <c>ans</c> and <c>cn</c>, no bytes or only 0x00
    /// for <c>b</c> (§3: absent = 0x00, D).
    /// </summary>
    public static bool IsAbsent(ElementType type, string? text, ReadOnlySpan<byte> bytes) =>
        type == ElementType.B ? B.IsAbsent(bytes) : string.IsNullOrEmpty(text);

    /// <summary>
    /// A field as the standard reader API's string parameters carry it (§9): <c>ans</c> as text, <c>cn</c> as its digits,
    /// <c>b</c> as hex. An all-0x00 <c>ans</c>/<c>cn</c> field is absent and reads as the empty string (§3).
    /// </summary>
    public static string ToText(ElementType type, ReadOnlySpan<byte> field) => type switch
    {
        _ when type != ElementType.B && B.IsAbsent(field) => string.Empty,
        ElementType.Ans => Ans.Decode(field),
        ElementType.Cn => Cn.Decode(field),
        _ => Convert.ToHexString(field),
    };

    /// <summary>The inverse of <see cref="ToText"/>: encodes a string parameter into the whole of <paramref name="field"/>.</summary>
    public static bool TryFromText(ElementType type, string? text, Span<byte> field, out string problem)
    {
        if (type != ElementType.B)
        {
            return TryEncode(type, text, default, field, out problem);
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(text ?? string.Empty);
        }
        catch (FormatException)
        {
            problem = "the value is not hex (an even number of 0-9/A-F characters).";
            return false;
        }
        return TryEncode(type, null, bytes, field, out problem);
    }
}
