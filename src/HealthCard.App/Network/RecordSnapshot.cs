using System.Text.Json;
using System.Text.Json.Nodes;
using HealthCard.App.Features.Usage;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HealthCard.App.Network;

/// <summary>
/// A record's whole current state as it travels (ADR 027): a snapshot, not a diff, so that applying is an idempotent
/// upsert ordered by the record's version, and a message delivered twice or late changes nothing. The properties are
/// taken from the EF model, so a column added later travels without code here. Append-only children (a card's events,
/// a resident's revisions) travel with their record and are appended by position.
/// </summary>
public static class RecordSnapshot
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    /// <summary>The snapshot of one record, or null when it no longer exists.</summary>
    public static async Task<JsonObject?> CaptureAsync(HealthCardDb db, ReplicatedKind kind, string recordKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(kind);
        var entityType = db.Model.FindEntityType(kind.Entity)!;
        var entity = await db.FindAsync(kind.Entity, KeyValues(entityType, recordKey), cancellationToken);
        if (entity is null)
        {
            return null;
        }
        var entry = db.Entry(entity);
        var snapshot = new JsonObject { ["kind"] = kind.Name, ["key"] = JsonNode.Parse(recordKey), ["values"] = Values(entry) };
        if (entry.Property(ReplicatedKinds.CopyOwner).CurrentValue is string newOwner)
        {
            // Only a hand-over queues a copy: the message tells this node's parents who owns the record now (ADR 026).
            ResidentHandover.MarkMoved(snapshot, newOwner);
        }
        var owned = new JsonObject();
        foreach (var navigation in entityType.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection))
        {
            owned[navigation.Name] = JsonSerializer.SerializeToNode(entry.Reference(navigation.Name).CurrentValue, navigation.ClrType, Json);
        }
        snapshot["owned"] = owned;
        if (entity is Card card)
        {
            var events = await db.CardEvents.AsNoTracking().Where(e => e.CardId == card.Id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
            snapshot["children"] = new JsonArray([.. events.Select(e => (JsonNode)Values(db.Entry(e)))]);
            // The directory every node keeps needs the blind index of the card number (the holder's document).
            var index = await db.Residents.Where(r => r.Id == card.ResidentId).Select(r => r.IdNumberIndex).FirstAsync(cancellationToken);
            snapshot["idNumberIndex"] = Convert.ToBase64String(index);
        }
        else if (entity is ResidentRecord resident)
        {
            var revisions = await db.ResidentRevisions.AsNoTracking().Where(r => r.ResidentId == resident.Id).OrderBy(r => r.Version).ToListAsync(cancellationToken);
            snapshot["children"] = new JsonArray([.. revisions.Select(r => (JsonNode)Values(db.Entry(r)))]);
        }
        return snapshot;
    }

    /// <summary>A batch of usage events (one outbox row per written batch), or null when none of them exists.</summary>
    public static async Task<JsonObject?> CaptureUsageAsync(HealthCardDb db, string recordKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = JsonSerializer.Deserialize<Guid[]>(recordKey) ?? [];
        var events = await db.Set<UsageEvent>().AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        return events.Count == 0 ? null : new JsonObject
        {
            ["kind"] = ReplicatedKinds.Usage.Name,
            ["key"] = JsonNode.Parse(recordKey),
            ["children"] = new JsonArray([.. events.Select(e => (JsonNode)Values(db.Entry(e)))]),
        };
    }

    /// <summary>The outcome of applying one snapshot at a parent.</summary>
    public enum Outcome { Applied, Stale, Refused }

    /// <summary>
    /// Applies a snapshot published by <paramref name="owner"/> as a read-only copy. Refused when the record's region is
    /// outside the owner's, or when this node holds the record and it is not a copy owned by that node (a node's own
    /// records are never overwritten from outside, ADR 026). The caller saves.
    /// </summary>
    public static async Task<(Outcome Outcome, string? Reason)> ApplyAsync(HealthCardDb db, string owner, JsonObject snapshot,
        CancellationToken cancellationToken, bool adopt = false, ApplyBatch? batch = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(snapshot);
        var kind = ReplicatedKinds.Named((string?)snapshot["kind"] ?? "") ?? throw new InvalidDataException("Unknown record kind.");
        if (kind == ReplicatedKinds.Usage)
        {
            return await ApplyUsageAsync(db, snapshot, cancellationToken);
        }
        var entityType = db.Model.FindEntityType(kind.Entity)!;
        var values = snapshot["values"]!.AsObject();
        var movedTo = (string?)snapshot["movedTo"];
        var region = kind.RegionProperty is { } property ? (string?)values[property] : null;
        // A record's region must be inside its owner's: the sender's, or for a hand-over the node it is handed to.
        if (region is not null && !NetworkRegion.Covers(movedTo ?? owner, region))
        {
            return (Outcome.Refused, $"node {owner} sent a {kind.Name} of region {region}, outside {movedTo ?? owner}");
        }
        var recordKey = snapshot["key"]!.ToJsonString();
        // A batch has loaded what exists already (tracked), and knows what does not: no query per record then.
        var existing = batch is not null && batch.Absent.Contains((kind.Name, recordKey))
            ? null
            : await db.FindAsync(kind.Entity, KeyValues(entityType, recordKey), cancellationToken);
        var newOwner = adopt ? null : movedTo ?? owner;
        EntityEntry entry;
        if (existing is not null)
        {
            entry = db.Entry(existing);
            var holder = entry.Property(ReplicatedKinds.CopyOwner).CurrentValue as string;
            // The owner may write its record and hand it over; a node whose region the record has moved into may take it
            // from an owner whose region it has left (moving house, ADR 026). Nobody else may.
            var mayWrite = holder == owner || (holder is not null && movedTo is null && region is not null && !NetworkRegion.Covers(holder, region));
            if (holder == newOwner && movedTo is not null)
            {
                return (Outcome.Stale, null); // the new owner's own message came first
            }
            if (!mayWrite && !adopt)
            {
                return (Outcome.Refused, $"node {owner} sent a {kind.Name} it does not own here ({recordKey})");
            }
            if (entityType.FindProperty("Version") is { } version
                && (int)entry.Property(version.Name).CurrentValue! >= values[version.Name]!.GetValue<int>()
                && holder == newOwner)
            {
                return (Outcome.Stale, null);
            }
        }
        else
        {
            entry = db.Entry(Activator.CreateInstance(kind.Entity, nonPublic: true)!);
        }
        SetValues(entry, values, includeKey: existing is null);
        foreach (var (name, value) in snapshot["owned"]?.AsObject() ?? [])
        {
            var navigation = entityType.FindNavigation(name)!;
            entry.Reference(name).CurrentValue = value?.Deserialize(navigation.ClrType, Json);
        }
        entry.Property(ReplicatedKinds.CopyOwner).CurrentValue = newOwner;
        if (existing is null)
        {
            entry.State = EntityState.Added;
        }
        await AppendChildrenAsync(db, entry.Entity, snapshot["children"]?.AsArray(), batch, cancellationToken);
        return (Outcome.Applied, null);
    }

    private static async Task AppendChildrenAsync(HealthCardDb db, object entity, JsonArray? children, ApplyBatch? batch, CancellationToken cancellationToken)
    {
        if (children is null)
        {
            return;
        }
        if (entity is Card card)
        {
            var have = batch?.CardEvents.GetValueOrDefault(card.Id) ?? await db.CardEvents.CountAsync(e => e.CardId == card.Id, cancellationToken);
            if (batch is not null)
            {
                batch.CardEvents[card.Id] = Math.Max(have, children.Count);
            }
            foreach (var child in children.Skip(have))
            {
                var childEntry = db.Entry(Activator.CreateInstance(typeof(CardEvent), nonPublic: true)!);
                SetValues(childEntry, child!.AsObject(), includeKey: false);
                childEntry.State = EntityState.Added;
            }
        }
        else if (entity is ResidentRecord resident)
        {
            var have = batch?.Revisions.GetValueOrDefault(resident.Id)
                ?? await db.ResidentRevisions.Where(r => r.ResidentId == resident.Id).Select(r => r.Version).ToListAsync(cancellationToken);
            if (batch is not null)
            {
                batch.Revisions[resident.Id] = [.. have.Union(children.Select(c => c!["Version"]!.GetValue<int>()))];
            }
            foreach (var child in children)
            {
                if (!have.Contains(child!["Version"]!.GetValue<int>()))
                {
                    var childEntry = db.Entry(new ResidentRevision());
                    SetValues(childEntry, child.AsObject(), includeKey: false);
                    childEntry.State = EntityState.Added;
                }
            }
        }
    }

    private static async Task<(Outcome, string?)> ApplyUsageAsync(HealthCardDb db, JsonObject snapshot, CancellationToken cancellationToken)
    {
        var events = snapshot["children"]!.AsArray().Select(e => e.Deserialize<UsageEvent>(Json)!).ToList();
        var ids = events.Select(e => e.Id).ToList();
        var have = await db.Set<UsageEvent>().Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(cancellationToken);
        var fresh = events.Where(e => !have.Contains(e.Id)).ToList();
        db.Set<UsageEvent>().AddRange(fresh);
        return (fresh.Count > 0 ? Outcome.Applied : Outcome.Stale, null);
    }

    /// <summary>
    /// Loads, for a batch of snapshots, every record that exists here already (one query per kind, tracked) and the
    /// children counts of cards and residents, so that applying the batch needs no query per record (catching up).
    /// </summary>
    public static async Task<ApplyBatch> PreloadAsync(HealthCardDb db, IEnumerable<JsonObject> snapshots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var batch = new ApplyBatch();
        foreach (var group in snapshots.Where(s => (string?)s["movedTo"] is null).GroupBy(s => ReplicatedKinds.Named((string?)s["kind"] ?? "")))
        {
            if (group.Key is not { } kind || kind == ReplicatedKinds.Usage)
            {
                continue;
            }
            var keyProperty = db.Model.FindEntityType(kind.Entity)!.FindPrimaryKey()!.Properties.Single();
            var keys = group.Select(s => s["key"]!.ToJsonString()).Distinct().ToList();
            var values = keys.Select(k => JsonNode.Parse(k)![0].Deserialize(keyProperty.ClrType, Json)).ToList();
            var loaded = await (Task<System.Collections.IList>)typeof(RecordSnapshot).GetMethod(nameof(LoadAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(kind.Entity, keyProperty.ClrType).Invoke(null, [db, keyProperty.Name, values, cancellationToken])!;
            var found = new HashSet<string>(loaded.Cast<object>().Select(e => NetworkOutboxInterceptor.KeyOf(db.Entry(e))));
            foreach (var key in keys.Where(k => !found.Contains(JsonSerializer.Serialize(JsonNode.Parse(k)!.AsArray().Select(v => v!.Deserialize(keyProperty.ClrType, Json)).ToArray()))))
            {
                batch.Absent.Add((kind.Name, key));
            }
            if (kind == ReplicatedKinds.Card)
            {
                var ids = values.Cast<Guid>().ToList();
                foreach (var row in await db.CardEvents.Where(e => ids.Contains(e.CardId)).GroupBy(e => e.CardId)
                    .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
                {
                    batch.CardEvents[row.Key] = row.Count;
                }
                foreach (var id in ids.Where(i => !batch.CardEvents.ContainsKey(i)))
                {
                    batch.CardEvents[id] = 0;
                }
            }
            else if (kind == ReplicatedKinds.Resident)
            {
                var ids = values.Cast<Guid>().ToList();
                var revisions = await db.ResidentRevisions.Where(r => ids.Contains(r.ResidentId)).Select(r => new { r.ResidentId, r.Version }).ToListAsync(cancellationToken);
                foreach (var id in ids)
                {
                    batch.Revisions[id] = [.. revisions.Where(r => r.ResidentId == id).Select(r => r.Version)];
                }
            }
        }
        return batch;
    }

    private static async Task<System.Collections.IList> LoadAsync<T, TKey>(HealthCardDb db, string keyName, List<object?> keys, CancellationToken cancellationToken)
        where T : class
    {
        var typed = keys.Cast<TKey>().ToList();
        return await db.Set<T>().Where(e => typed.Contains(EF.Property<TKey>(e, keyName))).ToListAsync(cancellationToken);
    }

    private static JsonObject Values(EntityEntry entry)
    {
        var values = new JsonObject();
        foreach (var property in entry.Metadata.GetProperties())
        {
            if (property.Name == ReplicatedKinds.CopyOwner)
            {
                continue;
            }
            values[property.Name] = JsonSerializer.SerializeToNode(entry.Property(property.Name).CurrentValue, property.ClrType, Json);
        }
        return values;
    }

    private static void SetValues(EntityEntry entry, JsonObject values, bool includeKey)
    {
        foreach (var property in entry.Metadata.GetProperties())
        {
            if (property.Name == ReplicatedKinds.CopyOwner || (property.IsPrimaryKey() && !includeKey) || !values.ContainsKey(property.Name))
            {
                continue;
            }
            if (property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never && property.ClrType == typeof(long))
            {
                continue; // a child's own row number: each node numbers its rows itself
            }
            entry.Property(property.Name).CurrentValue = values[property.Name]?.Deserialize(property.ClrType, Json);
        }
    }

    private static object?[] KeyValues(IEntityType entityType, string recordKey)
    {
        var key = entityType.FindPrimaryKey()!.Properties;
        var parts = JsonNode.Parse(recordKey)!.AsArray();
        return [.. key.Select((p, i) => parts[i]?.Deserialize(p.ClrType, Json))];
    }
}

/// <summary>What a batch apply knows up front: records absent here, and the children each card and resident has.</summary>
public sealed class ApplyBatch
{
    public HashSet<(string Kind, string Key)> Absent { get; } = [];
    public Dictionary<Guid, int> CardEvents { get; } = [];
    public Dictionary<Guid, List<int>> Revisions { get; } = [];
}
