using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace HealthCard.Cli.Tests;

/// <summary>Runs the real <c>hcard</c> program against a fresh SQLite database and checks its output and exit codes.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hc-cli-").FullName;

    [Fact]
    public async Task ApiKeyCreate_PrintsTheKeyOnce_AndRefusesDuplicatesAndUnknownScopes()
    {
        var created = await RunAsync("apikey", "create", "--name", "his-01", "--region", "1301", "--scopes", "registry:read", "registry:write");

        created.ExitCode.ShouldBe(0, created.Error);
        created.Output.ShouldContain("region: 1301");
        created.Output.ShouldMatch(@"key:\s+hc_[A-Za-z0-9_-]{43}");

        var duplicate = await RunAsync("apikey", "create", "--name", "his-01", "--scopes", "registry:read");
        duplicate.ExitCode.ShouldBe(2);
        duplicate.Error.ShouldContain("apikey.duplicate");

        var unknown = await RunAsync("apikey", "create", "--name", "his-02", "--scopes", "everything");
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("Unknown scope 'everything'");
    }

    [Fact]
    public async Task AuditVerify_ExitsZeroWhenIntact_AndOneNamingTheAlteredEntry()
    {
        (await RunAsync("apikey", "create", "--name", "a", "--scopes", "registry:read")).ExitCode.ShouldBe(0);
        (await RunAsync("apikey", "create", "--name", "b", "--scopes", "registry:read")).ExitCode.ShouldBe(0);

        var intact = await RunAsync("audit", "verify");
        intact.ExitCode.ShouldBe(0, intact.Error);
        intact.Output.ShouldContain("valid: 2 entries verified");

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "healthcard.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"AuditEntries\" SET \"TargetId\" = 'c' WHERE \"Sequence\" = 2";
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var broken = await RunAsync("audit", "verify");
        broken.ExitCode.ShouldBe(1);
        broken.Output.ShouldContain("sequence 2");
        broken.Output.ShouldContain("altered");
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["HealthCard__Database__SqlitePath"] = Path.Combine(_folder, "healthcard.db");
        start.Environment["HealthCard__DataProtection__KeyFile"] = Path.Combine(_folder, "healthcard.keys");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The CLI built beside this test project (same configuration).</summary>
    private static string CliPath
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory); // tests/HealthCard.Cli.Tests/bin/<Configuration>/net10.0/
            var configuration = testOutput.Parent!.Name;
            var root = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            var path = Path.Combine(root, "src", "HealthCard.Cli", "bin", configuration, testOutput.Name, "hcard.dll");
            File.Exists(path).ShouldBeTrue($"hcard.dll not found at {path}");
            return path;
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
