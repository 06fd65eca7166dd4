using HealthCard.App.Features.Usage;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Network;

/// <summary>
/// Queues every record this node owns into its outbox again, so that a parent can rebuild its copy (the child side of
/// <c>hcard network resync</c>). Idempotent: the parent applies by version, and unchanged snapshots are de-duplicated.
/// </summary>
public sealed class ResyncOwnRecords(HealthCardDb db, TimeProvider clock)
{
    public async Task<int> QueueAllAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var queued = 0;
        foreach (var kind in ReplicatedKinds.Copied)
        {
            foreach (var key in await OwnKeysAsync(db, kind, cancellationToken))
            {
                db.NetworkOutbox.Add(new OutboxMessage { Kind = kind.Name, RecordKey = key, CreatedAt = now });
                queued++;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        // Usage events in batches of 500 keys, as the writer queues them.
        var usage = await db.Set<UsageEvent>().AsNoTracking().OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(cancellationToken);
        foreach (var chunk in usage.Chunk(500))
        {
            db.NetworkOutbox.Add(new OutboxMessage { Kind = ReplicatedKinds.Usage.Name, RecordKey = System.Text.Json.JsonSerializer.Serialize(chunk), CreatedAt = now });
            queued++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }

    /// <summary>The keys (as the outbox writes them) of every record of <paramref name="kind"/> this node owns (no copy marker).</summary>
    internal static async Task<List<string>> OwnKeysAsync(HealthCardDb db, ReplicatedKind kind, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await RecordDigests.ForEachAsync(db, kind, owner: null, entry => keys.Add(NetworkOutboxInterceptor.KeyOf(entry)), cancellationToken);
        return keys;
    }
}
