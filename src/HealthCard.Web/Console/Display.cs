using System.Globalization;
using HealthCard.App.Common;
using HealthCard.Domain.Common;

namespace HealthCard.Web.Console;

/// <summary>
/// How the console and portal show values: dates as yyyy-MM-dd in China Standard Time whatever the server's zone, and
/// the platform's bilingual messages in the reader's language. Pages format through here, never on their own.
/// </summary>
public static class Display
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal);

    public static string Date(DateTimeOffset? value) =>
        value?.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string DateTime(DateTimeOffset? value) =>
        value?.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    public static string Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The birth date, or only its year where the viewer lacks <c>pii:read</c> (ADR 017): <c>1990 年</c> / <c>1990</c>.</summary>
    public static string Birth(DateOnly? date, int year) =>
        date is { } known ? Date(known) : year.ToString(CultureInfo.InvariantCulture) + (IsEnglish ? "" : " 年");

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);

    public static string Text(Message message) => IsEnglish ? message.En : message.Zh;

    /// <summary>What went wrong, for a banner: the error's own message (validation errors list their fields below it).</summary>
    public static string Text(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Text(error.Message);
    }

    /// <summary>The messages for one field of a validation error, for showing under that input; null when it has none.</summary>
    public static string? Field(Error? error, string field) =>
        error is ValidationFailed invalid && invalid.Fields.TryGetValue(field, out var messages)
            ? string.Join("；", messages.Select(Text))
            : null;

    /// <summary>Every field message of a validation error (for fields the form does not show).</summary>
    public static IEnumerable<string> Fields(Error? error) =>
        error is ValidationFailed invalid ? invalid.Fields.SelectMany(f => f.Value.Select(m => $"{f.Key}: {Text(m)}")) : [];
}
