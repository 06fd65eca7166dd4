using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;

namespace HealthCard.App.Persistence;

/// <summary>
/// Open connections, each with one statement already prepared, for the platform's hottest reads (the status check and
/// the online check). A call then costs the lookups themselves rather than a DbContext, a connection open and a statement
/// compile: on SQLite about 32 µs became a few µs per check (docs/performance.md). The SQL must be portable between
/// SQLite and PostgreSQL. Singleton per statement.
/// </summary>
public sealed class PreparedStatementPool(DatabaseSettings database, string sql, params (string Name, DbType Type)[] parameters) : IDisposable
{
    private readonly ConcurrentBag<Prepared> _idle = [];
    private readonly int _maxIdle = Environment.ProcessorCount * 16;

    /// <summary>Binds the parameters (in declaration order), runs the statement and reads its rows with <paramref name="read"/>.</summary>
    public async Task<T> QueryAsync<T>(object?[] values, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(read);
        var statement = _idle.TryTake(out var idle) ? idle : await PrepareAsync(cancellationToken);
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                statement.Command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
            T result;
            await using (var reader = await statement.Command.ExecuteReaderAsync(cancellationToken))
            {
                result = read(reader);
            }
            Return(statement);
            return result;
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

    private void Return(Prepared statement)
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

    private async Task<Prepared> PrepareAsync(CancellationToken cancellationToken)
    {
        var connection = database.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, type) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.DbType = type;
                parameter.Value = type == DbType.Binary ? new byte[32] : "";
                command.Parameters.Add(parameter);
            }
            await command.PrepareAsync(cancellationToken);
            return new Prepared(connection, command);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed record Prepared(DbConnection Connection, DbCommand Command) : IDisposable
    {
        public void Dispose()
        {
            Command.Dispose();
            Connection.Dispose();
        }
    }
}
