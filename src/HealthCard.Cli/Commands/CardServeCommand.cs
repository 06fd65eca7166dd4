using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HealthCard.Chip.Apdu;
using HealthCard.Chip.Virtual;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard card serve &lt;image&gt; --vpcd 127.0.0.1:35963 [--save]</c>: puts a virtual user card or SAM, loaded from its
/// JSON image, into vsmartcard's virtual PC/SC reader (standard §10), until Ctrl+C or SIGTERM. Any PC/SC application
/// (a vendor's reader library, <c>scriptor</c>, <c>PcscChannel</c>) then sees it as a card in a real reader.
/// Exit codes: 0 stopped, 2 bad image or bad address.
/// </summary>
internal static class CardServeCommand
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "A card image or a SAM image (JSON, as the virtual chips save them)" };
        var vpcd = new Option<string>("--vpcd")
        {
            Description = $"Where vpcd listens, host:port ({VpcdCard.DefaultPort} is reader slot 0, {VpcdCard.DefaultPort + 1} slot 1)",
            DefaultValueFactory = _ => $"127.0.0.1:{VpcdCard.DefaultPort}",
        };
        var save = new Option<bool>("--save") { Description = "On exit, write the chip's state back to the image if it changed (writes, PIN tries)" };
        var command = new Command("serve", "Serve a virtual card or SAM in vsmartcard's virtual PC/SC reader (vpcd)") { image, vpcd, save };
        command.SetAction((parse, cancellationToken) =>
            ServeAsync(parse.GetValue(image)!, parse.GetValue(vpcd)!, parse.GetValue(save), cancellationToken));
        return command;
    }

    private static async Task<int> ServeAsync(FileInfo image, string vpcd, bool save, CancellationToken cancellationToken)
    {
        if (!TryParseEndpoint(vpcd, out var host, out var port))
        {
            Console.Error.WriteLine($"error: --vpcd '{vpcd}' is not host:port");
            return 2;
        }
        LoadedChip chip;
        try
        {
            chip = Load(image.FullName);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        Console.WriteLine($"serving {chip.Description} from {image.Name} on vpcd {host}:{port} ({ReaderSlot(port)}); Ctrl+C stops");
        var server = new VpcdCard(chip.Chip, host, port, log: message => Console.Error.WriteLine(message));
        await server.RunAsync(cancellationToken);

        if (save)
        {
            Console.Error.WriteLine(SaveIfChanged(chip, image.FullName) ? $"saved the changed state to {image.Name}" : "state unchanged; image not written");
        }
        return 0;
    }

    /// <summary>A chip loaded from an image, and how to write its state back.</summary>
    private sealed record LoadedChip(ISmartCard Chip, string Description, Action<string> Save);

    /// <summary>
    /// A SAM image is the one with a SAM's own properties, its type and master keys; anything else must be a card image,
    /// and the card's loader says what is wrong with it.
    /// </summary>
    private static LoadedChip Load(string path)
    {
        bool isSam;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            isSam = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("type", out _)
                && document.RootElement.TryGetProperty("masterKeys", out _);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not a card or SAM image: {e.Message}", e);
        }
        if (isSam)
        {
            var sam = VirtualSam.Load(path);
            return new LoadedChip(sam, $"the type-{sam.Type} SAM {sam.Serial}", sam.Save);
        }
        var card = VirtualHealthCard.Load(path);
        return new LoadedChip(card, $"the user card with chip serial {Convert.ToHexString(card.ChipSerial)}", card.Save);
    }

    /// <summary>
    /// Writes the chip's state beside the image and replaces the image only if the two differ, so that an untouched image
    /// keeps its timestamp. The replacement is a rename: a crash mid-write cannot leave half an image.
    /// </summary>
    private static bool SaveIfChanged(LoadedChip chip, string path)
    {
        var written = path + ".saving";
        chip.Save(written);
        if (File.ReadAllBytes(written).AsSpan().SequenceEqual(File.ReadAllBytes(path)))
        {
            File.Delete(written);
            return false;
        }
        File.Move(written, path, overwrite: true);
        return true;
    }

    /// <summary>Which PC/SC reader the port is, with Debian's vpcd configuration (reader "Virtual PCD", base port 35963).</summary>
    private static string ReaderSlot(int port) => (port - VpcdCard.DefaultPort) switch
    {
        0 or 1 => $"reader slot {port - VpcdCard.DefaultPort}, \"Virtual PCD 00 0{port - VpcdCard.DefaultPort}\"",
        _ => "a reader slot of a vpcd configured with another base port",
    };

    /// <summary>host:port, the host possibly an IPv6 address in brackets.</summary>
    private static bool TryParseEndpoint(string text, out string host, out int port)
    {
        var colon = text.LastIndexOf(':');
        host = colon > 0 ? text[..colon].Trim('[', ']') : "";
        port = 0;
        return host.Length > 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is >= 1 and <= 65535;
    }
}
