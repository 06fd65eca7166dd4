using System.Text.Encodings.Web;
using System.Text.Json;

namespace HealthCard.Web.Console.Shared;

/// <summary>Shows stored JSON details readably: Chinese as itself rather than \u escapes (the page encodes HTML anyway).</summary>
public static class JsonText
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? Readable(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return json;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            return Readable(document.RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    public static string Readable(JsonElement element) => JsonSerializer.Serialize(element, Options);
}
