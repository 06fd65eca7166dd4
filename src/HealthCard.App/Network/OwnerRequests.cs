using System.Text.Json;
using System.Text.Json.Nodes;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace HealthCard.App.Network;

/// <summary>A card operation sent to the card's owner: the card number, the trigger and what the operator said.</summary>
public sealed record CardOperationRequest(string CardNumber, string Trigger, string? Reason, string? Operator, string? Unit, string Actor);

/// <summary>The owner's answer: the card's view on success, else the error's code, HTTP-neutral kind and messages.</summary>
public sealed record OwnerReply(JsonNode? Value, string? ErrorCode, string? ErrorKind, string? Zh, string? En);

/// <summary>
/// Asks the node that owns a record to act on it (ADR 026): a lifecycle operation accepted where the resident stands
/// takes effect at the owner, through the owner's own use case, and its answer comes back. Singleton.
/// </summary>
public sealed class OwnerRequests(NetworkNode node, IServiceProvider services)
{
    public const string CardOperation = "card";
    public const string AuditEntry = "audit";
    public const string Resync = "resync";
    public const string Reconcile = "reconcile";

    /// <summary>Sends a request and returns the reply's body, or null when the owner cannot be reached in time.</summary>
    public async Task<byte[]?> AskAsync(string owner, string operation, object request, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var link = services.GetRequiredService<NetworkLink>();
        try
        {
            var reply = await link.Connection.RequestAsync<byte[], byte[]>(NetworkSubjects.Request(owner, operation, node.Region!),
                JsonSerializer.SerializeToUtf8Bytes(request, ApiJson.Options),
                replyOpts: new NatsSubOpts { Timeout = timeout ?? node.Options.RequestTimeout }, cancellationToken: cancellationToken);
            return reply.Data;
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Runs a card operation at the card's owner and returns its answer as this node's result.</summary>
    public async Task<Result<CardView>> ChangeCardAtOwnerAsync(string owner, Caller caller, string cardNumber, CardTrigger trigger,
        CardOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(operation);
        var body = await AskAsync(owner, CardOperation, new CardOperationRequest(cardNumber, EnumNames.Of(trigger), operation.Reason,
            operation.Operator, operation.Unit, caller.Actor), cancellationToken);
        if (body is null)
        {
            return NetworkErrors.OwnerUnreachable(owner);
        }
        var reply = JsonSerializer.Deserialize<OwnerReply>(body, ApiJson.Options)!;
        if (reply.ErrorCode is null)
        {
            return reply.Value.Deserialize<CardView>(ApiJson.Options)!;
        }
        var message = new Message(reply.Zh ?? "", reply.En ?? "");
        return reply.ErrorKind switch
        {
            "not_found" => CardErrors.NotFound,
            "unavailable" => new Unavailable(reply.ErrorCode, message),
            "forbidden" => new Forbidden(reply.ErrorCode, message),
            _ => new Conflict(reply.ErrorCode, message),
        };
    }
}

/// <summary>Answers the requests addressed to this node (card operations for its cards, audit entries, resync, reconcile).</summary>
public sealed partial class OwnerRequestResponder(NetworkLink link, IServiceScopeFactory scopes, ILogger<OwnerRequestResponder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var region = link.Node.Region!;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var message in link.Connection.SubscribeAsync<byte[]>(NetworkSubjects.RequestsTo(region), queueGroup: "owner", cancellationToken: stoppingToken))
                {
                    var parts = message.Subject.Split('.');
                    var (operation, asker) = (parts[3], parts[^1]);
                    object reply;
                    try
                    {
                        reply = await AnswerAsync(operation, asker, message.Data ?? [], stoppingToken);
                    }
                    catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or DbUpdateException)
                    {
                        reply = new OwnerReply(null, "network.bad_request", "invalid", "请求无效", "The request is invalid: " + e.GetType().Name);
                    }
                    await message.ReplyAsync(JsonSerializer.SerializeToUtf8Bytes(reply, ApiJson.Options), cancellationToken: stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NatsException e)
            {
                LogFailed(logger, e.Message);
                await Task.Delay(500, stoppingToken);
            }
        }
    }

    private async Task<object> AnswerAsync(string operation, string asker, byte[] body, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        switch (operation)
        {
            case OwnerRequests.CardOperation:
            {
                var request = JsonSerializer.Deserialize<CardOperationRequest>(body, ApiJson.Options)!;
                if (!EnumNames.TryParse<CardTrigger>(request.Trigger, out var trigger))
                {
                    throw new ArgumentException("Unknown trigger.");
                }
                // The asking node speaks for its operator; the audit names both. The owner's own rules (transitions,
                // reasons, region scope) still decide.
                // A loss may be reported for any card; any other operation only within the asking node's own region.
                var reach = trigger == CardTrigger.ReportLoss || asker == NetworkRegion.National ? "" : asker;
                var caller = new Caller($"node:{asker}/{request.Actor}", reach, new HashSet<string> { Scope.RegistryWrite, Scope.RegistryRead }, Channel.Network);
                var result = await provider.GetRequiredService<ChangeCardStatus>().ExecuteAsync(caller, request.CardNumber, trigger,
                    new CardOperation(request.Reason, request.Operator, request.Unit), cancellationToken);
                return result.IsSuccess
                    ? new OwnerReply(JsonSerializer.SerializeToNode(result.Value, ApiJson.Options), null, null, null, null)
                    : new OwnerReply(null, result.Error!.Code, KindOf(result.Error), result.Error.Message.Zh, result.Error.Message.En);
            }
            case OwnerRequests.AuditEntry:
            {
                var request = JsonSerializer.Deserialize<AuditEntryRequest>(body, ApiJson.Options)!;
                var db = provider.GetRequiredService<HealthCardDb>();
                var wanted = request.Sequences.Take(10_000).ToList();
                var hashes = await db.AuditEntries.AsNoTracking().Where(a => a.Node == request.Node && wanted.Contains(a.Sequence))
                    .Select(a => new { a.Sequence, a.Hash }).ToListAsync(cancellationToken);
                var last = await db.AuditEntries.AsNoTracking().Where(a => a.Node == request.Node).MaxAsync(a => (long?)a.Sequence, cancellationToken);
                return new AuditEntryReply(hashes.ToDictionary(h => h.Sequence, h => Convert.ToHexString(h.Hash)), last ?? 0);
            }
            case ResidentHandover.AdoptOperation:
                return await AdoptAsync(provider, asker, JsonNode.Parse(body)!.AsObject(), cancellationToken);
            case OwnerRequests.Resync:
                return new { queued = await provider.GetRequiredService<Features.Network.ResyncOwnRecords>().QueueAllAsync(cancellationToken) };
            case OwnerRequests.Reconcile:
            {
                var request = JsonSerializer.Deserialize<ReconcileRequest>(body, ApiJson.Options)!;
                return await Features.Network.RecordDigests.OwnAsync(provider.GetRequiredService<HealthCardDb>(), request.Kind, cancellationToken);
            }
            default:
                throw new ArgumentException($"Unknown operation {operation}.");
        }
    }

    /// <summary>
    /// Takes a resident handed over by <paramref name="asker"/> (moving house): the identity's national claim moves to this
    /// node first, then the record and its history become this node's own and travel upward from here.
    /// </summary>
    private async Task<OwnerReply> AdoptAsync(IServiceProvider provider, string asker, JsonObject snapshot, CancellationToken cancellationToken)
    {
        var region = link.Node.Region!;
        var values = snapshot["values"]?.AsObject();
        if ((string?)snapshot["kind"] != ReplicatedKinds.Resident.Name || values is null || (string?)values["RegionCode"] is not { } moved
            || !NetworkRegion.Covers(region, moved))
        {
            return new OwnerReply(null, "network.not_owner", "conflict", "该居民的新地区不在本平台辖区", "The resident's new region is not this node's");
        }
        var index = Convert.FromBase64String((string)values["IdNumberIndex"]!);
        if (await provider.GetRequiredService<NationalRegistry>().TransferAsync(index, asker, values["Id"]!.GetValue<Guid>(), cancellationToken) is { } refused)
        {
            return new OwnerReply(null, refused.Code, KindOf(refused), refused.Message.Zh, refused.Message.En);
        }
        var db = provider.GetRequiredService<HealthCardDb>();
        using (NetworkOutboxInterceptor.ApplyingCopies())
        {
            var (outcome, reason) = await RecordSnapshot.ApplyAsync(db, region, snapshot, cancellationToken, adopt: true);
            if (outcome == RecordSnapshot.Outcome.Refused)
            {
                return new OwnerReply(null, "network.not_owner", "conflict", "迁入被拒绝", reason);
            }
            db.NetworkOutbox.Add(new OutboxMessage { Kind = ReplicatedKinds.Resident.Name, RecordKey = snapshot["key"]!.ToJsonString(), CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(cancellationToken);
        }
        return new OwnerReply(null, null, null, null, null);
    }

    private static string KindOf(Error error) => error switch
    {
        NotFound => "not_found",
        Unavailable => "unavailable",
        Forbidden => "forbidden",
        _ => "conflict",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The owner-request responder failed ({Reason}); restarting.")]
    private static partial void LogFailed(ILogger logger, string reason);
}

/// <summary>The entries of one chain a parent holds anchors for.</summary>
public sealed record AuditEntryRequest(string Node, IReadOnlyList<long> Sequences);

/// <summary>The child's hashes of those entries (an entry cut away is absent) and its chain's last sequence.</summary>
public sealed record AuditEntryReply(IReadOnlyDictionary<long, string> Hashes, long LastSequence);

public sealed record ReconcileRequest(string Kind);
