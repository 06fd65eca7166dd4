using System.Buffers;
using System.Globalization;
using System.Text;

namespace HealthCard.App.Common;

/// <summary>
/// The one way the platform writes a CSV file that people open (reports, rejection lists): every cell is neutralised
/// against formula injection and quoted per RFC 4180, lines end in CRLF, and the file is UTF-8 with a BOM so that Excel
/// reads it as UTF-8 (ADR 018). A spreadsheet runs a cell that starts with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>
/// (also a tab or carriage return before them, and their full-width forms under a Chinese input method) as a formula:
/// <c>=HYPERLINK(…)</c> in an uploaded line became a live link in the operator's Excel. Such a cell gets a leading
/// <c>'</c>, which Excel shows as text and does not display. A plain number (<c>-0.25</c>) is left as it is: it is no
/// formula, and the sign is its value.
/// </summary>
public static class CsvCells
{
    /// <summary>What a CSV cell may not start with (OWASP "CSV injection"), and their full-width forms.</summary>
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r＝＋－＠");

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    public static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>The cell as it is written to the file: formula-neutralised, then quoted if it must be (RFC 4180).</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var text = FormulaStarts.Contains(value[0]) && !IsPlainNumber(value) ? "'" + value : value;
        return text.AsSpan().IndexOfAny(NeedsQuotes) >= 0 || text[0] == ' ' || text[^1] == ' '
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }

    /// <summary>One line: the escaped cells, comma-separated, ended by CRLF.</summary>
    public static string Line(IEnumerable<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return string.Join(',', cells.Select(Escape)) + "\r\n";
    }

    public static string Line(params string?[] cells) => Line((IEnumerable<string?>)cells);

    /// <summary>A whole file in memory: the BOM, then one line per row.</summary>
    public static byte[] File(IEnumerable<IEnumerable<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(Line(row));
        }
        return [.. Utf8WithBom.Preamble, .. Utf8WithBom.GetBytes(text.ToString())];
    }

    /// <summary>For numbers written as cells.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>-12, 3.5, -0.25: a number a spreadsheet reads as a number, never as a formula.</summary>
    private static bool IsPlainNumber(string value)
    {
        var digits = value.AsSpan(value[0] == '-' ? 1 : 0);
        var point = digits.IndexOf('.');
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? [] : digits[(point + 1)..];
        return whole.Length > 0 && !whole.ContainsAnyExceptInRange('0', '9')
            && (point < 0 || (fraction.Length > 0 && !fraction.ContainsAnyExceptInRange('0', '9')));
    }
}
