using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using HealthCard.App.Security;
using HealthCard.Domain.Cards;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// The status check, the platform's hottest read (every card use by every terminal). It keeps a small pool of open
/// connections, each with the status statement already prepared, so that a check costs one index lookup rather than
/// a DbContext, a connection open and a statement compile: on SQLite that was the difference between about 32 µs and
/// a few µs per check (docs/performance.md). The SQL is portable between SQLite and PostgreSQL. Singleton.
/// </summary>
public sealed class CardStatusQuery(DatabaseSettings database, PersonalDataProtector protector) : IDisposable
{
    // Current (non-final) card first, then the newest: what the card number stands for now.
    private const string Sql = """
        SELECT c."Serial", c."Status" FROM "Cards" c JOIN "Residents" r ON r."Id" = c."ResidentId"
        WHERE r."IdNumberIndex" = @index
        ORDER BY CASE WHEN c."Status" IN ('replaced', 'cancelled') THEN 1 ELSE 0 END, c."IssueDate" DESC, c."Id" DESC
        LIMIT 1
        """;

    private readonly ConcurrentBag<PreparedStatement> _idle = [];
    private readonly int _maxIdle = Environment.ProcessorCount * 8;

    public async Task<CardStatusRow?> FindAsync(string cardNumber, CancellationToken cancellationToken)
    {
        var statement = _idle.TryTake(out var idle) ? idle : await PrepareAsync(cancellationToken);
        try
        {
            statement.Index.Value = protector.IdNumberIndex(cardNumber);
            CardStatusRow? row = null;
            await using (var reader = await statement.Command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    row = CardNames.TryParse<CardStatus>(reader.GetString(1), out var status)
                        ? new CardStatusRow(reader.GetString(0), status)
                        : throw new InvalidOperationException("Unknown card status in the database.");
                }
            }
            Return(statement);
            return row;
        }
        catch
        {
            // A statement that failed may hold a broken connection: never hand it out again.
            statement.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var statement))
        {
            statement.Dispose();
        }
    }

    private void Return(PreparedStatement statement)
    {
        if (_idle.Count < _maxIdle)
        {
            _idle.Add(statement);
        }
        else
        {
            statement.Dispose();
        }
    }

    private async Task<PreparedStatement> PrepareAsync(CancellationToken cancellationToken)
    {
        var connection = database.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            var command = connection.CreateCommand();
            command.CommandText = Sql;
            var index = command.CreateParameter();
            index.ParameterName = "@index";
            index.DbType = DbType.Binary;
            index.Value = new byte[32];
            command.Parameters.Add(index);
            await command.PrepareAsync(cancellationToken);
            return new PreparedStatement(connection, command, index);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed record PreparedStatement(DbConnection Connection, DbCommand Command, DbParameter Index) : IDisposable
    {
        public void Dispose()
        {
            Command.Dispose();
            Connection.Dispose();
        }
    }
}

/// <summary>What the status check reads.</summary>
public sealed record CardStatusRow(string Serial, CardStatus Status);
