using System.Security.Cryptography;
using HealthCard.App.Common;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Keys;

/// <summary>The issuance's documents: their numbers and the text fields every step checks the same way.</summary>
internal static class KeyDocuments
{
    /// <summary>A document number: prefix, China-time date, six random digits (unique index; a collision is a clean conflict).</summary>
    public static string Number(string prefix, DateTimeOffset now) =>
        $"{prefix}{now.ToOffset(ChinaTime.Offset):yyyyMMdd}{RandomNumberGenerator.GetInt32(1_000_000):D6}";

    /// <summary>A required text of at most <paramref name="max"/> characters (after trimming).</summary>
    public static void Text(FieldErrors errors, string field, string? value, int max, string zh, string en)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > max)
        {
            errors.Add(field, $"{zh}不能为空，最多 {max} 个字符", $"{en} is required, at most {max} characters");
        }
    }
}
