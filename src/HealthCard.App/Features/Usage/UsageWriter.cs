using System.Data;
using System.Data.Common;
using System.Globalization;
using HealthCard.App.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace HealthCard.App.Features.Usage;

/// <summary>
/// Appends card-use events in one transaction per batch, skipping any already recorded (same source, client event id and
/// time), and returns how many were new. PostgreSQL takes the whole batch as arrays in one statement; SQLite runs one
/// prepared insert per event inside the transaction. Both are durable when this returns. Singleton.
/// </summary>
public sealed class UsageWriter(DatabaseSettings database, UsagePartitions partitions)
{
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
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return database.IsPostgres
            ? await AppendPostgresAsync((NpgsqlConnection)connection, events, cancellationToken)
            : await AppendSqliteAsync((SqliteConnection)connection, events, cancellationToken);
    }

    private async Task<int> AppendPostgresAsync(NpgsqlConnection connection, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        await partitions.EnsureAsync(connection, events.Select(e => e.OccurredAt), cancellationToken);
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
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };

    private static async Task<int> AppendSqliteAsync(SqliteConnection connection, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        await using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = SqlitePragmas.Statement;
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO "UsageEvents" ({Columns})
            VALUES (@id, @at, @card, @serial, @institution, @terminal, @sam, @kind, @result, @source, @client, @recorded)
            ON CONFLICT DO NOTHING
            """;
        var id = command.Parameters.Add("@id", SqliteType.Text);
        var at = command.Parameters.Add("@at", SqliteType.Integer);
        var card = command.Parameters.Add("@card", SqliteType.Blob);
        var serial = command.Parameters.Add("@serial", SqliteType.Text);
        var institution = command.Parameters.Add("@institution", SqliteType.Text);
        var terminal = command.Parameters.Add("@terminal", SqliteType.Text);
        var sam = command.Parameters.Add("@sam", SqliteType.Text);
        var kind = command.Parameters.Add("@kind", SqliteType.Text);
        var result = command.Parameters.Add("@result", SqliteType.Text);
        var source = command.Parameters.Add("@source", SqliteType.Text);
        var client = command.Parameters.Add("@client", SqliteType.Text);
        var recorded = command.Parameters.Add("@recorded", SqliteType.Integer);
        var inserted = 0;
        foreach (var e in events)
        {
            // The same representations EF Core uses for this table: upper-case GUID text, UTC ticks (SqliteHealthCardDb).
            id.Value = e.Id.ToString().ToUpperInvariant();
            at.Value = e.OccurredAt.UtcTicks;
            card.Value = e.CardNumberIndex;
            serial.Value = e.CardSerial;
            institution.Value = (object?)e.InstitutionCode ?? DBNull.Value;
            terminal.Value = (object?)e.TerminalSerial ?? DBNull.Value;
            sam.Value = (object?)e.SamSerial ?? DBNull.Value;
            kind.Value = e.Kind;
            result.Value = e.ResultCode;
            source.Value = e.Source;
            client.Value = (object?)e.ClientEventId ?? DBNull.Value;
            recorded.Value = e.RecordedAt.UtcTicks;
            inserted += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return inserted;
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
