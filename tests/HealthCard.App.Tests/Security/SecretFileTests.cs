using HealthCard.App.Security;

namespace HealthCard.App.Tests.Security;

/// <summary>
/// <see cref="SecretFile"/>, the one way a secret reaches the disk: owner-only from the first byte, whole or not at all,
/// and nothing left behind (issue 15, disagreement 7; the web host and the CLI are crossed in HealthCard.Cli.Tests).
/// </summary>
public sealed class SecretFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hc-secret-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Write_IsOwnerOnlyWhileBeingWritten_AndLeavesOnlyTheTarget()
    {
        var target = PathOf("secret.txt");
        UnixFileMode? duringWrite = null;
        await SecretFile.WriteAsync(target, async (stream, ct) =>
        {
            if (!OperatingSystem.IsWindows())
            {
                duringWrite = File.GetUnixFileMode(((FileStream)stream).Name); // the bytes' first home
            }
            File.Exists(target).ShouldBeFalse("the target appears only whole, by the rename");
            await stream.WriteAsync("s3cret"u8.ToArray(), ct);
        }, overwrite: false, TestContext.Current.CancellationToken);

        (await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken)).ShouldBe("s3cret");
        Directory.GetFiles(_folder).ShouldBe([target]);
        if (!OperatingSystem.IsWindows())
        {
            duringWrite.ShouldBe(SecretFile.OwnerOnly);
            File.GetUnixFileMode(target).ShouldBe(SecretFile.OwnerOnly);
        }
    }

    [Fact]
    public async Task Overwrite_ReplacesALooselyReadableFile_WithAnOwnerOnlyOne()
    {
        var target = PathOf("demo-api-key.txt");
        await File.WriteAllTextAsync(target, "old", TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, SecretFile.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        await SecretFile.WriteTextAsync(target, "new", overwrite: true, TestContext.Current.CancellationToken);

        (await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken)).ShouldBe("new");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(target).ShouldBe(SecretFile.OwnerOnly);
        }
    }

    [Fact]
    public async Task AFailedWrite_LeavesTheOldFileIntact_AndNoTemporaryFile()
    {
        var target = PathOf("healthcard.keys");
        await File.WriteAllTextAsync(target, "old", TestContext.Current.CancellationToken);

        Should.Throw<IOException>(() => SecretFile.Write(target, stream =>
        {
            stream.Write("half a sec"u8);
            throw new IOException("disk full");
        }, overwrite: true));

        (await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken)).ShouldBe("old");
        Directory.GetFiles(_folder).ShouldBe([target]);
    }

    [Fact]
    public async Task WithoutOverwrite_AnExistingFileIsKept_AndTheWriteRefused()
    {
        var target = PathOf("share-01.txt");
        await File.WriteAllTextAsync(target, "the custodian's share", TestContext.Current.CancellationToken);

        await Should.ThrowAsync<IOException>(() => SecretFile.WriteTextAsync(target, "another", overwrite: false, TestContext.Current.CancellationToken));

        (await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken)).ShouldBe("the custodian's share");
        Directory.GetFiles(_folder).ShouldBe([target]);
    }
}
