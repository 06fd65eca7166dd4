using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace HealthCard.App.Features.Network;

/// <summary>One kind's side of a reconciliation: how many records, one digest over all, and each record's digest by key.</summary>
public sealed record KindDigest(string Kind, long Count, string Digest, IReadOnlyDictionary<string, string> Records);

/// <summary>
/// Digests of records as both sides of a link hold them: a child over the records it owns, a parent over its copies
/// owned by that child. Each record's digest covers the same values that travel (<see cref="RecordSnapshot"/>), so two
/// sides agree exactly when the copy is current.
/// </summary>
public static class RecordDigests
{
    /// <summary>The child's side: its own records of <paramref name="kindName"/>.</summary>
    public static async Task<KindDigest> OwnAsync(HealthCardDb db, string kindName, CancellationToken cancellationToken) =>
        await OfAsync(db, ReplicatedKinds.Named(kindName) ?? throw new ArgumentException($"Unknown kind {kindName}."), owner: null, cancellationToken);

    /// <summary>The parent's side: its copies of <paramref name="kind"/> owned by <paramref name="owner"/> (null: its own records).</summary>
    public static async Task<KindDigest> OfAsync(HealthCardDb db, ReplicatedKind kind, string? owner, CancellationToken cancellationToken)
    {
        var records = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await ForEachAsync(db, kind, owner, entry =>
        {
            var values = entry.Metadata.GetProperties().Where(p => p.Name != ReplicatedKinds.CopyOwner)
                .ToDictionary(p => p.Name, p => entry.Property(p.Name).CurrentValue);
            records[NetworkOutboxInterceptor.KeyOf(entry)] = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(values)), 0, 16);
        }, cancellationToken);
        var all = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(records)), 0, 16);
        return new KindDigest(kind.Name, records.Count, all, records);
    }

    /// <summary>Visits every record of a kind owned by <paramref name="owner"/> (null: this node's own), without tracking them.</summary>
    internal static Task ForEachAsync(HealthCardDb db, ReplicatedKind kind, string? owner, Action<EntityEntry> visit, CancellationToken cancellationToken) =>
        (Task)typeof(RecordDigests).GetMethod(nameof(ForEachOfAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(kind.Entity).Invoke(null, [db, owner, visit, cancellationToken])!;

    private static async Task ForEachOfAsync<T>(HealthCardDb db, string? owner, Action<EntityEntry> visit, CancellationToken cancellationToken)
        where T : class
    {
        var rows = db.Set<T>().AsNoTracking().Where(e => EF.Property<string?>(e, ReplicatedKinds.CopyOwner) == owner);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            visit(db.Entry(row));
        }
    }
}
