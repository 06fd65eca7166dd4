using HealthCard.App.Common;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace HealthCard.App.Features.Network;

/// <summary>One link as the status shows it: upward (this node's outbox) or a consumer (children, the directory, from above).</summary>
public sealed record NetworkLinkView(string Name, string Direction, long WaitingChanges, double LagSeconds, DateTimeOffset? LastDeliveredAt,
    DateTimeOffset? LastChangeAt, long Delivered, long Errors, string? LastError, double? PropagationP50Ms = null, double? PropagationP99Ms = null);

/// <summary>The node's place and every link's state, plus the children seen (by their audit anchors) and refused changes.</summary>
public sealed record NetworkStatusView(bool Enabled, string? Region, string? Nats, bool Connected, IReadOnlyList<NetworkLinkView> Links,
    IReadOnlyList<string> Children, long RefusedChanges, IReadOnlyList<string> RecentRefusals);

/// <summary>
/// <c>GET /api/v1/network/status</c>, <c>hcard network status</c> and the console's 网络与同步 page: lag in changes and in
/// seconds per link, the last delivered change, errors. The backlog is read where it is durable: the outbox in the
/// database and each consumer's pending count in JetStream.
/// </summary>
public sealed class GetNetworkStatus(HealthCardDb db, NetworkNode node, NetworkStatusBoard board, IServiceProvider services, TimeProvider clock)
{
    public async Task<Result<NetworkStatusView>> ExecuteAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.NetworkRead) is { } denied)
        {
            return denied;
        }
        var now = clock.GetUtcNow();
        var waiting = await db.NetworkOutbox.LongCountAsync(cancellationToken);
        var oldest = await db.NetworkOutbox.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var refused = await db.NetworkRefusals.LongCountAsync(cancellationToken);
        var recent = await db.NetworkRefusals.OrderByDescending(r => r.Id).Take(10).Select(r => r.Subject + ": " + r.Reason).ToListAsync(cancellationToken);
        var children = await db.AuditAnchors.Select(a => a.OwnerRegion).Distinct().OrderBy(r => r).ToListAsync(cancellationToken);
        if (!node.Enabled)
        {
            return new NetworkStatusView(false, null, null, false, [], children, refused, recent);
        }
        var links = new List<NetworkLinkView>
        {
            new("outbox", "up", waiting, oldest is null ? 0 : Math.Max(0, (now - oldest.Value).TotalSeconds), board.LastSentAt,
                board.LastSentChangeAt, board.SentCount, board.RelayError is null ? 0 : 1, board.RelayError),
        };
        var link = services.GetRequiredService<NetworkLink>();
        var connected = link.Connection.ConnectionState == NatsConnectionState.Open;
        foreach (var name in ConsumerNames(node.Region!, node.HasSubtree))
        {
            long pending = -1;
            if (connected)
            {
                try
                {
                    var consumer = await link.JetStream.GetConsumerAsync(NetworkSubjects.ChangeStream, name, cancellationToken);
                    pending = (long)consumer.Info.NumPending + consumer.Info.NumAckPending;
                }
                catch (NatsJSApiException)
                {
                    pending = -1; // not created yet
                }
            }
            board.Consumers.TryGetValue(name, out var activity);
            var propagation = board.Propagation(name);
            var lag = pending > 0 && activity?.LastChangeAt is { } last ? Math.Max(0, (now - last).TotalSeconds) : 0;
            links.Add(new NetworkLinkView(name, name.StartsWith("up-", StringComparison.Ordinal) ? "from children" : name.StartsWith("dir-", StringComparison.Ordinal) ? "card directory" : "from above",
                pending, lag, activity?.LastAppliedAt, activity?.LastChangeAt, activity?.Applied ?? 0, activity?.Errors ?? 0, activity?.Error,
                propagation?.P50, propagation?.P99));
        }
        return new NetworkStatusView(true, node.Region, node.Options.Nats, connected, links, children, refused, recent);
    }

    private static IEnumerable<string> ConsumerNames(string region, bool hasSubtree)
    {
        yield return "dir-" + region;
        if (hasSubtree)
        {
            yield return "up-" + region;
        }
        foreach (var ancestor in NetworkRegion.Ancestors(region))
        {
            yield return $"down-{region}-{ancestor}";
        }
    }
}
