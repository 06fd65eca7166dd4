using System.Data.Common;
using System.Diagnostics;
using HealthCard.TestKit;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HealthCard.Cli.Tests;

/// <summary>
/// <c>hcard import residents</c> as a real process: killed in the middle of a large import and run again, the registry
/// ends up exactly as after one clean run (no row lost or doubled, same merges, rejections and source records); a file
/// missing required columns is refused as a whole; a cancelled import is not resumed.
/// </summary>
public sealed class ImportCommandTests : IAsyncDisposable
{
    private const int Rows = 30_000;
    private const int SeedRows = 2_000;
    private readonly string _root = Directory.CreateTempSubdirectory("hc-import-").FullName;
    private readonly List<string> _postgresDatabases = [];

    public static TheoryData<TestDatabase> Databases => new(TestDatabase.Sqlite, TestDatabase.Postgres);

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task KilledImport_RunAgain_EqualsOneCleanRun(TestDatabase database)
    {
        Assert.SkipWhen(database == TestDatabase.Postgres && TestDatabases.PostgresServer is null, $"needs {TestDatabases.Variable}");
        var big = Path.Combine(_root, "population.csv");
        var defects = PopulationFiles.WriteCsv(big, Rows, county: "130105", defectEvery: 97, seed: 11);
        // The first rows, imported beforehand with another tag: the big import merges into them.
        var seed = Path.Combine(_root, "seed.csv");
        PopulationFiles.WriteCsv(seed, SeedRows, county: "130105", seed: 11);
        string[] seedImport = ["import", "residents", seed, "--region", "130105", "--tag", "poverty", "--source", "户籍"];
        string[] bigImport = ["import", "residents", big, "--region", "130105", "--tag", "ncms", "--source", "新农合参合名单", "--chunk-size", "500"];

        var interrupted = await FolderAsync("interrupted", database);
        (await RunAsync(interrupted, seedImport)).ExitCode.ShouldBe(0);
        var clean = await FolderAsync("clean", database);
        // Both registries must share the data keys, so that their blind indexes can be compared.
        File.Copy(Path.Combine(interrupted.Folder, "healthcard.keys"), Path.Combine(clean.Folder, "healthcard.keys"));
        (await RunAsync(clean, seedImport)).ExitCode.ShouldBe(0);

        await KillMidwayAsync(interrupted, bigImport);
        var (lastLine, totalLines) = await CheckpointAsync(interrupted);
        lastLine.ShouldBeInRange(1, totalLines - 1, "the kill came after some chunks committed and before the end");
        var resumed = await RunAsync(interrupted, bigImport);
        resumed.ExitCode.ShouldBe(0, resumed.Error);
        resumed.Output.ShouldContain($"after line {lastLine} of {totalLines}");
        var once = await RunAsync(clean, bigImport);
        once.ExitCode.ShouldBe(0, once.Error);

        var expected = await SnapshotAsync(clean);
        var actual = await SnapshotAsync(interrupted);
        // The seed's rows at defect positions were valid there: the big file's defective copies cannot merge into them.
        var seedRowsMerged = SeedRows - Enumerable.Range(0, SeedRows).Count(i => i % 97 == 96);
        var accepted = Rows - defects - seedRowsMerged;
        expected.Jobs.ShouldContain($"population.csv completed {Rows + 1} accepted {accepted} merged {seedRowsMerged} rejected {defects} blank 0");
        expected.Residents.Count.ShouldBe(SeedRows + accepted);
        expected.Sources.Count.ShouldBe(SeedRows + accepted + seedRowsMerged);
        expected.Rejections.Count.ShouldBe(defects);
        actual.Jobs.ShouldBe(expected.Jobs);
        actual.Residents.ShouldBe(expected.Residents);
        actual.Sources.ShouldBe(expected.Sources);
        actual.Rejections.ShouldBe(expected.Rejections);

        // And once more: the completed job is found, nothing changes.
        var again = await RunAsync(interrupted, bigImport);
        again.Output.ShouldContain("nothing changed");
        (await SnapshotAsync(interrupted)).Residents.ShouldBe(expected.Residents);
    }

    [Fact]
    public async Task Import_MissingRequiredColumns_FailsWithANonZeroExit_NamingThem()
    {
        var folder = await FolderAsync("columns", TestDatabase.Sqlite);
        var file = Path.Combine(_root, "no-names.csv");
        await File.WriteAllTextAsync(file, $"身份证号,性别,民族,出生日期\n{IdNumbers.Next()},1,01,1980-01-01\n", TestContext.Current.CancellationToken);

        var result = await RunAsync(folder, "import", "residents", file, "--region", "130105");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("import.missing_columns");
        result.Error.ShouldContain("缺少必需的列：姓名");
        result.Error.ShouldContain("Missing required columns: name");
    }

    /// <summary>
    /// Issue 14, findings 4 and 12, as a user types the commands: <c>hcard import cancel</c> stops an interrupted import for
    /// good (running the import again does not resume it), and <c>hcard import rejections</c> writes an uploaded formula
    /// as text.
    /// </summary>
    [Fact]
    public async Task Cancel_StopsAnInterruptedImportForGood_AndTheRejectionReportWritesFormulasAsText()
    {
        var folder = await FolderAsync("cancel", TestDatabase.Sqlite);
        var file = Path.Combine(_root, "cancel.csv");
        using (var text = new StringWriter())
        {
            PopulationFiles.WriteCsv(text, rows: 6_000, county: "130105", seed: 13);
            var lines = text.ToString().Split('\n').ToList();
            lines.Insert(1, "=HYPERLINK(\"http://evil.example/\"),张伟,1,01,1990-01-01,13912345678,地址");
            await File.WriteAllTextAsync(file, string.Join('\n', lines), TestContext.Current.CancellationToken);
        }
        string[] import = ["import", "residents", file, "--region", "130105", "--chunk-size", "500"];
        await KillMidwayAsync(folder, import);
        var (lastLine, _) = await CheckpointAsync(folder, "cancel.csv");
        var id = await JobIdAsync(folder, "cancel.csv");

        var cancelled = await RunAsync(folder, "import", "cancel", id);

        cancelled.ExitCode.ShouldBe(0, cancelled.Error);
        cancelled.Output.ShouldContain($"job {id}: cancelled after line {lastLine}");
        var again = await RunAsync(folder, import);
        again.ExitCode.ShouldBe(1);
        again.Output.ShouldContain("nothing changed");
        again.Error.ShouldContain("import.cancelled");
        (await CheckpointAsync(folder, "cancel.csv")).LastLine.ShouldBe(lastLine, "a cancelled import is not resumed");
        var twice = await RunAsync(folder, "import", "cancel", id);
        twice.ExitCode.ShouldBe(2);
        twice.Error.ShouldContain("import.not_cancellable");

        var report = Path.Combine(_root, "rejections.csv");
        var rejections = await RunAsync(folder, "import", "rejections", id, "--out", report);
        rejections.ExitCode.ShouldBe(0, rejections.Error);
        var reportLines = await File.ReadAllLinesAsync(report, TestContext.Current.CancellationToken);
        reportLines.ShouldContain(l => l.StartsWith("2,resident.invalid,", StringComparison.Ordinal)
            && l.EndsWith(",\"'=HYPERLINK(\"\"http://evil.example/\"\"),张伟,1,01,1990-01-01,13912345678,地址\"", StringComparison.Ordinal));
    }

    private static async Task<string> JobIdAsync(Target target, string fileName)
    {
        await using var connection = Open(target);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT "Id" FROM "ImportJobs" WHERE "FileName" = '{fileName}'""";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!.ToLowerInvariant();
    }

    private sealed record Target(string Folder, TestDatabase Database, string? ConnectionString);

    private async Task<Target> FolderAsync(string name, TestDatabase database)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        if (database == TestDatabase.Sqlite)
        {
            return new Target(folder, database, null);
        }
        var dbName = "hc_cli_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(TestDatabases.PostgresServer))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{dbName}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        _postgresDatabases.Add(dbName);
        return new Target(folder, database, new NpgsqlConnectionStringBuilder(TestDatabases.PostgresServer) { Database = dbName }.ConnectionString);
    }

    private static ProcessStartInfo StartInfo(Target target, string[] arguments)
    {
        var start = Hcard.StartInfo(target.Folder, arguments);
        if (target.Database == TestDatabase.Postgres)
        {
            start.Environment["HealthCard__Database__Provider"] = "Postgres";
            start.Environment["ConnectionStrings__HealthCard"] = target.ConnectionString;
        }
        return start;
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(Target target, params string[] arguments) =>
        Hcard.RunAsync(StartInfo(target, arguments));

    /// <summary>Starts the import and kills the process once a few chunks have committed (each prints a progress line).</summary>
    private static async Task KillMidwayAsync(Target target, string[] arguments)
    {
        using var process = Process.Start(StartInfo(target, arguments))!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var progressLines = 0;
        var output = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            output.Add(line);
            if (line.StartsWith("progress:", StringComparison.Ordinal) && ++progressLines == 5)
            {
                process.Kill(entireProcessTree: true);
                break;
            }
        }
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        progressLines.ShouldBe(5, $"the import ended before it could be interrupted (exit {process.ExitCode}): {string.Join('\n', output)} {await error}");
    }

    private static async Task<(int LastLine, int TotalLines)> CheckpointAsync(Target target, string fileName = "population.csv")
    {
        await using var connection = Open(target);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT "LastLine", "TotalLines" FROM "ImportJobs" WHERE "FileName" = '{fileName}'""";
        await using var reader = await command.ExecuteReaderAsync();
        reader.Read().ShouldBeTrue();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    private sealed record Snapshot(List<string> Jobs, List<string> Residents, List<string> Sources, List<string> Rejections);

    /// <summary>The registry as comparable text: residents by blind index, name, birth date and tags; sources; rejections; jobs.</summary>
    private static async Task<Snapshot> SnapshotAsync(Target target)
    {
        await using var connection = Open(target);
        return new Snapshot(
            await QueryAsync(connection, """
                SELECT "FileName", "Status", "LastLine", "Accepted", "Merged", "Rejected", "BlankLines" FROM "ImportJobs"
                """, r => $"{r.GetString(0)} {r.GetString(1)} {r.GetInt32(2)} accepted {r.GetInt32(3)} merged {r.GetInt32(4)} rejected {r.GetInt32(5)} blank {r.GetInt32(6)}"),
            await QueryAsync(connection, """SELECT "IdNumberIndex", "Name", CAST("BirthDate" AS TEXT), "Tags", "Version" FROM "Residents" """,
                r => $"{Convert.ToHexString((byte[])r[0])} {r.GetString(1)} {r.GetString(2)} {r.GetInt32(3)} v{r.GetInt32(4)}"),
            await QueryAsync(connection, """
                SELECT r."IdNumberIndex", s."Line", s."Merged", s."Source", s."Tags", j."FileName"
                FROM "ResidentSources" s JOIN "Residents" r ON r."Id" = s."ResidentId" JOIN "ImportJobs" j ON j."Id" = s."JobId"
                """, r => $"{Convert.ToHexString((byte[])r[0])} {r.GetInt32(1)} {Convert.ToBoolean(r[2], null)} {r.GetString(3)} {r.GetInt32(4)} {r.GetString(5)}"),
            await QueryAsync(connection, """
                SELECT j."FileName", x."Line", x."Code", x."Reasons" FROM "ImportRejections" x JOIN "ImportJobs" j ON j."Id" = x."JobId"
                """, r => $"{r.GetString(0)} {r.GetInt32(1)} {r.GetString(2)} {r.GetString(3)}"));
    }

    private static async Task<List<string>> QueryAsync(DbConnection connection, string sql, Func<DbDataReader, string> row)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static DbConnection Open(Target target)
    {
        DbConnection connection = target.Database == TestDatabase.Postgres
            ? new NpgsqlConnection(target.ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(target.Folder, "healthcard.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_postgresDatabases.Count > 0)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestDatabases.PostgresServer);
            await connection.OpenAsync();
            foreach (var name in _postgresDatabases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
        Directory.Delete(_root, recursive: true);
    }
}
