using System.CommandLine;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Blacklists;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard blacklist export</c> writes a signed list for distribution to offline terminals (the key service signs it, so
/// the custodians' shares are needed); <c>hcard blacklist verify &lt;file&gt; --public-key &lt;hex&gt;</c>: checks a downloaded black or grey list offline, as a terminal
/// does, against the platform signing key it trusts. Exit 0 and a summary when the signature holds, 1 when it does not,
/// 2 when the file or key cannot be read.
/// </summary>
internal static class BlacklistCommands
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The list as downloaded from GET /api/v1/blacklist or /greylist (JSON)" };
        var publicKey = new Option<string>("--public-key")
        {
            Description = "The platform signing key (64 bytes x‖y hex, from GET /api/v1/keys/platform-signing-key), or a file holding it",
            Required = true,
        };
        var verify = new Command("verify", "Verify a signed black or grey list; exit 0 when authentic, 1 when not") { file, publicKey };
        verify.SetAction(parse =>
        {
            SignedList? list;
            byte[] trusted;
            try
            {
                list = JsonSerializer.Deserialize<SignedList>(File.ReadAllText(parse.GetValue(file)!.FullName), ApiJson.Options);
                var key = parse.GetValue(publicKey)!;
                trusted = Output.Hex(File.Exists(key) ? File.ReadAllText(key).Trim() : key, "--public-key");
            }
            catch (Exception e) when (e is IOException or JsonException or ArgumentException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            if (list is null || !list.Verify(trusted))
            {
                Console.WriteLine("invalid: the signature does not match the list and the trusted platform key");
                return 1;
            }
            var payload = JsonSerializer.Deserialize<ListPayload>(list.Payload, ApiJson.Options)!;
            Console.WriteLine($"valid: {payload.List} list, region {(payload.Region.Length == 0 ? "national" : payload.Region)}, version {payload.Version}" +
                $"{(payload.Since is { } since ? $" (delta since {since})" : "")}, {payload.Entries.Count} entries{(payload.Page > 0 ? $" (page {payload.Page} of {payload.Total} in all)" : "")}, signed by {list.KeyId} v{list.KeyVersion}");
            return 0;
        });
        return new Command("blacklist", "Black and grey lists for offline terminals") { verify, Export() };
    }

    private static Command Export()
    {
        var list = new Option<string>("--list") { Description = "black (lost, cancelled, replaced: refuse) or grey (frozen: warn)", DefaultValueFactory = _ => "black" };
        var region = new Option<string>("--region") { Description = "2-, 4- or 6-digit region code; empty for national", DefaultValueFactory = _ => "" };
        var since = new Option<long?>("--since") { Description = "Only the changes after this version (a delta)" };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the signed list (JSON)", Required = true };
        var shares = KeyCommands.ShareOption();
        var command = new Command("export", "Write a signed black or grey list for offline terminals") { list, region, since, output, shares };
        command.SetAction((parse, cancellationToken) => KeyCommands.WithKekAsync(parse.GetValue(shares), async services =>
        {
            var built = await services.GetRequiredService<BuildList>().ExecuteAsync(CliHost.Operator, parse.GetValue(list)!,
                parse.GetValue(region), parse.GetValue(since), page: null, cancellationToken);
            return Output.Result(built, signed =>
            {
                File.WriteAllText(parse.GetValue(output)!.FullName, JsonSerializer.Serialize(signed, ApiJson.Options));
                Console.WriteLine($"{parse.GetValue(output)!.FullName}: signed by {signed.KeyId} v{signed.KeyVersion}");
            });
        }, cancellationToken));
        return command;
    }
}
