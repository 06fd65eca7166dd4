using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Network;

/// <summary>One child chain checked against the anchors held for it: the first anchor that disagrees, or the newest when all agree.</summary>
public sealed record AnchorCheck(string Child, string Node, long AnchoredSequence, string Outcome, long ChildLastSequence);

/// <summary>
/// The parent's anchor check (issue 16 §9): for each child chain, every anchored head must still be in the child's chain
/// with the same hash. A tail rewritten and re-hashed changes that hash (<c>rewritten</c>); a tail cut removes the
/// entry (<c>cut</c>); a child that does not answer is <c>unreachable</c>. Only <c>intact</c> is good.
/// </summary>
public sealed class CheckAnchors(HealthCardDb db, NetworkNode node, OwnerRequests requests)
{
    public async Task<Result<IReadOnlyList<AnchorCheck>>> ExecuteAsync(Caller caller, CancellationToken cancellationToken)
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
        var anchors = await db.AuditAnchors.AsNoTracking().ToListAsync(cancellationToken);
        var checks = new List<AnchorCheck>();
        foreach (var chain in anchors.GroupBy(a => (a.OwnerRegion, a.Node)).OrderBy(g => g.Key.OwnerRegion).ThenBy(g => g.Key.Node))
        {
            // Every anchor, not only the newest: anchors sent after a rewrite agree with it, the ones before it do not.
            var held = chain.OrderBy(a => a.Sequence).ToList();
            var reply = await requests.AskAsync(chain.Key.OwnerRegion, OwnerRequests.AuditEntry,
                new AuditEntryRequest(chain.Key.Node, [.. held.Select(a => a.Sequence)]), cancellationToken);
            if (reply is null)
            {
                checks.Add(new AnchorCheck(chain.Key.OwnerRegion, chain.Key.Node, held[^1].Sequence, "unreachable", 0));
                continue;
            }
            var entries = JsonSerializer.Deserialize<AuditEntryReply>(reply, ApiJson.Options)!;
            var broken = held.Select(anchor => (anchor, outcome: !entries.Hashes.TryGetValue(anchor.Sequence, out var hash) ? "cut"
                    : CryptographicOperations.FixedTimeEquals(Convert.FromHexString(hash), anchor.Hash) ? "intact" : "rewritten"))
                .FirstOrDefault(c => c.outcome != "intact");
            checks.Add(broken.anchor is { } first
                ? new AnchorCheck(chain.Key.OwnerRegion, chain.Key.Node, first.Sequence, broken.outcome, entries.LastSequence)
                : new AnchorCheck(chain.Key.OwnerRegion, chain.Key.Node, held[^1].Sequence, "intact", entries.LastSequence));
        }
        return checks;
    }
}
