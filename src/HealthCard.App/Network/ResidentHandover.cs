using System.Text.Json;
using System.Text.Json.Nodes;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;

namespace HealthCard.App.Network;

/// <summary>
/// Moving house (户籍迁移, issue 16 §6, ADR 026). A resident whose region leaves this node's region is handed to the
/// nearest node of the new region, with the revisions that make its history. The new node adopts the record as its own
/// and claims the identity at the national registry; this node then keeps a read-only copy owned by the new node and
/// tells its own parents so (a hand-over message, which only the current owner can send). The resident's cards stay
/// with the node that issued them: a card's region is where it was made (ADR 013), and its owner still runs its lifecycle.
/// </summary>
public sealed class ResidentHandover(NetworkNode node, OwnerRequests requests, TimeProvider clock)
{
    public const string AdoptOperation = "adopt";

    /// <summary>True when a change to <paramref name="newRegion"/> takes the resident out of this node's region.</summary>
    public bool IsMove(string newRegion) => node.Enabled && !NetworkRegion.Covers(node.Region!, newRegion);

    /// <summary>
    /// Hands the resident (already changed and saved in the open transaction) to the new region's node; on success marks the
    /// local row as that node's copy and queues the hand-over message. Returns the error when no node of the region adopts it.
    /// </summary>
    public async Task<Error?> HandOverAsync(HealthCardDb db, ResidentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(record);
        var key = NetworkOutboxInterceptor.KeyOf(record.Id);
        var snapshot = await RecordSnapshot.CaptureAsync(db, ReplicatedKinds.Resident, key, cancellationToken)
            ?? throw new InvalidOperationException("The resident being moved is not in the database.");
        string? adopter = null;
        foreach (var candidate in Candidates(record.RegionCode))
        {
            var reply = await requests.AskAsync(candidate, AdoptOperation, snapshot, cancellationToken);
            if (reply is null)
            {
                continue; // no node of that region answers: try the next tier up
            }
            var answer = JsonSerializer.Deserialize<OwnerReply>(reply, Common.ApiJson.Options)!;
            if (answer.ErrorCode is not null)
            {
                return new Conflict(answer.ErrorCode, new Message(answer.Zh ?? "", answer.En ?? ""));
            }
            adopter = candidate;
            break;
        }
        if (adopter is null)
        {
            return NetworkErrors.OwnerUnreachable(record.RegionCode[..2]);
        }
        using (NetworkOutboxInterceptor.ApplyingCopies())
        {
            db.Entry(record).Property(ReplicatedKinds.CopyOwner).CurrentValue = adopter;
            db.NetworkOutbox.Add(new OutboxMessage { Kind = ReplicatedKinds.Resident.Name, RecordKey = key, CreatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
        return null;
    }

    /// <summary>The new region's county, city and province, nearest first: the nearest that runs a node adopts the resident.</summary>
    private static IEnumerable<string> Candidates(string region)
    {
        for (var length = region.Length; length >= 2; length -= 2)
        {
            yield return region[..length];
        }
    }

    /// <summary>What travels with a hand-over: the snapshot, marked with the node that now owns it.</summary>
    internal static void MarkMoved(JsonObject snapshot, string newOwner) => snapshot["movedTo"] = newOwner;
}
