using HealthCard.App;
using HealthCard.App.Persistence;
using HealthCard.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HealthCard.Network.Tests;

/// <summary>
/// The national tier's distribution script (deploy/citus/distribute.sql, ADR 029). Its first part reshapes keys in plain
/// PostgreSQL and runs in every CI run; its second part distributes the tables and runs against a real Citus coordinator
/// when <c>HEALTHCARD_TEST_CITUS</c> holds a connection string to a database with the citus extension (skipped otherwise:
/// Citus is not in Debian).
/// </summary>
public sealed class CitusDistributionTests
{
    public const string CitusVariable = "HEALTHCARD_TEST_CITUS";

    private static string Script => File.ReadAllText(Path.Combine(Repository.Root, "deploy", "citus", "distribute.sql"));

    [Fact]
    public async Task DistributionScript_OnPlainPostgres_ReshapesTheKeys_AndASecondRunChangesNothing()
    {
        Assert.SkipWhen(TestDatabases.PostgresServer is null, $"Needs {TestDatabases.Variable} (set by .ci/run).");
        await using var node = await HealthCardHost.StartAsync(TestDatabase.Postgres);
        await using var connection = new NpgsqlConnection(node.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await RunAsync(connection);
        var first = await SchemaAsync(connection);
        await RunAsync(connection);

        (await SchemaAsync(connection)).ShouldBe(first);
        first.ShouldContain("Cards:PK:ResidentId,Id");
        first.ShouldContain("CardSerials");
    }

    [Fact]
    public async Task DistributionScript_OnCitus_DistributesPersonsByTheirIdAndClaimsByTheBlindIndex()
    {
        var citus = Environment.GetEnvironmentVariable(CitusVariable);
        Assert.SkipWhen(string.IsNullOrEmpty(citus), $"Needs a Citus coordinator in {CitusVariable}; Citus is not installable on the CI machines.");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthCard:Database:Provider"] = "Postgres",
            ["ConnectionStrings:HealthCard"] = citus,
            ["HealthCard:DataProtection:KeyFile"] = Path.Combine(Path.GetTempPath(), $"citus-{Guid.NewGuid():N}.keys"),
        }).Build();
        await using (var services = new ServiceCollection().AddLogging().AddHealthCard(configuration).BuildServiceProvider())
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(TestContext.Current.CancellationToken);
        }
        await using var connection = new NpgsqlConnection(citus);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await RunAsync(connection);
        await using var tables = new NpgsqlCommand("SELECT logicalrelid::text, citus_table_type, distribution_column FROM citus_tables", connection);
        var distributed = new List<string>();
        await using (var reader = await tables.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                distributed.Add($"{reader.GetString(0).Trim('"')}:{reader.GetString(1)}:{reader.GetString(2)}");
            }
        }
        distributed.ShouldContain("Residents:distributed:Id");
        distributed.ShouldContain("IdentityClaims:distributed:IdNumberIndex");
        distributed.ShouldContain(t => t.StartsWith("Institutions:reference", StringComparison.Ordinal));
    }

    private static async Task RunAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(Script, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Every table's primary key columns and every table name, as one comparable text.</summary>
    private static async Task<string> SchemaAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            SELECT string_agg(t, ' ' ORDER BY t) FROM (
                SELECT c.relname || ':PK:' || string_agg(a.attname, ',' ORDER BY array_position(i.indkey::int[], a.attnum::int)) AS t
                FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
                WHERE i.indisprimary AND n.nspname = 'public' GROUP BY c.relname
                UNION ALL SELECT tablename FROM pg_tables WHERE schemaname = 'public') s
            """, connection);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
