using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard keys …</c>: the key ceremony and key custody on the configured database (ADR 009). Operations that need the
/// key-encryption key take <c>--share &lt;file&gt;</c> once per custodian, up to the threshold; shares are read from files
/// so that they never appear in process lists or shell history. Exit codes: 0 done, 2 refused or bad input.
/// </summary>
internal static class KeyCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static Command Create()
    {
        var keys = new Command("keys", "The key management service: ceremony, custody, rotation, export and import (密钥管理)");
        keys.Subcommands.Add(InitCommand());
        keys.Subcommands.Add(ListCommand());
        keys.Subcommands.Add(RotateCommand());
        keys.Subcommands.Add(KcvCommand());
        keys.Subcommands.Add(TransportKeyCommand());
        keys.Subcommands.Add(ExportCommand());
        keys.Subcommands.Add(ImportCommand());
        keys.Subcommands.Add(IssueCommand());
        keys.Subcommands.Add(UnsealCommand());
        return keys;
    }

    /// <summary>The repeatable <c>--share &lt;file&gt;</c> option.</summary>
    public static Option<FileInfo[]> ShareOption() => new("--share")
    {
        Description = "A custodian's share file from `keys init`; repeat once per custodian up to the threshold",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Unseals this process's key service with the share files; null when unsealed, else the exit code.</summary>
    public static async Task<int?> UnsealAsync(IServiceProvider services, FileInfo[]? shares, CancellationToken cancellationToken)
    {
        if (shares is not { Length: > 0 })
        {
            Console.Error.WriteLine("error keys.sealed: this operation needs the key-encryption key; give --share <file> once per custodian");
            return 2;
        }
        var texts = new List<string>();
        foreach (var file in shares)
        {
            texts.Add((await File.ReadAllTextAsync(file.FullName, cancellationToken)).Trim());
        }
        var result = await services.GetRequiredService<KeyCeremony>().UnsealAsync(CliHost.Operator, texts, cancellationToken);
        return result.IsSuccess ? null : Output.Result(result, _ => { });
    }

    private static Command InitCommand()
    {
        var custodians = new Option<int>("--custodians") { Description = "N: how many custodians receive a share", Required = true };
        var threshold = new Option<int>("--threshold") { Description = "M: how many shares rebuild the key-encryption key", Required = true };
        var outDir = new Option<DirectoryInfo>("--out-dir") { Description = "Where to write share-01.txt … share-NN.txt (mode 0600)", Required = true };
        var command = new Command("init", "Key ceremony: generate the KEK and its M-of-N shares, the national root, the platform signing key and the SM4 national masters")
        {
            custodians, threshold, outDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<KeyCeremony>()
                .InitAsync(CliHost.Operator, parse.GetValue(custodians), parse.GetValue(threshold), cancellationToken);
            if (!result.IsSuccess)
            {
                return Output.Result(result, _ => { });
            }
            var directory = parse.GetValue(outDir)!;
            directory.Create();
            for (var i = 0; i < result.Value.Shares.Count; i++)
            {
                var path = Path.Combine(directory.FullName, $"share-{i + 1:D2}.txt");
                await WritePrivateAsync(path, result.Value.Shares[i] + "\n", cancellationToken);
                Console.WriteLine($"share-{i + 1:D2}.txt");
            }
            Console.WriteLine($"key-encryption key: {result.Value.Shares.Count} shares, threshold {result.Value.Threshold}, KCV {result.Value.KekCheckValue}");
            PrintKeys(result.Value.Keys);
            Console.Error.WriteLine("Hand each share file to its custodian now and delete it from this disk.");
            return 0;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var usage = new Option<string?>("--usage") { Description = "root, issuer, sam_signing, platform_signing, national_master, provincial_master, transport" };
        var region = new Option<string?>("--region") { Description = "A province or region code" };
        var status = new Option<string?>("--status") { Description = "active, retired or compromised" };
        var command = new Command("list", "List keys: ids, versions, usages, check values, status (never material)") { usage, region, status };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            PrintKeys(await scope.ServiceProvider.GetRequiredService<KeyManagement>()
                .ListAsync(parse.GetValue(usage), parse.GetValue(region), parse.GetValue(status), cancellationToken));
            return 0;
        });
        return command;
    }

    private static Command RotateCommand()
    {
        var keyId = new Argument<string>("key-id") { Description = "root, platform-signing, issuer-<province> or national-<index>" };
        var reason = new Option<string>("--reason") { Description = "Why (recorded with the rotation)", Required = true };
        var shares = ShareOption();
        var command = new Command("rotate", "Rotate a key: a new active version; the old one is kept retired, for verification only") { keyId, reason, shares };
        command.SetAction((parse, cancellationToken) => WithKekAsync(parse.GetValue(shares), async sp =>
            Output.Result(await sp.GetRequiredService<KeyManagement>().RotateAsync(CliHost.Operator, parse.GetValue(keyId)!, parse.GetValue(reason), cancellationToken),
                r => Console.WriteLine($"{r.Active.KeyId}: v{r.Retired.Version} retired, v{r.Active.Version} active, check value {r.Active.CheckValue}")), cancellationToken));
        return command;
    }

    private static Command KcvCommand()
    {
        var keyId = new Argument<string>("key-id");
        var version = new Option<int?>("--version") { Description = "A version (default: the active one)" };
        var shares = ShareOption();
        var command = new Command("kcv", "Show a key's check value; with --share, unwrap the key and recompute it") { keyId, version, shares };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var verify = parse.GetValue(shares) is { Length: > 0 };
            Func<IServiceProvider, Task<int>> body = async sp => Output.Result(
                await sp.GetRequiredService<KeyManagement>().CheckValueAsync(parse.GetValue(keyId)!, parse.GetValue(version), verify, cancellationToken),
                r => Console.WriteLine($"{r.Key.KeyId} v{r.Key.Version} {r.Key.Status}: {r.Key.CheckValue}" +
                    (r.Verified is null ? "" : r.Verified.Value ? " (verified)" : " (MISMATCH: the stored key does not match its check value)")));
            return verify ? await WithKekAsync(parse.GetValue(shares), body, cancellationToken) : await WithServicesAsync(body, cancellationToken);
        });
        return command;
    }

    private static Command TransportKeyCommand()
    {
        var region = new Option<string>("--region") { Description = "The lower tier's region code (a province: 2 digits)", Required = true };
        var key = new Option<string?>("--key") { Description = "The tier's SM4 transport key, 32 hex (default: generate one and print it once)" };
        var shares = ShareOption();
        var command = new Command("transport-key", "Register a lower tier's SM4 transport key") { region, key, shares };
        command.SetAction((parse, cancellationToken) => WithKekAsync(parse.GetValue(shares), async sp =>
            Output.Result(await sp.GetRequiredService<KeyManagement>().RegisterTransportKeyAsync(CliHost.Operator, parse.GetValue(region), parse.GetValue(key), cancellationToken),
                r =>
                {
                    Console.WriteLine($"{r.KeyId} v{r.Version}: check value {r.CheckValue}");
                    if (r.Key is not null)
                    {
                        // Printed on purpose, once: the tier loads it; it is stored only wrapped.
                        Console.WriteLine($"key: {r.Key}");
                    }
                }), cancellationToken));
        return command;
    }

    private static Command ExportCommand()
    {
        var province = new Option<string>("--province") { Description = "The province whose keys to export", Required = true };
        var transport = new Option<string?>("--transport-key") { Description = "The tier's transport key, 32 hex (default: the registered one)" };
        var output = new Option<FileInfo>("--out") { Description = "The export file", Required = true };
        var shares = ShareOption();
        var command = new Command("export", "Export a province's keys wrapped under its tier's transport key") { province, transport, output, shares };
        command.SetAction((parse, cancellationToken) => WithKekAsync(parse.GetValue(shares), async sp =>
        {
            var result = await sp.GetRequiredService<KeyManagement>().ExportAsync(CliHost.Operator, parse.GetValue(province), parse.GetValue(transport), cancellationToken);
            if (result.IsSuccess)
            {
                await File.WriteAllTextAsync(parse.GetValue(output)!.FullName, JsonSerializer.Serialize(result.Value, Json), cancellationToken);
            }
            return Output.Result(result, e =>
            {
                Console.WriteLine($"{parse.GetValue(output)!.Name}: {e.Keys.Count} keys for {e.To}, transport key check value {e.TransportKeyCheckValue}");
                foreach (var key in e.Keys)
                {
                    Console.WriteLine($"  {key.KeyId,-16} v{key.Version}  {key.CheckValue}");
                }
            });
        }, cancellationToken));
        return command;
    }

    private static Command ImportCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "An export file from `keys export`" };
        var transport = new Option<string?>("--transport-key") { Description = "This tier's transport key, 32 hex (default: the registered one)" };
        var shares = ShareOption();
        var command = new Command("import", "Import keys exported by the upper tier; each must match its check value") { file, transport, shares };
        command.SetAction((parse, cancellationToken) => WithKekAsync(parse.GetValue(shares), async sp =>
        {
            KeyExport? package;
            try
            {
                package = JsonSerializer.Deserialize<KeyExport>(await File.ReadAllTextAsync(parse.GetValue(file)!.FullName, cancellationToken), Json);
            }
            catch (JsonException e)
            {
                Console.Error.WriteLine($"error: the export file is not valid JSON: {e.Message}");
                return 2;
            }
            return Output.Result(await sp.GetRequiredService<KeyManagement>().ImportAsync(CliHost.Operator, package, parse.GetValue(transport), cancellationToken),
                keys =>
                {
                    Console.WriteLine($"imported {keys.Count} keys, every check value verified");
                    PrintKeys(keys);
                });
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// The issuance workflow in one sitting at the key-management console: application, approval, delegation and issue,
    /// each a separate audited step, ending with the handover record.
    /// </summary>
    private static Command IssueCommand()
    {
        var province = new Option<string>("--province") { Required = true, Description = "The province (2 digits)" };
        var issuerCode = new Option<string>("--issuer-code") { Required = true, Description = "The province issuer's id (digits; the issuer certificate's subject)" };
        var institution = new Option<string>("--applicant-institution") { Required = true };
        var person = new Option<string>("--applicant") { Required = true };
        var reason = new Option<string>("--reason") { Required = true };
        var letter = new Option<string>("--letter-number") { Required = true, Description = "委派书编号" };
        var collector = new Option<string>("--collector") { Required = true, Description = "The collector's name" };
        var collectorId = new Option<string>("--collector-id") { Required = true, Description = "The collector's citizen ID number (checked, stored masked)" };
        var handedOverBy = new Option<string>("--handed-over-by") { Required = true };
        var shares = ShareOption();
        var command = new Command("issue", "Issue a province's keys: application → approval → delegation → handover record")
        {
            province, issuerCode, institution, person, reason, letter, collector, collectorId, handedOverBy, shares,
        };
        command.SetAction((parse, cancellationToken) => WithKekAsync(parse.GetValue(shares), async sp =>
        {
            var issuance = sp.GetRequiredService<KeyIssuance>();
            var caller = CliHost.Operator;
            var applied = await issuance.ApplyAsync(caller, new KeyApplicationRequest(parse.GetValue(province), parse.GetValue(issuerCode),
                parse.GetValue(institution), parse.GetValue(person), parse.GetValue(reason)), cancellationToken);
            if (!applied.IsSuccess)
            {
                return Output.Result(applied, _ => { });
            }
            var id = applied.Value.Id;
            var approved = await issuance.ReviewAsync(caller, id, approve: true, new ReviewRequest("approved at the key ceremony"), cancellationToken);
            if (!approved.IsSuccess)
            {
                return Output.Result(approved, _ => { });
            }
            var delegated = await issuance.DelegateAsync(caller, id, new DelegationRequest(parse.GetValue(letter), parse.GetValue(institution),
                TimeProvider.System.Today().AddDays(30), [new CollectorRequest(parse.GetValue(collector), parse.GetValue(collectorId))]), cancellationToken);
            if (!delegated.IsSuccess)
            {
                return Output.Result(delegated, _ => { });
            }
            return Output.Result(await issuance.IssueAsync(caller, id, new IssueKeysRequest(delegated.Value.Id, parse.GetValue(collector),
                parse.GetValue(collectorId), parse.GetValue(handedOverBy)), cancellationToken), h =>
            {
                Console.WriteLine($"handover {h.Number}: province {h.ProvinceCode}, from {h.HandedOverBy} to {h.ReceivedBy} ({h.ReceiverIdNumber})");
                foreach (var key in h.Keys)
                {
                    Console.WriteLine($"  {key.KeyId,-16} v{key.Version}  {key.CheckValue}");
                }
            });
        }, cancellationToken));
        return command;
    }

    private static Command UnsealCommand()
    {
        var shares = ShareOption();
        var command = new Command("unseal", "Check a set of custodian shares: rebuild the KEK and compare its check value") { shares };
        command.SetAction((parse, cancellationToken) => WithKekAsync(parse.GetValue(shares), async sp =>
        {
            var status = await sp.GetRequiredService<KeyCeremony>().StatusAsync(cancellationToken);
            Console.WriteLine($"unsealed: the shares rebuild the key-encryption key (KCV {status.KekCheckValue})");
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>Starts the services, unseals with the share files, then runs <paramref name="body"/> in one scope.</summary>
    internal static Task<int> WithKekAsync(FileInfo[]? shares, Func<IServiceProvider, Task<int>> body, CancellationToken cancellationToken) =>
        WithServicesAsync(async sp => await UnsealAsync(sp, shares, cancellationToken) is { } failed ? failed : await body(sp), cancellationToken);

    internal static async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> body, CancellationToken cancellationToken)
    {
        await using var services = await CliHost.StartAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        try
        {
            return await body(scope.ServiceProvider);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static void PrintKeys(IReadOnlyList<KeyView> keys)
    {
        foreach (var key in keys)
        {
            Console.WriteLine($"{key.KeyId,-18} v{key.Version,-3} {key.Usage,-18} {key.Algorithm,-4} {key.Status,-12} {key.RegionCode ?? "-",-3} {key.CheckValue}");
        }
    }

    private static async Task WritePrivateAsync(string path, string text, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600, never readable by others even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
    }

    /// <summary>For <c>card personalize --from-key-service</c>: unseal, then fetch the province's personalization keys.</summary>
    public static async Task<Result<PersonalizationKeys>> PersonalizationKeysAsync(IServiceProvider services, string province, FileInfo[]? shares,
        CancellationToken cancellationToken)
    {
        if (await UnsealAsync(services, shares, cancellationToken) is not null)
        {
            return KeyErrors.Sealed;
        }
        return await services.GetRequiredService<KeyService>().PersonalizationKeysAsync(province, cancellationToken);
    }
}
