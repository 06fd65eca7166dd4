using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HealthCard.App.Persistence;

/// <summary>
/// Per-connection SQLite settings, applied once per physical connection (pooled connections keep them, and running
/// them on every logical open cost a third of the status check's throughput). WAL itself is persistent and set once by
/// <see cref="DatabaseInitializer"/>. <c>synchronous=NORMAL</c> in WAL mode cannot corrupt the database; a power cut
/// can lose the last commits, which is the embedded default's trade-off (ADR 001). <c>foreign_keys</c> is on so that
/// SQLite enforces the model like PostgreSQL does.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static SqlitePragmas Instance { get; } = new();

    /// <summary>The settings, for raw connections that bypass EF Core (the usage writer).</summary>
    public const string Statement = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA mmap_size=268435456;";

    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstUse(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Statement;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (FirstUse(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>True the first time this physical connection (its native handle) is seen.</summary>
    private bool FirstUse(DbConnection connection)
    {
        var handle = ((SqliteConnection)connection).Handle ?? throw new InvalidOperationException("An open SQLite connection has no handle.");
        return _configured.TryAdd(handle, handle);
    }
}
