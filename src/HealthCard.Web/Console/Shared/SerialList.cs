namespace HealthCard.Web.Console.Shared;

/// <summary>Reads a list of serials typed or pasted into a text box: one per line, or separated by spaces, commas or semicolons.</summary>
public static class SerialList
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', ',', ';', '，', '；', '、'];

    public static IReadOnlyList<string> Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
