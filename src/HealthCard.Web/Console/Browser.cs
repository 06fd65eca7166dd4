using Microsoft.JSInterop;

namespace HealthCard.Web.Console;

/// <summary>What a page asks of the browser: saving a file the server made, and printing (wwwroot/js/console.js).</summary>
public static class Browser
{
    public static async Task DownloadAsync(this IJSRuntime js, string fileName, string contentType, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(js);
        using var stream = new MemoryStream(content);
        using var reference = new DotNetStreamReference(stream);
        await js.InvokeVoidAsync("healthCard.download", fileName, contentType, reference);
    }

    public static ValueTask PrintAsync(this IJSRuntime js) => js.InvokeVoidAsync("healthCard.print");
}
