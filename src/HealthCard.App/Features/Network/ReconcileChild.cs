using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Network;

/// <summary>One kind compared: counts and digests on both sides, and each record that differs (missing, extra or different).</summary>
public sealed record KindReconciliation(string Kind, long ChildCount, long ParentCount, string ChildDigest, string ParentDigest,
    IReadOnlyList<string> Missing, IReadOnlyList<string> Extra, IReadOnlyList<string> Different)
{
    public bool InSync => Missing.Count == 0 && Extra.Count == 0 && Different.Count == 0;
}

public sealed record ReconciliationReport(string Child, bool InSync, int Differences, IReadOnlyList<KindReconciliation> Kinds);

/// <summary>
/// <c>hcard network reconcile --child &lt;region&gt;</c>: per kind, the child's own records against this node's copies of them,
/// by count and digest, naming each record that differs. Zero differences when in sync.
/// </summary>
public sealed class ReconcileChild(HealthCardDb db, NetworkNode node, OwnerRequests requests)
{
    public async Task<Result<ReconciliationReport>> ExecuteAsync(Caller caller, string child, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.NetworkRead) is { } denied)
        {
            return denied;
        }
        if (!node.Enabled)
        {
            return NetworkErrors.NotConnected;
        }
        if (ResyncChild.ChildError(node, child) is { } invalid)
        {
            return invalid;
        }
        var kinds = new List<KindReconciliation>();
        foreach (var kind in ReplicatedKinds.Copied)
        {
            var reply = await requests.AskAsync(child, OwnerRequests.Reconcile, new ReconcileRequest(kind.Name), cancellationToken, TimeSpan.FromMinutes(2));
            if (reply is null)
            {
                return NetworkErrors.OwnerUnreachable(child);
            }
            var theirs = JsonSerializer.Deserialize<KindDigest>(reply, ApiJson.Options)!;
            var ours = await RecordDigests.OfAsync(db, kind, child, cancellationToken);
            kinds.Add(new KindReconciliation(kind.Name, theirs.Count, ours.Count, theirs.Digest, ours.Digest,
                [.. theirs.Records.Keys.Where(k => !ours.Records.ContainsKey(k))],
                [.. ours.Records.Keys.Where(k => !theirs.Records.ContainsKey(k))],
                [.. theirs.Records.Where(r => ours.Records.TryGetValue(r.Key, out var d) && d != r.Value).Select(r => r.Key)]));
        }
        var differences = kinds.Sum(k => k.Missing.Count + k.Extra.Count + k.Different.Count);
        return new ReconciliationReport(child, differences == 0, differences, kinds);
    }
}
