using System.Text.Json;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HealthCard.App.Network;

/// <summary>
/// The one place where every committed change meets the network (ADR 026, 027). On each SaveChanges it
/// (1) refuses a change to a read-only copy, unless the network's own applier is writing it, and
/// (2) adds an <see cref="OutboxMessage"/> per replicated record changed, in the same SaveChanges and so in the same
/// transaction as the change. Use cases need not know the network exists. Singleton.
/// </summary>
public sealed class NetworkOutboxInterceptor(NetworkNode node, TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly AsyncLocal<bool> Applying = new();

    /// <summary>Marks the current flow as the network applier writing copies (see <see cref="ChangeApplier"/>).</summary>
    internal static IDisposable ApplyingCopies()
    {
        Applying.Value = true;
        return new Reset();
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Collect(DbContext? context)
    {
        if (context is not HealthCardDb db)
        {
            return;
        }
        var applying = Applying.Value;
        var changed = new SortedSet<(int Order, string Kind, string Key)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case CardEvent cardEvent:
                    changed.Add((ReplicatedKinds.Card.Order, ReplicatedKinds.Card.Name, KeyOf(cardEvent.CardId)));
                    continue;
                case ResidentRevision revision:
                    changed.Add((ReplicatedKinds.Resident.Order, ReplicatedKinds.Resident.Name, KeyOf(revision.ResidentId)));
                    continue;
            }
            if (ReplicatedKinds.OfEntity(entry.Metadata.ClrType) is not { } kind || kind == ReplicatedKinds.Usage)
            {
                continue;
            }
            if (!applying && entry.State != EntityState.Added && entry.Property(ReplicatedKinds.CopyOwner).OriginalValue is string owner)
            {
                throw new RecordOwnedElsewhereException(kind.Name, owner);
            }
            changed.Add((kind.Order, kind.Name, KeyOf(entry)));
        }
        // Copies never travel again: the owner's own message reaches every tier that wants it (ADR 027).
        if (applying || !node.Enabled || changed.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        foreach (var (_, kind, key) in changed)
        {
            db.NetworkOutbox.Add(new OutboxMessage { Kind = kind, RecordKey = key, CreatedAt = now });
        }
    }

    /// <summary>A record's key as the outbox and the messages write it: a JSON array of its key values.</summary>
    internal static string KeyOf(EntityEntry entry) =>
        JsonSerializer.Serialize(entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue).ToArray());

    internal static string KeyOf(Guid id) => JsonSerializer.Serialize(new object[] { id });

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Applying.Value = false;
    }
}
