using System.Text;

namespace HealthCard.App.Security;

/// <summary>
/// The one way a secret reaches the disk (data keys, the key file the audit chain key derives from, key shares and
/// components, demo keys and accounts): the content goes to a temporary file in the same directory, created readable and
/// writable by its owner only (0600) from the first byte, flushed to the disk, then renamed over the target. The target
/// therefore never exists with group or other permissions, never holds half a secret, and a failure leaves the old file
/// (or none) as it was and no temporary file behind (docs/adr/024-one-home-for-numbers-and-files.md).
/// </summary>
public static class SecretFile
{
    /// <summary>Owner read and write: the only mode a secret file has.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes <paramref name="write"/>'s output to <paramref name="path"/>. Without <paramref name="overwrite"/>, an
    /// existing file is kept and <see cref="IOException"/> thrown (the check and the rename are one step).
    /// </summary>
    public static void Write(string path, Action<Stream> write, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = CreateTemporary(path, out var stream);
        try
        {
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite);
        }
        finally
        {
            File.Delete(temporary); // nothing left when the rename happened; the partial secret when it did not
        }
    }

    /// <summary>The asynchronous form of <see cref="Write"/>.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = CreateTemporary(path, out var stream);
        try
        {
            await using (stream)
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte order mark).</summary>
    public static Task WriteTextAsync(string path, string text, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        return WriteAsync(path, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), overwrite, cancellationToken);
    }

    private static string CreateTemporary(string path, out FileStream stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        // Same directory, so the rename stays on one file system and is atomic; a leading dot keeps it out of plain listings.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        stream = new FileStream(temporary, options);
        return temporary;
    }
}
