using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Regions;
using HealthCard.Chip.Apdu;
using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;
using HealthCard.Chip.Virtual;
using HealthCard.Domain.Residents;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard card …</c>: test key sets, personalization of virtual cards, dumps and raw APDUs, for card-production centres
/// and terminal vendors working without hardware. Exit codes: 0 done, 2 bad input.
/// </summary>
internal static class CardCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), // Chinese stays readable
        Converters = { new HexBytesConverter() },
    };

    public static Command Create()
    {
        var card = new Command("card", "Virtual health cards: key sets, personalization, dumps, APDUs (虚拟居民健康卡)");
        card.Subcommands.Add(KeySetCommand());
        card.Subcommands.Add(PersonalizeCommand());
        card.Subcommands.Add(DumpCommand());
        card.Subcommands.Add(ApduCommand());
        card.Subcommands.Add(CardServeCommand.Create());
        return card;
    }

    private static Command KeySetCommand()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for keyset.json, issuer.json and sam-type1..5.img", Required = true };
        var name = new Option<string>("--issuer-name") { Description = "发卡机构名称 (ans30)", DefaultValueFactory = _ => "石家庄市卫生健康委员会" };
        var code = new Option<string>("--issuer-code") { Description = "发卡机构代码 (cn11)", DefaultValueFactory = _ => "13010000001" };
        var city = new Option<string>("--city") { Description = "应用城市代码 (6-digit GB/T 2260)", DefaultValueFactory = _ => "130100" };
        var create = new Command("create", "Generate a test key set: root and issuer SM2 keys, SM4 master keys and one SAM of each type")
        {
            output, name, code, city,
        };
        create.SetAction(parse => Run(() =>
        {
            var directory = parse.GetValue(output)!;
            var (keys, issuer, sams) = KeySet.Create(parse.GetValue(name)!, parse.GetValue(code)!, parse.GetValue(city)!, TimeProvider.System.Today());
            directory.Create();
            keys.Save(Path.Combine(directory.FullName, "keyset.json"));
            issuer.Save(Path.Combine(directory.FullName, "issuer.json"));
            foreach (var sam in sams)
            {
                sam.Save(Path.Combine(directory.FullName, $"sam-type{sam.Type}.img"));
                Console.WriteLine($"sam-type{sam.Type}.img  serial {sam.Serial}");
            }
            Console.WriteLine($"keyset.json  root {keys.RootId}, issuer {keys.IssuerId}, {keys.MasterKeys.Count} master keys, SAM PIN {keys.SamPin}");
            Console.WriteLine("issuer.json");
            Console.Error.WriteLine("warning: keyset.json and the images hold keys in clear; they are for tests and demos only.");
            return 0;
        }));
        return new Command("keyset", "Test key sets") { create };
    }

    private static Command PersonalizeCommand()
    {
        var holder = new Option<FileInfo>("--holder") { Description = "The holder, as the registry's resident JSON", Required = true };
        var issuer = new Option<FileInfo?>("--issuer") { Description = "issuer.json from `card keyset create` (not with --from-key-service)" };
        var keys = new Option<FileInfo?>("--keys") { Description = "keyset.json from `card keyset create` (not with --from-key-service)" };
        var output = new Option<FileInfo>("--out") { Description = "The card image to write", Required = true };
        var photo = new Option<FileInfo?>("--photo") { Description = "A JPEG of at most 3072 bytes" };
        var serial = new Option<string?>("--serial") { Description = "发卡序列号 already assigned (2-digit province + 8-digit sequence; default: the next serial of the holder's province)" };
        var chip = new Option<string?>("--chip-serial") { Description = "The chip serial, 8 bytes hex (default: random)" };
        var fromKeyService = new Option<bool>("--from-key-service") { Description = "Take the keys and issuer certificate from the platform's key service" };
        var province = new Option<string?>("--province") { Description = "With --from-key-service: the province whose issued keys to use" };
        var issuerName = new Option<string>("--issuer-name") { Description = "With --from-key-service: 发卡机构名称 (ans30)", DefaultValueFactory = _ => "河北省卫生健康委员会" };
        var city = new Option<string?>("--city") { Description = "With --from-key-service: 应用城市代码 (default: the province's capital, <province>0100)" };
        var shares = KeyCommands.ShareOption();
        var command = new Command("personalize", "Build a complete card image from a holder and either a test key set or the key service")
        {
            holder, issuer, keys, output, photo, serial, chip, fromKeyService, province, issuerName, city, shares,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(fromKeyService))
            {
                if (parse.GetValue(issuer) is not { } issuerFile || parse.GetValue(keys) is not { } keysFile)
                {
                    Console.Error.WriteLine("error: give --issuer and --keys, or --from-key-service --province <code> --share <file> …");
                    return 2;
                }
                return await RunAsync(async () =>
                {
                    var (profile, masters) = (IssuerProfile.Load(issuerFile.FullName), KeySet.Load(keysFile.FullName).Masters());
                    await using var testServices = await CliHost.StartAsync(cancellationToken);
                    await using var testScope = testServices.CreateAsyncScope();
                    return await PersonalizeAsync(testScope.ServiceProvider, parse, holder, output, photo, serial, chip, profile, masters, cancellationToken);
                });
            }
            if (parse.GetValue(province) is not { Length: 2 } code)
            {
                Console.Error.WriteLine("error: --from-key-service needs --province <2-digit code>");
                return 2;
            }
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var fetched = await KeyCommands.PersonalizationKeysAsync(scope.ServiceProvider, code, parse.GetValue(shares), cancellationToken);
            if (!fetched.IsSuccess)
            {
                return Output.Result(fetched, _ => { });
            }
            using var service = fetched.Value;
            var profile = new IssuerProfile(parse.GetValue(issuerName)!, service.IssuerCode, parse.GetValue(city) ?? code + "0100",
                Convert.ToHexString(service.IssuerCertificate));
            return await RunAsync(() => PersonalizeAsync(scope.ServiceProvider, parse, holder, output, photo, serial, chip, profile, service.Masters, cancellationToken));
        });
        return command;
    }

    /// <summary>
    /// Personalizes a card for the holder: the serial (given, or the next of the holder's province) and the validity come
    /// from the registry's own rules and configuration (<see cref="ReserveCardSerial"/>), like every card the platform makes.
    /// </summary>
    private static async Task<int> PersonalizeAsync(IServiceProvider services, ParseResult parse, Option<FileInfo> holder, Option<FileInfo> output,
        Option<FileInfo?> photo, Option<string?> serial, Option<string?> chip, IssuerProfile issuerProfile, IReadOnlyDictionary<byte, byte[]> masters,
        CancellationToken cancellationToken)
    {
        var draft = ReadJson<ResidentDraft>(parse.GetValue(holder)!, "holder");
        var validated = new ResidentValidator(RegionDirectory.Embedded).Validate(draft, TimeProvider.System.Today());
        if (!validated.IsSuccess)
        {
            return Output.Result(validated, _ => { });
        }
        var resident = validated.Value.Profile;
        var jpeg = parse.GetValue(photo) is { } file ? File.ReadAllBytes(file.FullName) : [];
        var chipSerial = parse.GetValue(chip) is { } hex ? Hex(hex, "--chip-serial") : RandomNumberGenerator.GetBytes(8);
        var terms = await services.GetRequiredService<ReserveCardSerial>()
            .ExecuteAsync(CliHost.Operator, new CardSerialRequest(resident.RegionCode, parse.GetValue(serial)), cancellationToken);
        if (!terms.IsSuccess)
        {
            return Output.Result(terms, _ => { });
        }
        var issue = new CardIssue(CardDataSet.CardNumber(resident), terms.Value.Serial, chipSerial, terms.Value.IssueDate, terms.Value.ExpiryDate);
        var card = CardPersonalizer.Personalize(CardDataSet.From(resident, jpeg), issue, issuerProfile, masters);
        card.Save(parse.GetValue(output)!.FullName);
        Console.WriteLine($"{parse.GetValue(output)!.Name}: card serial {issue.CardSerial}, chip serial {Convert.ToHexString(issue.ChipSerial)}, " +
            $"card number {Masking.IdNumber(issue.CardNumber)}");
        return 0;
    }

    private static Command DumpCommand()
    {
        var image = new Argument<FileInfo>("image") { Description = "A card image" };
        var hex = new Option<bool>("--hex") { Description = "Each file's bytes as hex (record files: records concatenated in order)" };
        var command = new Command("dump", "Print every element of a card image as JSON") { image, hex };
        command.SetAction(parse => Run(() =>
        {
            var card = VirtualHealthCard.Load(parse.GetValue(image)!.FullName);
            JsonNode dump = parse.GetValue(hex) ? HexDump(card) : ElementDump(card);
            Console.WriteLine(dump.ToJsonString(Json));
            return 0;
        }));
        return command;
    }

    private static Command ApduCommand()
    {
        var image = new Argument<FileInfo>("image") { Description = "A card image" };
        var apdus = new Argument<string[]>("apdu") { Description = "Command APDUs in hex, sent in order; prefix `sam:` to send one to the SAM", Arity = ArgumentArity.OneOrMore };
        var sam = new Option<FileInfo?>("--sam") { Description = "A SAM image" };
        var save = new Option<bool>("--save") { Description = "Write the card's (and SAM's) new state back to the image(s)" };
        var command = new Command("apdu", "Send APDUs to a card image (and a SAM image) and print each response") { image, apdus, sam, save };
        command.SetAction(parse => Run(() =>
        {
            var cardPath = parse.GetValue(image)!.FullName;
            var card = VirtualHealthCard.Load(cardPath);
            var samPath = parse.GetValue(sam)?.FullName;
            var samCard = samPath is null ? null : VirtualSam.Load(samPath);
            foreach (var text in parse.GetValue(apdus)!)
            {
                var toSam = text.StartsWith("sam:", StringComparison.OrdinalIgnoreCase);
                if (toSam && samCard is null)
                {
                    throw new ArgumentException($"{text}: no --sam image was given.");
                }
                var command = Hex(toSam ? text[4..] : text, "apdu");
                var response = toSam ? samCard!.Transmit(command) : card.Transmit(command);
                var data = ResponseApdu.DataOf(response);
                Console.WriteLine($"{(toSam ? "sam" : "card")} > {Convert.ToHexString(command)}");
                Console.WriteLine($"{(toSam ? "sam" : "card")} < {(data.IsEmpty ? "" : Convert.ToHexString(data) + " ")}{ResponseApdu.StatusOf(response):X4}");
            }
            if (parse.GetValue(save))
            {
                card.Save(cardPath);
                samCard?.Save(samPath!);
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Each file's path → its bytes as hex, record files as their records concatenated in order, exactly as stored.</summary>
    private static JsonObject HexDump(VirtualHealthCard card)
    {
        var dump = new JsonObject();
        foreach (var file in card.Files)
        {
            dump[file.Path] = Convert.ToHexString(card.Contents(file.Path).SelectMany(r => r).ToArray());
        }
        return dump;
    }

    /// <summary>Every element decoded with the typed file models; EE/ED as data, signature and certificate.</summary>
    private static JsonObject ElementDump(VirtualHealthCard card)
    {
        IReadOnlyList<ReadOnlyMemory<byte>> Records(string path) => card.Contents(path).Select(r => (ReadOnlyMemory<byte>)r).ToList();
        JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, Json);
        var dump = new JsonObject
        {
            ["chipSerial"] = Convert.ToHexString(card.ChipSerial),
            ["DDF1/EF05"] = Node(Ddf1Ef05.DecodeRecords(Records("DDF1/EF05"))),
            ["DDF1/EF06"] = Node(Ddf1Ef06.DecodeRecords(Records("DDF1/EF06"))),
            ["DDF1/EF08"] = Node(Ddf1Ef08.DecodeRecords(Records("DDF1/EF08"))),
            ["DF01/EF05"] = Node(Df01Ef05.DecodeRecords(Records("DF01/EF05"))),
            ["DF01/EF06"] = Node(Df01Ef06.DecodeRecords(Records("DF01/EF06"))),
            ["DF01/EF07"] = Node(Df01Ef07.DecodeRecords(Records("DF01/EF07"))),
            ["DF01/EF08"] = Node(Df01Ef08.DecodeRecords(Records("DF01/EF08"))),
            ["DF02/EF05"] = Node(Df02Ef05.DecodeRecords(Records("DF02/EF05"))),
            ["DF02/EF06"] = Node(Df02Ef06.DecodeRecords(Records("DF02/EF06"))),
            ["DF02/EF07"] = Node(card.Contents("DF02/EF07").Select(r => Chip.Files.Allergy.DecodeRecord(r)).ToList()),
            ["DF02/EF08"] = Node(card.Contents("DF02/EF08").Select(r => Chip.Files.Immunization.DecodeRecord(r)).ToList()),
        };
        if (card.Profile.Photo)
        {
            dump["DDF1/EF07"] = Node(new { photo = PhotoFile.Decode(card.Contents("DDF1/EF07")[0]) });
        }
        foreach (var index in new[] { CardLayouts.Df03Ef05, CardLayouts.Df03Ef06 })
        {
            var flags = IndexFileCodec.Decode(index, card.Contents(index.Path).Select(r => (ReadOnlyMemory<byte>)r).ToList());
            dump[index.Path] = Node(flags.Select(f => f == SlotStatus.Valid ? "valid" : "free").ToList());
            for (var n = 1; n <= flags.Length; n++)
            {
                var path = $"DF03/{index.RecordFile(n)}";
                var layout = index.RecordFilePrefix == "EE" ? CardLayouts.Ee0n : CardLayouts.Ed0n;
                var record = SignedRecord.Split(layout, card.Contents(path)[0]);
                object? data = flags[n - 1] == SlotStatus.Free ? null
                    : layout == CardLayouts.Ee0n ? InpatientRecord.DecodeData(record.Data.Span) : OutpatientRecord.DecodeData(record.Data.Span);
                dump[path] = Node(new { data, signature = record.Signature, certificate = record.Certificate });
            }
        }
        return dump;
    }

    private static T ReadJson<T>(FileInfo file, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(file.FullName), Json) ?? throw new ArgumentException($"The {what} file is empty.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The {what} file is not valid JSON: {e.Message}", e);
        }
    }

    private static byte[] Hex(string? text, string what) => Output.Hex(text, what);

    /// <summary>Runs a command body; bad input (files that are not what they claim, values that do not fit) exits 2.</summary>
    private static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (IsBadInput(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    /// <summary>Runs a command body; bad input (files that are not what they claim, values that do not fit) exits 2.</summary>
    private static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsBadInput(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static bool IsBadInput(Exception e) => e is ArgumentException or FormatException or CardFormatException or IOException;

    /// <summary>Byte values (certificates, flags, photos) as hex strings, the way the standard's documents write them.</summary>
    private sealed class HexBytesConverter : JsonConverter<ReadOnlyMemory<byte>>
    {
        public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Convert.FromHexString(reader.GetString() ?? "");

        public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Convert.ToHexString(value.Span));
    }
}
