using System.CommandLine;
using HealthCard.App.Common;
using HealthCard.App.Features.ElectronicCards;
using HealthCard.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard qr verify &lt;code&gt; [--public-key &lt;hex&gt; [--key-version n]]</c> checks an electronic health card code: offline
/// with the platform's public key only (signature and time, as an offline terminal does), or online against the database
/// (the key store's key of the code's version, then the card's status). Exit 0 and a summary when valid; 1 with the
/// reason (<c>qr.expired</c>, <c>qr.bad_signature</c>, <c>qr.card_not_usable</c>, …) when not; 2 when the code or the
/// key cannot be read (<c>qr.malformed</c>). <c>hcard qr issue &lt;card number&gt; --share …</c> makes a code (tests, demos).
/// </summary>
internal static class QrCommands
{
    public static Command Create() => new("qr", "Electronic health card codes (电子健康卡二维码)") { Verify(), Issue() };

    private static Command Verify()
    {
        var code = new Argument<string>("code") { Description = "The code's text (HC1:…)" };
        var publicKey = new Option<string?>("--public-key")
        {
            Description = "Verify offline with this platform signing key (64 bytes x‖y hex, from GET /api/v1/keys/platform-signing-key), or a file holding it",
        };
        var keyVersion = new Option<int?>("--key-version") { Description = "With --public-key: the key's version; a code naming another is refused" };
        var command = new Command("verify", "Verify a code: offline with --public-key, else against the database; exit 0 when valid") { code, publicKey, keyVersion };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(code)!;
            if (parse.GetValue(publicKey) is { } key)
            {
                byte[] trusted;
                try
                {
                    trusted = Output.Hex(File.Exists(key) ? (await File.ReadAllTextAsync(key, cancellationToken)).Trim() : key, "--public-key");
                    if (trusted.Length != 64)
                    {
                        throw new ArgumentException("--public-key is 64 bytes (128 hex characters) x‖y.");
                    }
                }
                catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return 2;
                }
                return Report(ElectronicCardCode.Verify(text, trusted, TimeProvider.System.GetUtcNow(), parse.GetValue(keyVersion)), "offline");
            }
            return await KeyCommands.WithServicesAsync(async sp =>
                Report(await sp.GetRequiredService<VerifyElectronicCard>().ExecuteAsync(CliHost.Operator, text, cancellationToken), "online"), cancellationToken);
        });
        return command;
    }

    private static Command Issue()
    {
        var number = new Argument<string>("card-number") { Description = "卡号 (the holder's document number)" };
        var png = new Option<FileInfo?>("--png") { Description = "Also write the QR image (PNG) here" };
        var shares = KeyCommands.ShareOption();
        var command = new Command("issue", "Make an electronic health card code for an active card (signed by the key service)") { number, png, shares };
        command.SetAction((parse, cancellationToken) => KeyCommands.WithKekAsync(parse.GetValue(shares), async sp =>
            Output.Result(await sp.GetRequiredService<IssueElectronicCard>().ForCardAsync(CliHost.Operator, parse.GetValue(number)!, cancellationToken), card =>
            {
                Console.WriteLine(card.Code);
                Console.Error.WriteLine($"card serial {card.CardSerial}, key v{card.KeyVersion}, valid {card.IssuedAt:u} – {card.ExpiresAt:u}");
                if (parse.GetValue(png) is { } file)
                {
                    File.WriteAllBytes(file.FullName, ElectronicCardImage.Png(card.Code));
                    Console.Error.WriteLine($"{file.FullName}: QR image");
                }
            }), cancellationToken));
        return command;
    }

    private static int Report(Result<ElectronicCardVerification> result, string how) => result.IsSuccess
        ? Valid($"card {result.Value.CardNumber}, serial {result.Value.CardSerial}, status {ApiName(result.Value.Status)}", result.Value.IssuedAt,
            result.Value.ExpiresAt, result.Value.KeyVersion, how)
        : Invalid(result.Error!);

    private static int Report(Result<ElectronicCardClaims> result, string how) => result.IsSuccess
        ? Valid($"card {Masking.IdNumber(result.Value.CardNumber)}, serial {result.Value.CardSerial} (status not checked offline)", result.Value.IssuedAt,
            result.Value.ExpiresAt, result.Value.KeyVersion, how)
        : Invalid(result.Error!);

    private static int Valid(string card, DateTimeOffset issuedAt, DateTimeOffset expiresAt, int keyVersion, string how)
    {
        Console.WriteLine($"valid ({how}): {card}, issued {issuedAt:u}, expires {expiresAt:u}, platform key v{keyVersion}");
        return 0;
    }

    private static int Invalid(Error error)
    {
        Console.Error.WriteLine($"invalid {error.Code}: {error.Message.Zh} / {error.Message.En}");
        if (error is ValidationFailed failed)
        {
            foreach (var (field, messages) in failed.Fields)
            {
                foreach (var message in messages)
                {
                    Console.Error.WriteLine($"  {field}: {message.Zh} / {message.En}");
                }
            }
        }
        return error is ValidationFailed ? 2 : 1;
    }

    private static string ApiName(Domain.Cards.CardStatus status) => Domain.Common.EnumNames.Of(status);
}
