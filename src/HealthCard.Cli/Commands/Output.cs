using HealthCard.Domain.Common;

namespace HealthCard.Cli.Commands;

/// <summary>How commands report results: the value on stdout, errors on stderr with their code, exit 2 for refusals.</summary>
internal static class Output
{
    /// <summary>A region prefix the one way every door shows it (<see cref="RegionPrefix.Display"/>): <c>石家庄市 (1301)</c>, or national.</summary>
    public static string Region(string regionScope) => RegionPrefix.Of(regionScope).Display(HealthCard.App.Regions.RegionDirectory.Embedded, "national");

    /// <summary>API JSON (the same names and readable Chinese as the HTTP API), indented for a terminal.</summary>
    public static System.Text.Json.JsonSerializerOptions Json { get; } = new(HealthCard.App.Common.ApiJson.Options) { WriteIndented = true };

    public static int Result<T>(Result<T> result, Action<T> print)
    {
        ArgumentNullException.ThrowIfNull(print);
        if (result.IsSuccess)
        {
            print(result.Value);
            return 0;
        }
        var error = result.Error!;
        Console.Error.WriteLine($"error {error.Code}: {error.Message.Zh} / {error.Message.En}");
        if (error is ValidationFailed invalid)
        {
            foreach (var (field, messages) in invalid.Fields)
            {
                foreach (var message in messages)
                {
                    Console.Error.WriteLine($"  {field}: {message.Zh} / {message.En}");
                }
            }
        }
        return 2;
    }

    /// <summary>Hex from the command line (spaces allowed); anything else is bad input, reported as <see cref="ArgumentException"/>.</summary>
    public static byte[] Hex(string? text, string what)
    {
        try
        {
            return Convert.FromHexString((text ?? "").Replace(" ", "", StringComparison.Ordinal));
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{what} is not hex: an even number of 0-9/A-F characters.");
        }
    }
}
