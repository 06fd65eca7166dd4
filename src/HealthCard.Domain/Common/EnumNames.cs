using System.Text;

namespace HealthCard.Domain.Common;

/// <summary>
/// The snake_case names of the platform's enums (statuses, triggers, channels, …), as the API, the audit log, the history
/// and the database write them: <c>ReportedLost</c> is <c>reported_lost</c>.
/// </summary>
public static class EnumNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => SnakeCase(value.ToString());

    public static bool TryParse<TEnum>(string? name, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (Of(candidate) == name)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string SnakeCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(pascal[i]));
        }
        return builder.ToString();
    }
}
