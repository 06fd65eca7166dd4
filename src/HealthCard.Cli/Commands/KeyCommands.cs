using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using HealthCard.App.Features.Keys;
using HealthCard.Crypto.Keys;
using HealthCard.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard keys …</c>: the key ceremony and key custody on the configured database (ADR 009, 016). Every command goes
/// through the same use cases as the API, so the same rules hold: capabilities, the caller's tier and region, and
/// separation of duties. A custodian acts as themselves with <c>--key-file</c> (their own <c>keys:manage</c> API key,
/// read from a file); without it, the caller is the command-line operator, national. Operations that need the
/// key-encryption key take <c>--share &lt;file&gt;</c> once per custodian, up to the threshold; shares, keys and
/// components are read from files so that they never appear in process lists or shell history.
/// Exit codes: 0 done, 2 refused or bad input.
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
        keys.Subcommands.Add(ComponentCommand());
        keys.Subcommands.Add(TransportKeyCommand());
        keys.Subcommands.Add(ExportCommand());
        keys.Subcommands.Add(ImportCommand());
        keys.Subcommands.Add(ApplyCommand());
        keys.Subcommands.Add(ApplicationsCommand());
        keys.Subcommands.Add(ReviewCommand(approve: true));
        keys.Subcommands.Add(ReviewCommand(approve: false));
        keys.Subcommands.Add(DelegateCommand());
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

    /// <summary>The <c>--key-file &lt;file&gt;</c> option: who acts.</summary>
    public static Option<FileInfo?> KeyFileOption() => new("--key-file")
    {
        Description = "The acting custodian's own API key (keys:manage), in a file; without it the command-line operator acts, nationally",
    };

    /// <summary>
    /// The caller a key command acts as: the custodian whose API key is in <paramref name="keyFile"/> (its name, region
    /// and scopes, exactly as the API would see it), or the command-line operator when no file is given.
    /// </summary>
    internal static async Task<Result<Caller>> CallerAsync(IServiceProvider services, FileInfo? keyFile, CancellationToken cancellationToken)
    {
        if (keyFile is null)
        {
            return CliHost.Operator;
        }
        var secret = (await File.ReadAllTextAsync(keyFile.FullName, cancellationToken)).Trim();
        var key = secret.Length == 0 ? null : await services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(secret, cancellationToken);
        return key is null
            ? new Forbidden("auth.unauthenticated", new Message("密钥文件中的 API 密钥无效或已吊销", "The API key in the key file is unknown or revoked"))
            : new Caller(key.Name, key.RegionScope, key.Scopes.ToHashSet(StringComparer.Ordinal), Channel.Cli);
    }

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
        var keyFile = KeyFileOption();
        var command = new Command("init", "Key ceremony: generate the KEK and its M-of-N shares, the national root, the platform signing key and the SM4 national masters")
        {
            custodians, threshold, outDir, keyFile,
        };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), null, async (sp, caller) =>
        {
            var result = await sp.GetRequiredService<KeyCeremony>().InitAsync(caller, parse.GetValue(custodians), parse.GetValue(threshold), cancellationToken);
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
        }, cancellationToken));
        return command;
    }

    private static Command ListCommand()
    {
        var usage = new Option<string?>("--usage") { Description = "root, issuer, sam_signing, platform_signing, national_master, provincial_master, transport" };
        var region = new Option<string?>("--region") { Description = "A province or region code" };
        var status = new Option<string?>("--status") { Description = "active, retired or compromised" };
        var keyFile = KeyFileOption();
        var command = new Command("list", "List the keys of the caller's region: ids, versions, usages, check values, status (never material)")
        {
            usage, region, status, keyFile,
        };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), null, async (sp, caller) =>
            Output.Result(await sp.GetRequiredService<GetKeys>().ListAsync(caller, parse.GetValue(usage), parse.GetValue(region), parse.GetValue(status),
                cancellationToken), PrintKeys), cancellationToken));
        return command;
    }

    private static Command RotateCommand()
    {
        var keyId = new Argument<string>("key-id") { Description = "root, platform-signing, issuer-<province> or national-<index>" };
        var reason = new Option<string>("--reason") { Description = "Why (recorded with the rotation)", Required = true };
        var shares = ShareOption();
        var keyFile = KeyFileOption();
        var command = new Command("rotate", "Rotate a key (national tier): a new active version; the old one is kept retired, for verification only")
        {
            keyId, reason, shares, keyFile,
        };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), parse.GetValue(shares), async (sp, caller) =>
            Output.Result(await sp.GetRequiredService<RotateKey>().ExecuteAsync(caller, parse.GetValue(keyId)!, parse.GetValue(reason), cancellationToken),
                r => Console.WriteLine($"{r.Active.KeyId}: v{r.Retired.Version} retired, v{r.Active.Version} active, check value {r.Active.CheckValue}")), cancellationToken));
        return command;
    }

    private static Command KcvCommand()
    {
        var keyId = new Argument<string>("key-id");
        var version = new Option<int?>("--version") { Description = "A version (default: the active one)" };
        var shares = ShareOption();
        var keyFile = KeyFileOption();
        var command = new Command("kcv", "Show a key's check value; with --share, unwrap the key and recompute it") { keyId, version, shares, keyFile };
        command.SetAction((parse, cancellationToken) =>
        {
            var verify = parse.GetValue(shares) is { Length: > 0 };
            return AsAsync(parse.GetValue(keyFile), verify ? parse.GetValue(shares) : null, async (sp, caller) => Output.Result(
                await sp.GetRequiredService<GetKeys>().CheckValueAsync(caller, parse.GetValue(keyId)!, parse.GetValue(version), verify, cancellationToken),
                r => Console.WriteLine($"{r.Key.KeyId} v{r.Key.Version} {r.Key.Status}: {r.Key.CheckValue}" +
                    (r.Verified is null ? "" : r.Verified.Value ? " (verified)" : " (MISMATCH: the stored key does not match its check value)"))), cancellationToken);
        });
        return command;
    }

    /// <summary>A custodian makes their transport key component on their own: 16 random bytes, written with its KCV, never shown.</summary>
    private static Command ComponentCommand()
    {
        var output = new Option<FileInfo>("--out") { Description = "The component file to create (mode 0600): 32 hex, a space, the 6-hex KCV", Required = true };
        var command = new Command("component", "Make one transport key component for yourself (a custodian's part of a transport key)") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var component = RandomNumberGenerator.GetBytes(16);
            try
            {
                var kcv = Convert.ToHexString(KeyDerivation.CheckValue(component));
                await WritePrivateAsync(parse.GetValue(output)!.FullName, $"{Convert.ToHexString(component)} {kcv}\n", cancellationToken);
                Console.WriteLine($"{parse.GetValue(output)!.Name}: component check value {kcv}");
                return 0;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(component);
            }
        });
        return command;
    }

    private static Command TransportKeyCommand()
    {
        var region = new Option<string>("--region") { Description = "Your tier's region code (a province: 2 digits): only its own custodians give components", Required = true };
        var component = new Option<FileInfo>("--component") { Description = "Your component file from `keys component`", Required = true };
        var shares = ShareOption();
        var keyFile = KeyFileOption();
        var command = new Command("transport-key",
            "Give your component of your tier's transport key; the key is registered when M custodians of the tier have given theirs")
        {
            region, component, shares, keyFile,
        };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), parse.GetValue(shares), async (sp, caller) =>
        {
            var parts = (await File.ReadAllTextAsync(parse.GetValue(component)!.FullName, cancellationToken)).Split(' ', '\t', '\n', '\r')
                .Where(p => p.Length > 0).ToArray();
            var request = new TransportComponentRequest(parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1));
            return Output.Result(await sp.GetRequiredService<TransportKeys>().ContributeAsync(caller, parse.GetValue(region), request, cancellationToken), c =>
            {
                Console.WriteLine($"{c.KeyId}: {c.Received} of {c.Threshold} components, the last from {c.Components[^1].Custodian} (check value {c.Components[^1].CheckValue})");
                if (c.KeyVersion is { } version)
                {
                    Console.WriteLine($"{c.KeyId} v{version} registered: check value {c.CheckValue}");
                }
            });
        }, cancellationToken));
        return command;
    }

    private static Command ExportCommand()
    {
        var province = new Option<string>("--province") { Description = "The province whose keys to export (under its registered transport key)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The export file", Required = true };
        var shares = ShareOption();
        var keyFile = KeyFileOption();
        var command = new Command("export", "Export a province's keys wrapped under the transport key its custodians registered") { province, output, shares, keyFile };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), parse.GetValue(shares), async (sp, caller) =>
        {
            var result = await sp.GetRequiredService<ExportProvinceKeys>().ExecuteAsync(caller, parse.GetValue(province), cancellationToken);
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
        var shares = ShareOption();
        var keyFile = KeyFileOption();
        var command = new Command("import", "Import your province's keys exported by the upper tier, under your tier's registered transport key")
        {
            file, shares, keyFile,
        };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), parse.GetValue(shares), async (sp, caller) =>
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
            return Output.Result(await sp.GetRequiredService<ImportProvinceKeys>().ExecuteAsync(caller, package, cancellationToken),
                keys =>
                {
                    Console.WriteLine($"imported {keys.Count} keys, every check value verified");
                    PrintKeys(keys);
                });
        }, cancellationToken));
        return command;
    }

    /// <summary>Step 1 of the issuance (申领), by a custodian of the province itself.</summary>
    private static Command ApplyCommand()
    {
        var province = new Option<string>("--province") { Required = true, Description = "Your province (2 digits)" };
        var issuerCode = new Option<string>("--issuer-code") { Required = true, Description = "The province issuer's id (digits; the issuer certificate's subject)" };
        var institution = new Option<string>("--applicant-institution") { Required = true };
        var person = new Option<string>("--applicant") { Required = true };
        var reason = new Option<string>("--reason") { Required = true };
        var keyFile = KeyFileOption();
        var command = new Command("apply", "Apply for your province's keys (申领); prints the application's id") { province, issuerCode, institution, person, reason, keyFile };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), null, async (sp, caller) =>
            Output.Result(await sp.GetRequiredService<ApplyForKeys>().ExecuteAsync(caller, new KeyApplicationRequest(parse.GetValue(province),
                parse.GetValue(issuerCode), parse.GetValue(institution), parse.GetValue(person), parse.GetValue(reason)), cancellationToken), PrintApplication),
            cancellationToken));
        return command;
    }

    private static Command ApplicationsCommand()
    {
        var province = new Option<string?>("--province") { Description = "Only this province's applications" };
        var keyFile = KeyFileOption();
        var command = new Command("applications", "List the key applications of your region") { province, keyFile };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), null, async (sp, caller) =>
            Output.Result(await sp.GetRequiredService<GetKeyApplications>().ListAsync(caller, parse.GetValue(province), cancellationToken), list =>
            {
                foreach (var application in list)
                {
                    PrintApplication(application);
                }
            }), cancellationToken));
        return command;
    }

    /// <summary>Step 2 (national tier, not the applicant): approve or reject.</summary>
    private static Command ReviewCommand(bool approve)
    {
        var id = new Argument<Guid>("application-id");
        var note = new Option<string?>("--note") { Description = approve ? "A note (optional)" : "Why (required)", Required = !approve };
        var keyFile = KeyFileOption();
        var command = new Command(approve ? "approve" : "reject", approve ? "Approve a province's key application (national tier)" : "Reject a province's key application (national tier)")
        {
            id, note, keyFile,
        };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), null, async (sp, caller) =>
            Output.Result(await sp.GetRequiredService<ReviewKeyApplication>().ExecuteAsync(caller, parse.GetValue(id), approve, new ReviewRequest(parse.GetValue(note)),
                cancellationToken), PrintApplication), cancellationToken));
        return command;
    }

    /// <summary>Step 3 (the province, neither the applicant nor the reviewer): the delegation letter (委派).</summary>
    private static Command DelegateCommand()
    {
        var id = new Argument<Guid>("application-id");
        var letter = new Option<string>("--letter-number") { Required = true, Description = "委派书编号" };
        var delegator = new Option<string>("--delegator") { Required = true, Description = "The delegating institution" };
        var collector = new Option<string>("--collector") { Required = true, Description = "The collector's name" };
        var collectorId = new Option<string>("--collector-id") { Required = true, Description = "The collector's citizen ID number (checked, stored masked)" };
        var validDays = new Option<int?>("--valid-days")
        {
            Description = $"How many days from today the letter is valid (default {DelegateKeyCollectors.DefaultValidDays})",
        };
        var keyFile = KeyFileOption();
        var command = new Command("delegate", "Write your province's delegation letter naming the collector; prints the delegation's id")
        {
            id, letter, delegator, collector, collectorId, validDays, keyFile,
        };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), null, async (sp, caller) =>
            Output.Result(await sp.GetRequiredService<DelegateKeyCollectors>().ExecuteAsync(caller, parse.GetValue(id), new DelegationRequest(parse.GetValue(letter),
                parse.GetValue(delegator), ValidUntil: null, [new CollectorRequest(parse.GetValue(collector), parse.GetValue(collectorId))],
                parse.GetValue(validDays)), cancellationToken),
                d => Console.WriteLine($"delegation {d.Id}: letter {d.LetterNumber}, valid until {d.ValidUntil:yyyy-MM-dd}, {d.Collectors.Count} collector(s)")),
            cancellationToken));
        return command;
    }

    /// <summary>Step 4 (national tier, none of the people before): issue the keys and write the handover record (交接单).</summary>
    private static Command IssueCommand()
    {
        var id = new Argument<Guid>("application-id");
        var delegation = new Option<Guid>("--delegation") { Required = true, Description = "The delegation's id (from `keys delegate`)" };
        var receiver = new Option<string>("--receiver") { Required = true, Description = "The collector's name, as in the letter" };
        var receiverId = new Option<string>("--receiver-id") { Required = true, Description = "The collector's citizen ID number, checked against the letter" };
        var handedOverBy = new Option<string>("--handed-over-by") { Required = true };
        var shares = ShareOption();
        var keyFile = KeyFileOption();
        var command = new Command("issue", "Issue a province's approved keys to a delegated collector (national tier) and print the handover record")
        {
            id, delegation, receiver, receiverId, handedOverBy, shares, keyFile,
        };
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), parse.GetValue(shares), async (sp, caller) =>
            Output.Result(await sp.GetRequiredService<IssueProvinceKeys>().ExecuteAsync(caller, parse.GetValue(id), new IssueKeysRequest(parse.GetValue(delegation),
                parse.GetValue(receiver), parse.GetValue(receiverId), parse.GetValue(handedOverBy)), cancellationToken), h =>
            {
                Console.WriteLine($"handover {h.Number}: province {h.ProvinceCode}, from {h.HandedOverBy} to {h.ReceivedBy} ({h.ReceiverIdNumber})");
                foreach (var key in h.Keys)
                {
                    Console.WriteLine($"  {key.KeyId,-16} v{key.Version}  {key.CheckValue}");
                }
            }), cancellationToken));
        return command;
    }

    /// <summary>One line per application, ending with the next steps its state allows, as the use case answered them.</summary>
    private static void PrintApplication(KeyApplicationView a) =>
        Console.WriteLine($"application {a.Id} {a.Number}: province {a.ProvinceCode}, {a.Status}, by {a.CreatedBy}" +
            (a.ReviewedBy is null ? "" : $", reviewed by {a.ReviewedBy}") + (a.IssuedBy is null ? "" : $", issued by {a.IssuedBy}") +
            $"; next: {(a.Actions.Count == 0 ? "none" : string.Join(", ", a.Actions))}");

    /// <summary>
    /// Starts the services, resolves who acts (<c>--key-file</c> or the operator), unseals with the share files when
    /// given, then runs <paramref name="body"/> as that caller in one scope.
    /// </summary>
    private static Task<int> AsAsync(FileInfo? keyFile, FileInfo[]? shares, Func<IServiceProvider, Caller, Task<int>> body, CancellationToken cancellationToken) =>
        WithServicesAsync(async sp =>
        {
            var caller = await CallerAsync(sp, keyFile, cancellationToken);
            if (!caller.IsSuccess)
            {
                return Output.Result(caller, _ => { });
            }
            // The shares unseal this process's own key service: the M share files are the M custodians present at the
            // terminal (ADR 016). The operator submits them; the custodian named by --key-file then acts as themselves.
            if (shares is not null && await UnsealAsync(sp, shares, cancellationToken) is { } failed)
            {
                return failed;
            }
            return await body(sp, caller.Value);
        }, cancellationToken);

    private static Command UnsealCommand()
    {
        var shares = ShareOption();
        var command = new Command("unseal", "Check a set of custodian shares: rebuild the KEK and compare its check value") { shares };
        var keyFile = KeyFileOption();
        command.Options.Add(keyFile);
        command.SetAction((parse, cancellationToken) => AsAsync(parse.GetValue(keyFile), parse.GetValue(shares) ?? [], async (sp, caller) =>
            Output.Result(await sp.GetRequiredService<KeyCeremony>().StatusAsync(caller, cancellationToken),
                status => Console.WriteLine($"unsealed: the shares rebuild the key-encryption key (KCV {status.KekCheckValue})")), cancellationToken));
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

    // Never over an existing share or component.
    private static Task WritePrivateAsync(string path, string text, CancellationToken cancellationToken) =>
        HealthCard.App.Security.SecretFile.WriteTextAsync(path, text, overwrite: false, cancellationToken);

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
