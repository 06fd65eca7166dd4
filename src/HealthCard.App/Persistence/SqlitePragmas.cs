using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HealthCard.App.Persistence;

/// <summary>
/// Per-connection SQLite settings. WAL itself is persistent and set once by <see cref="DatabaseInitializer"/>.
/// <c>synchronous=NORMAL</c> in WAL mode cannot corrupt the database; a power cut can lose the last commits, which is
/// the embedded default's trade-off (ADR 001). <c>foreign_keys</c> is on so that SQLite enforces the model like PostgreSQL.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static SqlitePragmas Instance { get; } = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
