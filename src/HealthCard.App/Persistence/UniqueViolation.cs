using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HealthCard.App.Persistence;

/// <summary>
/// Recognises which unique index a failed save broke. Uniqueness is always the database's job (never
/// check-then-insert), so this is how a use case turns a race into a clean 409.
/// </summary>
public static class UniqueViolation
{
    /// <summary>The database name of the violated unique index, or null when the failure was something else.</summary>
    public static string? IndexOf(DbUpdateException exception, DbContext db)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(db);
        switch (exception.InnerException)
        {
            case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg:
                return pg.ConstraintName;
            case SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } sqlite:
                // SQLite names columns, not the index: "UNIQUE constraint failed: Cards.ResidentId".
                return FindIndexByColumns(db, sqlite.Message);
            default:
                return null;
        }
    }

    private static string? FindIndexByColumns(DbContext db, string message)
    {
        const string Marker = "UNIQUE constraint failed: ";
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var columns = message[(at + Marker.Length)..].TrimEnd('.', '\'', ' ').Split(", ")
            .Select(c => c.Split('.')).Where(p => p.Length == 2).ToList();
        if (columns.Count == 0)
        {
            return null;
        }
        var table = columns[0][0];
        var names = columns.Select(c => c[1]).ToList();
        var entities = db.Model.GetEntityTypes().Where(e => e.GetTableName() == table).ToList();
        return entities.SelectMany(e => e.GetIndexes())
                .FirstOrDefault(i => i.IsUnique && i.Properties.Select(p => p.GetColumnName()).SequenceEqual(names))?.GetDatabaseName()
            // A primary key is not an index in the model, but SQLite reports its violation the same way (1555).
            ?? entities.Select(e => e.FindPrimaryKey())
                .FirstOrDefault(k => k is not null && k.Properties.Select(p => p.GetColumnName()).SequenceEqual(names))?.GetName();
    }
}
