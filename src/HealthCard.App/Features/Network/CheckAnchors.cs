using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Network;

/// <summary>One child chain checked against the newest anchor this node holds for it.</summary>
public sealed record AnchorCheck(string Child, string Node, long AnchoredSequence, string Outcome, long ChildLastSequence);

/// <summary>
/// The parent's anchor check (issue 16 §9): for each child chain, the newest anchored head must still be in the child's
/// chain with the same hash. A tail rewritten and re-hashed changes that hash (<c>rewritten</c>); a tail cut removes the
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
        var newest = await db.AuditAnchors.AsNoTracking()
            .GroupBy(a => new { a.OwnerRegion, a.Node })
            .Select(g => g.OrderByDescending(a => a.Sequence).First())
            .ToListAsync(cancellationToken);
        var checks = new List<AnchorCheck>();
        foreach (var anchor in newest.OrderBy(a => a.OwnerRegion).ThenBy(a => a.Node))
        {
            var reply = await requests.AskAsync(anchor.OwnerRegion, OwnerRequests.AuditEntry, new AuditEntryRequest(anchor.Node, anchor.Sequence), cancellationToken);
            if (reply is null)
            {
                checks.Add(new AnchorCheck(anchor.OwnerRegion, anchor.Node, anchor.Sequence, "unreachable", 0));
                continue;
            }
            var entry = JsonSerializer.Deserialize<AuditEntryReply>(reply, ApiJson.Options)!;
            var outcome = entry.Hash is null ? "cut"
                : System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Convert.FromHexString(entry.Hash), anchor.Hash) ? "intact"
                : "rewritten";
            checks.Add(new AnchorCheck(anchor.OwnerRegion, anchor.Node, anchor.Sequence, outcome, entry.LastSequence));
        }
        return checks;
    }
}
