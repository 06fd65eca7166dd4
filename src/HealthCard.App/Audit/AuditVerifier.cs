using System.Security.Cryptography;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthCard.App.Audit;

/// <summary>The outcome of walking the audit chains. <see cref="FirstBroken"/> names the first entry that does not verify.</summary>
public sealed record AuditVerification(bool Valid, long Entries, BrokenEntry? FirstBroken);

/// <summary>A broken link. <see cref="Id"/> is 0 when the entry is missing (deleted) rather than altered.</summary>
public sealed record BrokenEntry(long Id, string Node, long Sequence, string Problem);

/// <summary>
/// Walks every node's chain in sequence order, recomputing each entry's keyed hash (<see cref="AuditChainKey"/>) and
/// checking each link and each signed checkpoint (<see cref="AuditCheckpoint"/>). The full walk starts at each chain's
/// first entry; the start-up walk (<see cref="AuditChainCheck"/>) starts at each chain's newest checkpoint.
/// </summary>
public sealed class AuditVerifier(HealthCardDb db, AuditChainKey key)
{
    private const int Page = 5_000;

    /// <summary>The full verification, for callers with <see cref="Capabilities.AuditRead"/> (API, console, CLI).</summary>
    public async Task<Result<AuditVerification>> VerifyAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.AuditRead) is { } denied)
        {
            return denied;
        }
        return (await WalkAsync(fromCheckpoints: false, cancellationToken)).Verification;
    }

    /// <summary>
    /// Verifies each chain from its newest checkpoint and, when every chain holds, signs a new checkpoint at each head
    /// that was verified. What start-up and the periodic check run.
    /// </summary>
    internal async Task<AuditVerification> VerifyFromCheckpointsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (verification, heads) = await WalkAsync(fromCheckpoints: true, cancellationToken);
        if (!verification.Valid)
        {
            return verification;
        }
        foreach (var (node, sequence, hash) in heads)
        {
            if (await db.AuditCheckpoints.AnyAsync(c => c.Node == node && c.Sequence == sequence, cancellationToken))
            {
                continue;
            }
            var checkpoint = new AuditCheckpoint { Node = node, Sequence = sequence, Hash = hash, CreatedAt = Truncate(now) };
            checkpoint.Mac = key.Sign(checkpoint);
            db.AuditCheckpoints.Add(checkpoint);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (UniqueViolation.IndexOf(e, db) == AuditCheckpointConfiguration.NodeSequenceIndex)
            {
                // Another node signed the same head at the same moment.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return verification;
    }

    private async Task<(AuditVerification Verification, List<(string Node, long Sequence, byte[] Hash)> Heads)> WalkAsync(bool fromCheckpoints,
        CancellationToken cancellationToken)
    {
        var nodes = (await db.AuditEntries.AsNoTracking().Select(a => a.Node).Distinct().ToListAsync(cancellationToken))
            .Union(await db.AuditCheckpoints.AsNoTracking().Select(c => c.Node).Distinct().ToListAsync(cancellationToken))
            .Order(StringComparer.Ordinal)
            .ToList();
        var heads = new List<(string, long, byte[])>();
        long count = 0;
        AuditVerification Broken(long id, string node, long sequence, string problem) =>
            new(false, count, new BrokenEntry(id, node, sequence, problem));

        foreach (var node in nodes)
        {
            var checkpoints = await db.AuditCheckpoints.AsNoTracking().Where(c => c.Node == node).OrderBy(c => c.Sequence)
                .ToListAsync(cancellationToken);
            if (checkpoints.FirstOrDefault(c => !key.Verifies(c)) is { } forged)
            {
                return (Broken(0, node, forged.Sequence, "a checkpoint's signature does not verify (a checkpoint was forged or altered)"), heads);
            }
            var byCheckpoint = checkpoints.ToDictionary(c => c.Sequence);
            var expectedSequence = 1L;
            var previousHash = AuditEntry.Genesis;
            if (fromCheckpoints && checkpoints.Count > 0)
            {
                var start = checkpoints[^1];
                var anchor = await db.AuditEntries.AsNoTracking().FirstOrDefaultAsync(a => a.Node == node && a.Sequence == start.Sequence, cancellationToken);
                if (anchor is null)
                {
                    return (Broken(0, node, start.Sequence, "the entry a checkpoint vouched for is missing (it was deleted)"), heads);
                }
                if (!CryptographicOperations.FixedTimeEquals(anchor.Hash, start.Hash) || !key.Verifies(anchor))
                {
                    return (Broken(anchor.Id, node, anchor.Sequence, "the entry differs from the checkpoint that vouched for it (it was altered)"), heads);
                }
                count++;
                expectedSequence = start.Sequence + 1;
                previousHash = anchor.Hash;
            }
            while (true)
            {
                var from = expectedSequence;
                var page = await db.AuditEntries.AsNoTracking()
                    .Where(a => a.Node == node && a.Sequence >= from)
                    .OrderBy(a => a.Sequence)
                    .Take(Page)
                    .ToListAsync(cancellationToken);
                foreach (var entry in page)
                {
                    var problem = entry.Sequence != expectedSequence ? $"sequence gap: expected {expectedSequence}, found {entry.Sequence} (an entry was deleted)"
                        : !CryptographicOperations.FixedTimeEquals(entry.PreviousHash, previousHash) ? "previous-hash link does not match the preceding entry"
                        : !key.Verifies(entry) ? "hash does not match the entry's content under the chain key (the entry was altered)"
                        : byCheckpoint.TryGetValue(entry.Sequence, out var checkpoint) && !CryptographicOperations.FixedTimeEquals(checkpoint.Hash, entry.Hash)
                            ? "the entry differs from the checkpoint that vouched for it (it was altered)"
                        : null;
                    if (problem is not null)
                    {
                        return (Broken(entry.Id, node, entry.Sequence, problem), heads);
                    }
                    count++;
                    expectedSequence++;
                    previousHash = entry.Hash;
                }
                if (page.Count < Page)
                {
                    break;
                }
            }
            var last = expectedSequence - 1;
            if (checkpoints.Count > 0 && checkpoints[^1].Sequence > last)
            {
                return (Broken(0, node, last + 1,
                    $"the chain ends at sequence {last}, but a checkpoint vouched for it up to {checkpoints[^1].Sequence} (entries were deleted)"), heads);
            }
            if (last > 0)
            {
                heads.Add((node, last, previousHash));
            }
        }
        return (new AuditVerification(true, count, null), heads);
    }

    // Microsecond precision: what PostgreSQL keeps, so the MAC survives the round trip.
    private static DateTimeOffset Truncate(DateTimeOffset now) => new(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
}

/// <summary>The last start-up or periodic verification of the audit chains, for /healthz and the logs. Singleton.</summary>
public sealed class AuditChainStatus
{
    private volatile Snapshot? _last;

    public sealed record Snapshot(AuditVerification Verification, DateTimeOffset CheckedAt);

    public Snapshot? Last => _last;

    internal void Set(Snapshot snapshot) => _last = snapshot;
}

/// <summary>
/// Verifies the chains from their newest checkpoints, logs a broken chain as critical, keeps the result for /healthz and,
/// when the chains hold, signs checkpoints at their heads. Run at start-up and then periodically (<see cref="AuditChainMonitor"/>).
/// </summary>
public sealed class AuditChainCheck(AuditVerifier verifier, AuditChainStatus status, TimeProvider clock, ILogger<AuditChainCheck> logger)
{
    public async Task<AuditVerification> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var result = await verifier.VerifyFromCheckpointsAsync(now, cancellationToken);
        status.Set(new AuditChainStatus.Snapshot(result, now));
        if (result.FirstBroken is { } broken)
        {
            logger.LogCritical("AUDIT CHAIN BROKEN: node {Node}, sequence {Sequence}, entry id {Id}: {Problem}. The audit log was tampered with or " +
                "the chain key changed; investigate before trusting the log.", broken.Node, broken.Sequence, broken.Id, broken.Problem);
        }
        else
        {
            logger.LogInformation("Audit chains verified from their last checkpoints: {Entries} entries.", result.Entries);
        }
        return result;
    }
}

/// <summary>Repeats <see cref="AuditChainCheck"/> every <c>HealthCard:Audit:CheckInterval</c> (default 15 minutes).</summary>
public sealed class AuditChainMonitor(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<HealthCardOptions> options,
    ILogger<AuditChainMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Audit.CheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditChainCheck>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; a broken chain is not an exception (it is logged as critical by the check).
                logger.LogWarning(e, "The periodic audit chain check failed.");
            }
        }
    }
}
