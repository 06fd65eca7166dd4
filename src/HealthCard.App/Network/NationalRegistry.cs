using System.Text.Json;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace HealthCard.App.Network;

/// <summary>What a node asks the national registry: claim an identity for itself, or ask who holds it.</summary>
public sealed record ClaimRequest(string Op, string Index, string IdType, Guid ResidentId);

/// <summary>The national registry's answer: <c>won</c> (the claim is the asker's), <c>duplicate</c> or <c>unknown</c>, and the holder.</summary>
public sealed record ClaimReply(string Outcome, string? Owner);

/// <summary>
/// Nationwide uniqueness (查重, ADR 028). Registration and card issuance claim the identity, synchronously, at the national
/// node, where the primary key of <c>IdentityClaims</c> over the network-wide blind index lets exactly one node win.
/// On an island there is nothing to claim. Singleton.
/// </summary>
public sealed class NationalRegistry(NetworkNode node, IServiceScopeFactory scopes, IServiceProvider services, TimeProvider clock)
{
    public const string ClaimOp = "claim";
    public const string LookupOp = "lookup";

    /// <summary>Null when the identity is (now) this node's, else the refusal: held by another node, or national unreachable.</summary>
    public async Task<Error?> ClaimAsync(byte[] idNumberIndex, string idType, Guid residentId, CancellationToken cancellationToken)
    {
        if (!node.Enabled)
        {
            return null;
        }
        var reply = await AskAsync(new ClaimRequest(ClaimOp, Convert.ToBase64String(idNumberIndex), idType, residentId), cancellationToken);
        return reply switch
        {
            null => NetworkErrors.NationalUnreachable,
            { Outcome: "won" } => null,
            _ => NetworkErrors.DuplicateNational,
        };
    }

    /// <summary>The region of the node that holds an identity, or null when none does (or the network is off or unreachable).</summary>
    public async Task<string?> OwnerOfAsync(byte[] idNumberIndex, CancellationToken cancellationToken)
    {
        if (!node.Enabled)
        {
            return null;
        }
        var reply = await AskAsync(new ClaimRequest(LookupOp, Convert.ToBase64String(idNumberIndex), "", Guid.Empty), cancellationToken);
        return reply?.Owner;
    }

    private async Task<ClaimReply?> AskAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        if (node.IsNational)
        {
            return await DecideAsync(node.Region!, request, cancellationToken);
        }
        var link = services.GetRequiredService<NetworkLink>();
        try
        {
            var reply = await link.Connection.RequestAsync<byte[], byte[]>(NetworkSubjects.Claim(node.Region!),
                JsonSerializer.SerializeToUtf8Bytes(request),
                replyOpts: new NatsSubOpts { Timeout = node.Options.RequestTimeout }, cancellationToken: cancellationToken);
            return reply.Data is { } data ? JsonSerializer.Deserialize<ClaimReply>(data) : null;
        }
        catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null; // no responders, no reply in time, or no connection: national is unreachable
        }
    }

    /// <summary>The national node's decision, in its own database (called for its own requests and for every other node's).</summary>
    internal async Task<ClaimReply> DecideAsync(string requester, ClaimRequest request, CancellationToken cancellationToken)
    {
        var index = Convert.FromBase64String(request.Index);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
        if (request.Op == ClaimOp)
        {
            db.IdentityClaims.Add(new IdentityClaim
            {
                IdNumberIndex = index, IdType = request.IdType, OwnerRegion = requester, ResidentId = request.ResidentId, ClaimedAt = clock.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new ClaimReply("won", requester);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // the key is taken: by the asker itself (a retry, a re-issue) or by another node
            }
        }
        var holder = await db.IdentityClaims.AsNoTracking().Where(c => c.IdNumberIndex == index).Select(c => c.OwnerRegion).FirstOrDefaultAsync(cancellationToken);
        return holder is null ? new ClaimReply("unknown", null)
            : request.Op == LookupOp ? new ClaimReply("found", holder)
            : new ClaimReply(holder == requester ? "won" : "duplicate", holder);
    }
}

/// <summary>On the national node: answers every node's claims. The asker is the subject's last token, which NATS lets only that node send.</summary>
public sealed partial class NationalClaimsResponder(NetworkLink link, NationalRegistry registry, ILogger<NationalClaimsResponder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var message in link.Connection.SubscribeAsync<byte[]>(NetworkSubjects.AllClaims, queueGroup: "national", cancellationToken: stoppingToken))
                {
                    var requester = message.Subject[(message.Subject.LastIndexOf('.') + 1)..];
                    ClaimReply reply;
                    try
                    {
                        var request = JsonSerializer.Deserialize<ClaimRequest>(message.Data ?? [])!;
                        reply = await registry.DecideAsync(requester, request, stoppingToken);
                    }
                    catch (Exception e) when (e is JsonException or FormatException or ArgumentNullException or NullReferenceException)
                    {
                        reply = new ClaimReply("invalid", null);
                    }
                    await message.ReplyAsync(JsonSerializer.SerializeToUtf8Bytes(reply), cancellationToken: stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NatsException or DbUpdateException or InvalidOperationException)
            {
                LogFailed(logger, e.Message);
                await Task.Delay(500, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The national claims responder failed ({Reason}); restarting.")]
    private static partial void LogFailed(ILogger logger, string reason);
}
