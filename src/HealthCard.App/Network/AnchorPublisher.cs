using System.Text.Json;
using HealthCard.App.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthCard.App.Network;

/// <summary>
/// Sends this node's audit-chain heads upward (issue 16 §9): every interval, each chain in the database whose head moved
/// gets an <c>audit-head</c> outbox row, which the relay delivers like any change. The parent keeps them as anchors,
/// so a tail rewritten or cut later no longer agrees with what the parent holds (ADR 005's gap).
/// </summary>
public sealed partial class AnchorPublisher(IServiceScopeFactory scopes, NetworkNode node, TimeProvider clock, ILogger<AnchorPublisher> logger) : BackgroundService
{
    private readonly Dictionary<string, long> _sent = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishHeadsAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogFailed(logger, e.Message);
            }
            await Task.Delay(node.Options.AnchorInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Queues the heads that moved since the last call; returns how many.</summary>
    public async Task<int> PublishHeadsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
        var chains = await db.AuditEntries.AsNoTracking().Select(a => a.Node).Distinct().ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var chain in chains)
        {
            var head = await db.AuditEntries.AsNoTracking().Where(a => a.Node == chain).OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Node, a.Sequence, a.Hash }).FirstAsync(cancellationToken);
            if (_sent.TryGetValue(head.Node, out var sent) && sent == head.Sequence)
            {
                continue;
            }
            db.NetworkOutbox.Add(new OutboxMessage
            {
                Kind = ReplicatedKinds.AuditHead,
                RecordKey = JsonSerializer.Serialize(new { kind = ReplicatedKinds.AuditHead, node = head.Node, sequence = head.Sequence, hash = Convert.ToBase64String(head.Hash) }),
                CreatedAt = clock.GetUtcNow(),
            });
            _sent[head.Node] = head.Sequence;
            queued++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The audit heads could not be queued ({Reason}); retried next interval.")]
    private static partial void LogFailed(ILogger logger, string reason);
}
