using System.Text.Json;
using System.Text.Json.Nodes;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace HealthCard.App.Network;

/// <summary>
/// Receives what other nodes committed (ADR 027), through durable JetStream consumers that resume where they stopped:
/// <list type="bullet">
/// <item><c>up-&lt;region&gt;</c>: the node's whole subtree, applied as read-only copies (a parent holds its children's records);</item>
/// <item><c>dir-&lt;region&gt;</c>: every card in the country, into the card directory (status, checks and blacklist everywhere);</item>
/// <item><c>down-&lt;region&gt;-&lt;ancestor&gt;</c>: products and institutions decided above, as copies.</item>
/// </list>
/// The receiving rules live in one place, <see cref="RecordSnapshot.ApplyAsync"/>: a record outside the sender's region,
/// or one the sender does not own here, is refused, recorded and acknowledged, so a forgery never blocks the stream.
/// </summary>
public sealed partial class ChangeApplier(IServiceScopeFactory scopes, NetworkLink link, NetworkStatusBoard board, TimeProvider clock,
    ILogger<ChangeApplier> logger) : BackgroundService
{
    private static readonly string[] DownwardKinds = [ReplicatedKinds.Product.Name, ReplicatedKinds.Institution.Name];

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var node = link.Node;
        var region = node.Region!;
        var loops = new List<Task>
        {
            RunAsync("dir-" + region, NetworkSubjects.AllCards, ApplyDirectoryAsync, stoppingToken),
        };
        if (node.HasSubtree)
        {
            loops.Add(RunAsync("up-" + region, NetworkSubjects.Subtree(region), ApplyCopiesAsync, stoppingToken));
        }
        foreach (var ancestor in NetworkRegion.Ancestors(region))
        {
            loops.Add(RunAsync($"down-{region}-{ancestor}", NetworkSubjects.OwnChanges(ancestor),
                (messages, ct) => ApplyCopiesAsync([.. messages.Where(m => DownwardKinds.Contains(KindOf(m.Subject)))], messages, ct), stoppingToken));
        }
        return Task.WhenAll(loops);
    }

    private async Task RunAsync(string name, string filter, Func<IReadOnlyList<INatsJSMsg<byte[]>>, CancellationToken, Task> apply,
        CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await link.EnsureStreamAsync(stoppingToken);
                var consumer = await link.JetStream.CreateOrUpdateConsumerAsync(NetworkSubjects.ChangeStream, new ConsumerConfig(name)
                {
                    FilterSubject = filter,
                    AckPolicy = ConsumerConfigAckPolicy.Explicit,
                    AckWait = TimeSpan.FromSeconds(30),
                    MaxAckPending = 20_000,
                }, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever is waiting, at once, up to a batch; when nothing is, wait for the next change. So a change is
                    // applied as soon as it arrives, and a backlog (catching up after an outage) in large transactions.
                    var batch = new List<INatsJSMsg<byte[]>>();
                    await foreach (var message in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 1000 }, cancellationToken: stoppingToken))
                    {
                        batch.Add(message);
                    }
                    if (batch.Count == 0 && await consumer.NextAsync<byte[]>(opts: new NatsJSNextOpts { Expires = TimeSpan.FromSeconds(5) },
                        cancellationToken: stoppingToken) is { } next)
                    {
                        batch.Add(next);
                    }
                    if (batch.Count > 0)
                    {
                        await apply(batch, stoppingToken);
                        board.Applied(name, batch.Count, batch[^1].Metadata?.Timestamp);
                        var applied = clock.GetUtcNow().ToUnixTimeMilliseconds();
                        board.Propagated(name, batch.Select(m => m.Headers?.TryGetValue(OutboxRelay.CommittedHeader, out var at) == true
                            && long.TryParse(at.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var committed) ? applied - committed : -1)
                            .Where(ms => ms >= 0).Select(ms => (double)ms));
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NatsException or TimeoutException or DbUpdateException or InvalidOperationException or JsonException)
            {
                board.Failed(name, e.Message);
                LogFailed(logger, name, e.Message);
                await Task.Delay(500, stoppingToken);
            }
        }
    }

    private Task ApplyCopiesAsync(IReadOnlyList<INatsJSMsg<byte[]>> messages, CancellationToken cancellationToken) =>
        ApplyCopiesAsync([.. messages], messages, cancellationToken);

    /// <summary>
    /// Applies a batch of copies in one transaction; if that fails (a record whose parent has not arrived yet), one by
    /// one. Every message of <paramref name="acknowledgeAll"/> not applied here (skipped kinds, own changes) is acknowledged.
    /// </summary>
    private async Task ApplyCopiesAsync(List<INatsJSMsg<byte[]>> messages, IReadOnlyList<INatsJSMsg<byte[]>> acknowledgeAll,
        CancellationToken cancellationToken)
    {
        var own = link.Node.Region!;
        var foreign = messages.Where(m => OwnerOf(m.Subject) != own).ToList();
        if (!await TryApplyAsync(foreign, cancellationToken))
        {
            foreach (var message in foreign)
            {
                if (!await TryApplyAsync([message], cancellationToken))
                {
                    // Typically a card whose holder's record is still on its way: try again shortly, in stream order.
                    await message.NakAsync(new AckOpts { NakDelay = TimeSpan.FromSeconds(1) }, cancellationToken);
                    board.Failed("apply", $"{message.Subject} could not be applied yet; retried");
                    continue;
                }
                await message.AckAsync(cancellationToken: cancellationToken);
            }
            foreach (var message in acknowledgeAll.Except(foreign))
            {
                await message.AckAsync(cancellationToken: cancellationToken);
            }
            return;
        }
        foreach (var message in acknowledgeAll)
        {
            await message.AckAsync(cancellationToken: cancellationToken);
        }
    }

    private async Task<bool> TryApplyAsync(List<INatsJSMsg<byte[]>> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return true;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
        using var applying = NetworkOutboxInterceptor.ApplyingCopies();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The last message of each record in the batch carries its newest state (snapshots, not diffs): the earlier
            // ones are acknowledged with it. What exists here is loaded once for the batch, then saved once.
            var parsed = messages.Select(m => (Message: m, Snapshot: JsonNode.Parse(m.Data)!.AsObject())).ToList();
            var latest = parsed.GroupBy(p => (p.Message.Subject, Key: p.Snapshot["key"]?.ToJsonString() ?? p.Snapshot.ToJsonString()))
                .Select(g => g.Last()).ToList();
            var batch = await RecordSnapshot.PreloadAsync(db, latest.Where(p => KindOf(p.Message.Subject) != ReplicatedKinds.AuditHead).Select(p => p.Snapshot), cancellationToken);
            foreach (var (message, snapshot) in latest)
            {
                var owner = OwnerOf(message.Subject);
                if (KindOf(message.Subject) == ReplicatedKinds.AuditHead)
                {
                    await KeepAnchorAsync(db, owner, snapshot, cancellationToken);
                    continue;
                }
                var (outcome, reason) = await RecordSnapshot.ApplyAsync(db, owner, snapshot, cancellationToken, batch: batch);
                if (outcome == RecordSnapshot.Outcome.Refused)
                {
                    db.NetworkRefusals.Add(new NetworkRefusal { Subject = message.Subject, Reason = reason!, At = clock.GetUtcNow() });
                    LogRefused(logger, message.Subject, reason!);
                }
            }
            await db.SaveChangesAsync(cancellationToken); // the anchors kept last
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e)
        {
            LogApplyFailed(logger, messages.Count, e.InnerException?.Message ?? e.Message);
            return false;
        }
    }

    private async Task KeepAnchorAsync(HealthCardDb db, string owner, JsonObject head, CancellationToken cancellationToken)
    {
        var nodeName = (string)head["node"]!;
        var sequence = (long)head["sequence"]!;
        if (!await db.AuditAnchors.AnyAsync(a => a.OwnerRegion == owner && a.Node == nodeName && a.Sequence == sequence, cancellationToken))
        {
            db.AuditAnchors.Add(new AuditAnchor
            {
                OwnerRegion = owner, Node = nodeName, Sequence = sequence, Hash = Convert.FromBase64String((string)head["hash"]!), ReceivedAt = clock.GetUtcNow(),
            });
        }
    }

    /// <summary>The card directory: the newest version of each card in the country, refused when the sender is not its owner.</summary>
    private async Task ApplyDirectoryAsync(IReadOnlyList<INatsJSMsg<byte[]>> messages, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
        using var applying = NetworkOutboxInterceptor.ApplyingCopies();
        foreach (var message in messages)
        {
            var owner = OwnerOf(message.Subject);
            var snapshot = JsonNode.Parse(message.Data)!.AsObject();
            var values = snapshot["values"]!.AsObject();
            var cardId = values["Id"]!.GetValue<Guid>();
            var region = (string)values["RegionCode"]!;
            var version = values["Version"]!.GetValue<int>();
            var existing = await db.NetworkCards.FindAsync([cardId], cancellationToken);
            if (!NetworkRegion.Covers(owner, region) || (existing is not null && existing.OwnerRegion != owner))
            {
                db.NetworkRefusals.Add(new NetworkRefusal { Subject = message.Subject, Reason = $"node {owner} may not speak for card {cardId} of region {region}", At = clock.GetUtcNow() });
                continue;
            }
            if (existing is null)
            {
                existing = new NetworkCard { CardId = cardId, OwnerRegion = owner };
                db.NetworkCards.Add(existing);
            }
            else if (existing.Version >= version)
            {
                continue;
            }
            existing.IdNumberIndex = Convert.FromBase64String((string)snapshot["idNumberIndex"]!);
            existing.Serial = (string)values["Serial"]!;
            existing.Status = EnumNames.Of((CardStatus)values["Status"]!.GetValue<int>());
            existing.RegionCode = region;
            existing.IssueDate = values["IssueDate"]!.Deserialize<DateOnly>();
            existing.Version = version;
            existing.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var message in messages)
        {
            await message.AckAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary><c>hc.chg.card.13.1301</c> → <c>card</c>.</summary>
    internal static string KindOf(string subject) => subject.Split('.')[2];

    /// <summary><c>hc.chg.card.13.1301</c> → <c>1301</c>: the publisher, as NATS permissions guarantee (ADR 027).</summary>
    internal static string OwnerOf(string subject) => NetworkRegion.FromPath(subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Network consumer {Consumer} failed ({Reason}); resuming.")]
    private static partial void LogFailed(ILogger logger, string consumer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a change on {Subject}: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string subject, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "A batch of {Count} changes could not be applied together ({Reason}); applying one by one.")]
    private static partial void LogApplyFailed(ILogger logger, int count, string reason);
}
