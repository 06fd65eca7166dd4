using System.Text.Json;

namespace HealthCard.Chip.Virtual;

/// <summary>
/// The JSON files of the virtual chips and test key sets (card and SAM images, <c>keyset.json</c>, <c>issuer.json</c>): one
/// format, one reader and one writer. Writes go to a temporary file that then replaces the target, so a crash or a full
/// disk never leaves half an image (an image holds the chip's keys: losing it loses the card).
/// </summary>
internal static class ImageFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write<T>(string path, T value)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The same JSON as <see cref="Write"/>, as UTF-8 bytes (for images sealed by the key service, never on disk in clear).</summary>
    public static byte[] ToBytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    /// <summary>Reads <see cref="ToBytes"/>'s output; <see cref="FormatException"/> naming <paramref name="what"/> when it is not one.</summary>
    public static T FromBytes<T>(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new FormatException($"The {what} is empty.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The {what} is not valid: {e.Message}", e);
        }
    }

    /// <summary>Reads <paramref name="path"/> as <typeparamref name="T"/>; <see cref="FormatException"/> naming <paramref name="what"/> when it is not one.</summary>
    public static T Read<T>(string path, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new FormatException($"The {what} {path} is empty.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The {what} {path} is not valid: {e.Message}", e);
        }
    }
}
