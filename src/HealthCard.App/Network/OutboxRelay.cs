using System.Text.Json;
using System.Text.Json.Nodes;
using HealthCard.App.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace HealthCard.App.Network;

/// <summary>
/// Sends the outbox: in id order, each record's current snapshot to <c>hc.chg.&lt;kind&gt;.&lt;own path&gt;</c>, with a
/// <c>Nats-Msg-Id</c> so that JetStream drops a repeat; the row is deleted only after the stream acknowledged it. A
/// crash between the two sends the same snapshot again, which the stream or the receiver's version check absorbs.
/// While NATS is down rows accumulate and are sent when it is back (the status shows the lag).
/// </summary>
public sealed partial class OutboxRelay(IServiceScopeFactory scopes, NetworkLink link, NetworkStatusBoard board, ILogger<OutboxRelay> logger)
    : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await SendBatchAsync(stoppingToken);
                board.RelayOk();
                if (sent == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NatsException or TimeoutException or DbUpdateException or InvalidOperationException)
            {
                board.RelayFailed(e.Message);
                LogSendFailed(logger, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
            }
        }
    }

    /// <summary>Sends one batch and returns how many outbox rows it cleared.</summary>
    public async Task<int> SendBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
        var batch = await db.NetworkOutbox.AsNoTracking().OrderBy(m => m.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }
        await link.EnsureStreamAsync(cancellationToken);
        var region = link.Node.Region!;
        // One snapshot per record per batch: the latest state covers every earlier row of the same record.
        var publishes = new List<Task>();
        foreach (var group in batch.GroupBy(m => (m.Kind, m.RecordKey)))
        {
            var snapshot = group.Key.Kind == ReplicatedKinds.Usage.Name
                ? await RecordSnapshot.CaptureUsageAsync(db, group.Key.RecordKey, cancellationToken)
                : ReplicatedKinds.Named(group.Key.Kind) is { } kind
                    ? await RecordSnapshot.CaptureAsync(db, kind, group.Key.RecordKey, cancellationToken)
                    : group.Key.Kind == ReplicatedKinds.AuditHead ? JsonNode.Parse(group.Key.RecordKey)!.AsObject() : null;
            db.ChangeTracker.Clear();
            if (snapshot is null)
            {
                continue;
            }
            publishes.Add(PublishAsync(NetworkSubjects.Change(group.Key.Kind, region), snapshot, group.Max(m => m.Id), group.Min(m => m.CreatedAt), cancellationToken));
        }
        // Acknowledgements are awaited together: the stream takes the batch pipelined, not one round trip per record.
        await Task.WhenAll(publishes);
        var sent = batch.Select(m => m.Id).ToList();
        await db.NetworkOutbox.Where(m => sent.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
        board.Sent(batch.Count, batch[^1].CreatedAt);
        return batch.Count;
    }

    private async Task PublishAsync(string subject, JsonObject snapshot, long outboxId, DateTimeOffset committedAt, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(snapshot);
        // The message id is the outbox row's: a relay that crashed after publishing and before deleting sends the same
        // id again, which the stream drops; a resync queues new rows, so its messages get through.
        var id = $"{subject}:{outboxId}";
        // When the change was committed here: receivers measure propagation from it (commit to apply, in the status).
        var headers = new NatsHeaders { [CommittedHeader] = committedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var ack = await link.JetStream.PublishAsync(subject, body, opts: new NatsJSPubOpts { MsgId = id }, headers: headers, cancellationToken: cancellationToken);
        // A duplicate (the same snapshot sent again after a crash) is acknowledged by the stream and is fine.
        if (ack.Error is { } error)
        {
            throw new NatsJSApiException(error);
        }
    }

    /// <summary>The header that carries a change's commit time (milliseconds since 1970, UTC).</summary>
    public const string CommittedHeader = "Hc-Committed";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The network outbox could not be sent ({Reason}); it is kept and retried.")]
    private static partial void LogSendFailed(ILogger logger, string reason);
}
