using Npgsql;

namespace HealthCard.TestKit;

public enum TestDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the PostgreSQL tests run: <c>HEALTHCARD_TEST_POSTGRES</c> holds a connection string to a server on which the
/// tests may create and drop databases. <c>.ci/run</c> sets it; without it the PostgreSQL cases are reported as skipped.
/// </summary>
public static class TestDatabases
{
    public const string Variable = "HEALTHCARD_TEST_POSTGRES";

    public static string? PostgresServer => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    internal static async Task<string> CreatePostgresAsync(string name)
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{Variable} is not set.");
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    internal static async Task DropPostgresAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
