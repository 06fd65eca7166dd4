using HealthCard.App.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthCard.App.Features.Statistics;

/// <summary>
/// Folds the counter rows that share a key into one, so that a statistics query reads one row per key however many
/// changes there were. Folding never changes a sum, so queries stay exact while it runs and whether or not it has run.
/// </summary>
public sealed class StatisticsCompactor(HealthCardDb db)
{
    private const string Key = """ "RegionCode", "Metric", "Status", "Month", "Mode", "Issuer", "Tags" """;

    /// <summary>Folds every counter row and returns how many rows remain.</summary>
    public async Task<int> CompactAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // One statement: exactly the rows it deletes are the rows it sums, even while triggers keep inserting.
            await db.Database.ExecuteSqlRawAsync($"""
                WITH folded AS (DELETE FROM "StatisticCounters" RETURNING {Key}, "Count")
                INSERT INTO "StatisticCounters" ({Key}, "Count")
                SELECT {Key}, sum("Count") FROM folded GROUP BY {Key} HAVING sum("Count") <> 0
                """, cancellationToken);
        }
        else
        {
            // SQLite has one writer at a time: inside a write transaction nothing else can insert between the two statements.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var last = await db.StatisticCounters.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
            await db.Database.ExecuteSqlRawAsync($$"""
                INSERT INTO "StatisticCounters" ({{Key}}, "Count")
                SELECT {{Key}}, sum("Count") FROM "StatisticCounters" WHERE "Id" <= {0} GROUP BY {{Key}} HAVING sum("Count") <> 0
                """, [last], cancellationToken);
            await db.StatisticCounters.Where(c => c.Id <= last).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return await db.StatisticCounters.CountAsync(cancellationToken);
    }
}

/// <summary>Compacts the counters every <see cref="Interval"/> while the host runs.</summary>
public sealed class StatisticsCompactionService(IServiceScopeFactory scopes, ILogger<StatisticsCompactionService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var remaining = await scope.ServiceProvider.GetRequiredService<StatisticsCompactor>().CompactAsync(stoppingToken);
                logger.LogDebug("Statistics counters compacted to {Rows} rows.", remaining);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed pass loses nothing (it is one transaction); the next tick tries again.
                logger.LogWarning(e, "Compacting the statistics counters failed.");
            }
        }
    }
}
