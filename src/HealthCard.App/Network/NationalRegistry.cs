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
public sealed record ClaimRequest(string Op, string Index, string IdType, Guid ResidentId, string? From = null, IReadOnlyList<ClaimItem>? Items = null,
    string? Province = null);

/// <summary>One identity of a batch claim (an import chunk).</summary>
public sealed record ClaimItem(string Index, string IdType, Guid ResidentId);

/// <summary>The national registry's answer: <c>won</c> (the claim is the asker's), <c>duplicate</c> or <c>unknown</c>, and the holder.</summary>
public sealed record ClaimReply(string Outcome, string? Owner, IReadOnlyList<string>? Lost = null, long First = 0, long Last = 0);

/// <summary>National could not be reached where a write needs it (a serial block): the write is refused as a whole.</summary>
public sealed class NationalUnreachableException() : InvalidOperationException("The national registry cannot be reached.");

/// <summary>
/// Nationwide uniqueness (查重, ADR 028). Registration and card issuance claim the identity, synchronously, at the national
/// node, where the primary key of <c>IdentityClaims</c> over the network-wide blind index lets exactly one node win.
/// On an island there is nothing to claim. Singleton.
/// </summary>
public sealed class NationalRegistry(NetworkNode node, IServiceScopeFactory scopes, IServiceProvider services, TimeProvider clock)
{
    public const string ClaimOp = "claim";
    public const string LookupOp = "lookup";
    public const string TransferOp = "transfer";
    public const string ClaimManyOp = "claim-many";
    public const string SerialBlockOp = "serial-block";

    /// <summary>How many card serials a node takes from the national counter at a time.</summary>
    public const int SerialBlockSize = 10_000;

    /// <summary>How many identities one batch-claim message carries.</summary>
    public const int ClaimBatchSize = 2_000;

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

    /// <summary>
    /// Claims a batch of identities at once (an import chunk): returns the blind indexes (base64) held by other nodes, or
    /// null when the national registry cannot be reached. On an island nothing is claimed and nothing is lost.
    /// </summary>
    public async Task<IReadOnlySet<string>?> ClaimManyAsync(IReadOnlyList<ClaimItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (!node.Enabled || items.Count == 0)
        {
            return new HashSet<string>();
        }
        // In parts that stay well under NATS's 1 MiB message limit (about 100 bytes an identity).
        var lost = new HashSet<string>();
        foreach (var part in items.Chunk(ClaimBatchSize))
        {
            var reply = await AskAsync(new ClaimRequest(ClaimManyOp, "", "", Guid.Empty, Items: part), cancellationToken);
            if (reply?.Lost is not { } held)
            {
                return null;
            }
            lost.UnionWith(held);
        }
        return lost;
    }

    /// <summary>The next block of serial sequences of <paramref name="province"/> for this node, or null when national is unreachable.</summary>
    public async Task<(long First, long Last)?> SerialBlockAsync(string province, CancellationToken cancellationToken)
    {
        var reply = await AskAsync(new ClaimRequest(SerialBlockOp, "", "", Guid.Empty, Province: province), cancellationToken);
        return reply is { Outcome: "block" } ? (reply.First, reply.Last) : null;
    }

    /// <summary>
    /// Moves an identity's claim from <paramref name="from"/> to this node (moving house). Null when done; refused when
    /// another node holds it, or national unreachable.
    /// </summary>
    public async Task<Error?> TransferAsync(byte[] idNumberIndex, string from, Guid residentId, CancellationToken cancellationToken)
    {
        var reply = await AskAsync(new ClaimRequest(TransferOp, Convert.ToBase64String(idNumberIndex), "", residentId, from), cancellationToken);
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

    /// <summary>
    /// A batch claim in one statement on PostgreSQL (insert what is free, then read who holds the rest); one row at a time
    /// on SQLite. Returns the indexes held by another node.
    /// </summary>
    private async Task<List<string>> ClaimManyLocallyAsync(HealthCardDb db, string requester, IReadOnlyList<ClaimItem> items, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var indexes = items.Select(i => Convert.FromBase64String(i.Index)).ToArray();
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "IdentityClaims" ("IdNumberIndex", "IdType", "OwnerRegion", "ResidentId", "ClaimedAt")
                SELECT i, t, {0}, r, {1} FROM unnest({2}::bytea[], {3}::varchar[], {4}::uuid[]) AS x(i, t, r)
                ON CONFLICT DO NOTHING
                """, [requester, now, indexes, items.Select(i => i.IdType).ToArray(), items.Select(i => i.ResidentId).ToArray()], cancellationToken);
        }
        else
        {
            foreach (var (item, index) in items.Zip(indexes))
            {
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "IdentityClaims" ("IdNumberIndex", "IdType", "OwnerRegion", "ResidentId", "ClaimedAt") VALUES ({0}, {1}, {2}, {3}, {4})
                    ON CONFLICT DO NOTHING
                    """, [index, item.IdType, requester, item.ResidentId, now.UtcTicks], cancellationToken);
            }
        }
        var held = await db.IdentityClaims.AsNoTracking().Where(c => indexes.Contains(c.IdNumberIndex) && c.OwnerRegion != requester)
            .Select(c => c.IdNumberIndex).ToListAsync(cancellationToken);
        return [.. held.Select(Convert.ToBase64String)];
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
        if (request.Op == SerialBlockOp && request.Province is { Length: 2 } province && province.All(char.IsAsciiDigit))
        {
            // The counter row's Next is a concurrency token: a race with national's own issuance retries.
            for (var attempt = 0; ; attempt++)
            {
                var counter = await db.SerialCounters.FindAsync([province], cancellationToken);
                if (counter is null)
                {
                    counter = new Persistence.SerialCounter { Province = province, Next = 1 };
                    db.SerialCounters.Add(counter);
                }
                var first = counter.Next;
                counter.Next += SerialBlockSize;
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return new ClaimReply("block", requester, First: first, Last: first + SerialBlockSize - 1);
                }
                catch (DbUpdateException) when (attempt < 5)
                {
                    db.ChangeTracker.Clear();
                }
            }
        }
        if (request.Op == ClaimManyOp)
        {
            return new ClaimReply("done", requester, await ClaimManyLocallyAsync(db, requester, request.Items ?? [], cancellationToken));
        }
        if (request.Op == TransferOp)
        {
            // Only the previous holder's claim moves, and only to the asking node.
            var claim = await db.IdentityClaims.FirstOrDefaultAsync(c => c.IdNumberIndex == index, cancellationToken);
            if (claim is not null && claim.OwnerRegion != request.From && claim.OwnerRegion != requester)
            {
                return new ClaimReply("duplicate", claim.OwnerRegion);
            }
            if (claim is null)
            {
                db.IdentityClaims.Add(new IdentityClaim { IdNumberIndex = index, IdType = "01", OwnerRegion = requester, ResidentId = request.ResidentId, ClaimedAt = clock.GetUtcNow() });
            }
            else
            {
                claim.OwnerRegion = requester;
                claim.ResidentId = request.ResidentId;
            }
            await db.SaveChangesAsync(cancellationToken);
            return new ClaimReply("won", requester);
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
                // Claims are answered concurrently (each in its own scope and transaction; the primary key settles races),
                // so that one node's registrations do not wait behind another's.
                var slots = new SemaphoreSlim(Concurrency); // not disposed: answers still running release it after the loop ends
                await foreach (var message in link.Connection.SubscribeAsync<byte[]>(NetworkSubjects.AllClaims, queueGroup: "national", cancellationToken: stoppingToken))
                {
                    await slots.WaitAsync(stoppingToken);
                    _ = AnswerAsync(message, slots, stoppingToken);
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

    private const int Concurrency = 32;

    private async Task AnswerAsync(NatsMsg<byte[]> message, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
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
        catch (Exception e) when (e is NatsException or DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // No answer: the asker times out and refuses its write (network.national_unreachable), so nothing half-applies.
            LogFailed(logger, e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            slots.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The national claims responder failed ({Reason}); restarting.")]
    private static partial void LogFailed(ILogger logger, string reason);
}
