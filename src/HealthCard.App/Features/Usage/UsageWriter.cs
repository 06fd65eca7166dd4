using System.Collections.Concurrent;
using System.Globalization;
using HealthCard.App.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace HealthCard.App.Features.Usage;

/// <summary>
/// Appends card-use events in one transaction per batch, skipping any already recorded (same source, client event id and
/// time), and returns how many were new. PostgreSQL takes the whole batch as arrays in one statement; SQLite runs one
/// prepared insert per event inside the transaction, on a kept writer session. Both are durable when this returns. Singleton.
/// </summary>
public sealed class UsageWriter(DatabaseSettings database, UsagePartitions partitions, App.Network.NetworkNode node) : IDisposable
{
    // In a network, each batch also queues one outbox row naming its events, in the same transaction (ADR 027).
    private const string OutboxInsert = """INSERT INTO "NetworkOutbox" ("Kind", "RecordKey", "CreatedAt") VALUES ('usage', @keys, @created)""";

    private readonly ConcurrentBag<SqliteSession> _sqliteSessions = [];

    private const string Columns = """
        "Id", "OccurredAt", "CardNumberIndex", "CardSerial", "InstitutionCode", "TerminalSerial", "SamSerial", "Kind", "ResultCode", "Source", "ClientEventId", "RecordedAt"
        """;

    public async Task<int> AppendAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return 0;
        }
        if (!database.IsPostgres)
        {
            return await AppendSqlite(events, node.Enabled);
        }
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return await AppendPostgresAsync(connection, events, cancellationToken);
    }

    private async Task<int> AppendPostgresAsync(NpgsqlConnection connection, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        await partitions.EnsureAsync(connection, events.Select(e => e.OccurredAt), cancellationToken);
        await using var transaction = node.Enabled ? await connection.BeginTransactionAsync(cancellationToken) : null;
        await using var command = new NpgsqlCommand($"""
            INSERT INTO "UsageEvents" ({Columns})
            SELECT * FROM unnest(@id, @at, @card, @serial, @institution, @terminal, @sam, @kind, @result, @source, @client, @recorded)
            ON CONFLICT DO NOTHING
            """, connection);
        command.Parameters.Add(Array("id", NpgsqlDbType.Uuid, events.Select(e => e.Id)));
        command.Parameters.Add(Array("at", NpgsqlDbType.TimestampTz, events.Select(e => e.OccurredAt.UtcDateTime)));
        command.Parameters.Add(Array("card", NpgsqlDbType.Bytea, events.Select(e => e.CardNumberIndex)));
        command.Parameters.Add(Array("serial", NpgsqlDbType.Varchar, events.Select(e => e.CardSerial)));
        command.Parameters.Add(Array("institution", NpgsqlDbType.Varchar, events.Select(e => e.InstitutionCode)));
        command.Parameters.Add(Array("terminal", NpgsqlDbType.Varchar, events.Select(e => e.TerminalSerial)));
        command.Parameters.Add(Array("sam", NpgsqlDbType.Varchar, events.Select(e => e.SamSerial)));
        command.Parameters.Add(Array("kind", NpgsqlDbType.Varchar, events.Select(e => e.Kind)));
        command.Parameters.Add(Array("result", NpgsqlDbType.Varchar, events.Select(e => e.ResultCode)));
        command.Parameters.Add(Array("source", NpgsqlDbType.Varchar, events.Select(e => e.Source)));
        command.Parameters.Add(Array("client", NpgsqlDbType.Varchar, events.Select(e => e.ClientEventId)));
        command.Parameters.Add(Array("recorded", NpgsqlDbType.TimestampTz, events.Select(e => e.RecordedAt.UtcDateTime)));
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (transaction is not null)
        {
            await using var outbox = new NpgsqlCommand(OutboxInsert, connection, transaction);
            outbox.Parameters.AddWithValue("keys", KeysOf(events));
            outbox.Parameters.AddWithValue("created", DateTime.UtcNow);
            await outbox.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return inserted;
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };

    /// <summary>
    /// SQLite: one prepared insert per event inside one transaction, on a writer session (an open connection with the
    /// pragmas applied and the insert prepared) kept between batches, because opening and preparing cost more than
    /// inserting a group of events. SQLite's API is synchronous; the async wrappers would only add overhead here.
    /// </summary>
    private static string KeysOf(IReadOnlyList<UsageEvent> events) => System.Text.Json.JsonSerializer.Serialize(events.Select(e => e.Id));

    private Task<int> AppendSqlite(IReadOnlyList<UsageEvent> events, bool queueForNetwork)
    {
        var session = _sqliteSessions.TryTake(out var idle) ? idle : SqliteSession.Open(database.ConnectionString);
        try
        {
            var inserted = session.Append(events, queueForNetwork ? KeysOf(events) : null);
            _sqliteSessions.Add(session);
            return Task.FromResult(inserted);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        while (_sqliteSessions.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    private sealed class SqliteSession : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter[] _values;

        private SqliteSession(SqliteConnection connection, SqliteCommand insert, SqliteParameter[] values)
        {
            _connection = connection;
            _insert = insert;
            _values = values;
        }

        public static SqliteSession Open(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                using (var pragmas = connection.CreateCommand())
                {
                    pragmas.CommandText = SqlitePragmas.Statement;
                    pragmas.ExecuteNonQuery();
                }
                var insert = connection.CreateCommand();
                insert.CommandText = $"""
                    INSERT INTO "UsageEvents" ({Columns})
                    VALUES (@id, @at, @card, @serial, @institution, @terminal, @sam, @kind, @result, @source, @client, @recorded)
                    ON CONFLICT DO NOTHING
                    """;
                SqliteParameter[] values =
                [
                    insert.Parameters.Add("@id", SqliteType.Text), insert.Parameters.Add("@at", SqliteType.Integer),
                    insert.Parameters.Add("@card", SqliteType.Blob), insert.Parameters.Add("@serial", SqliteType.Text),
                    insert.Parameters.Add("@institution", SqliteType.Text), insert.Parameters.Add("@terminal", SqliteType.Text),
                    insert.Parameters.Add("@sam", SqliteType.Text), insert.Parameters.Add("@kind", SqliteType.Text),
                    insert.Parameters.Add("@result", SqliteType.Text), insert.Parameters.Add("@source", SqliteType.Text),
                    insert.Parameters.Add("@client", SqliteType.Text), insert.Parameters.Add("@recorded", SqliteType.Integer),
                ];
                return new SqliteSession(connection, insert, values);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public int Append(IReadOnlyList<UsageEvent> events, string? outboxKeys)
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            var inserted = 0;
            foreach (var e in events)
            {
                // The same representations EF Core uses for this table: upper-case GUID text, UTC ticks (SqliteHealthCardDb).
                _values[0].Value = e.Id.ToString().ToUpperInvariant();
                _values[1].Value = e.OccurredAt.UtcTicks;
                _values[2].Value = e.CardNumberIndex;
                _values[3].Value = e.CardSerial;
                _values[4].Value = (object?)e.InstitutionCode ?? DBNull.Value;
                _values[5].Value = (object?)e.TerminalSerial ?? DBNull.Value;
                _values[6].Value = (object?)e.SamSerial ?? DBNull.Value;
                _values[7].Value = e.Kind;
                _values[8].Value = e.ResultCode;
                _values[9].Value = e.Source;
                _values[10].Value = (object?)e.ClientEventId ?? DBNull.Value;
                _values[11].Value = e.RecordedAt.UtcTicks;
                inserted += _insert.ExecuteNonQuery();
            }
            if (outboxKeys is not null)
            {
                using var outbox = _connection.CreateCommand();
                outbox.Transaction = transaction;
                outbox.CommandText = OutboxInsert;
                outbox.Parameters.AddWithValue("@keys", outboxKeys);
                outbox.Parameters.AddWithValue("@created", DateTimeOffset.UtcNow.UtcTicks);
                outbox.ExecuteNonQuery();
            }
            transaction.Commit();
            return inserted;
        }

        public void Dispose()
        {
            _insert.Dispose();
            _connection.Dispose();
        }
    }
}

/// <summary>
/// The monthly partitions of <c>UsageEvents</c> on PostgreSQL. Months follow China time, like the monthly reports; a
/// partition is created the first time an event of its month arrives. Singleton: it remembers the months that exist.
/// </summary>
public sealed class UsagePartitions
{
    private readonly HashSet<DateOnly> _known = [];
    private readonly Lock _gate = new();

    /// <summary>The partitioned parent table, created by the PostgreSQL migration instead of a plain table.</summary>
    public const string CreateParentSql = """
        CREATE TABLE "UsageEvents" (
            "Id" uuid NOT NULL,
            "OccurredAt" timestamp with time zone NOT NULL,
            "CardNumberIndex" bytea NOT NULL,
            "CardSerial" character varying(10) NOT NULL,
            "InstitutionCode" character varying(18) NULL,
            "TerminalSerial" character varying(32) NULL,
            "SamSerial" character varying(10) NULL,
            "Kind" character varying(20) NOT NULL,
            "ResultCode" character varying(4) NOT NULL,
            "Source" character varying(100) NOT NULL,
            "ClientEventId" character varying(64) NULL,
            "RecordedAt" timestamp with time zone NOT NULL,
            CONSTRAINT "PK_UsageEvents" PRIMARY KEY ("Id", "OccurredAt")
        ) PARTITION BY RANGE ("OccurredAt");
        CREATE UNIQUE INDEX "UX_UsageEvents_ClientEvent" ON "UsageEvents" ("Source", "ClientEventId", "OccurredAt");
        CREATE INDEX "IX_UsageEvents_CardNumberIndex_OccurredAt" ON "UsageEvents" ("CardNumberIndex", "OccurredAt");
        CREATE INDEX "IX_UsageEvents_InstitutionCode_OccurredAt" ON "UsageEvents" ("InstitutionCode", "OccurredAt");
        """;

    public async Task EnsureAsync(NpgsqlConnection connection, IEnumerable<DateTimeOffset> times, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        List<DateOnly> missing;
        lock (_gate)
        {
            missing = times.Select(MonthOf).Distinct().Where(m => !_known.Contains(m)).ToList();
        }
        foreach (var month in missing)
        {
            var from = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, Common.ChinaTime.Offset);
            var to = from.AddMonths(1);
            await using var command = new NpgsqlCommand($"""
                CREATE TABLE IF NOT EXISTS "UsageEvents_{month:yyyy_MM}" PARTITION OF "UsageEvents"
                FOR VALUES FROM ('{from.ToString("O", CultureInfo.InvariantCulture)}') TO ('{to.ToString("O", CultureInfo.InvariantCulture)}')
                """, connection);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
            {
                // Another node or request created it at the same moment.
            }
            lock (_gate)
            {
                _known.Add(month);
            }
        }
    }

    private static DateOnly MonthOf(DateTimeOffset at)
    {
        var local = at.ToOffset(Common.ChinaTime.Offset);
        return new DateOnly(local.Year, local.Month, 1);
    }
}
