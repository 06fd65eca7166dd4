using HealthCard.Domain.Common;

namespace HealthCard.Cli.Commands;

/// <summary>How commands report results: the value on stdout, errors on stderr with their code, exit 2 for refusals.</summary>
internal static class Output
{
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
}
