using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Audit;

/// <summary>What is being done, to what kind of thing. The work fills in the target as it learns it.</summary>
public sealed class AuditScope(string action, string targetType)
{
    public string Action { get; } = action;
    public string TargetType { get; } = targetType;
    public string? TargetId { get; set; }
    public string? RegionCode { get; set; }

    /// <summary>Extra facts as JSON. Never personal data: use ids, serials, codes and statuses.</summary>
    public string? Details { get; set; }

    private readonly Dictionary<string, Error> _uniqueViolations = new(StringComparer.Ordinal);

    /// <summary>The answer when saving breaks this unique index (a race the database settled).</summary>
    public AuditScope OnUniqueViolation(string index, Error error)
    {
        _uniqueViolations[index] = error;
        return this;
    }

    /// <summary>The answer when an optimistic-concurrency token shows that someone else changed the row first.</summary>
    public Error? OnConcurrencyConflict { get; set; }

    internal Error? Translate(DbUpdateException exception, DbContext db) => exception switch
    {
        DbUpdateConcurrencyException => OnConcurrencyConflict,
        _ => UniqueViolation.IndexOf(exception, db) is { } index ? _uniqueViolations.GetValueOrDefault(index) : null,
    };
}

/// <summary>
/// Runs every state-changing use case: the work and its audit entry commit in one transaction, or neither does. The
/// work stages its changes; they are saved together with the audit entry in one round trip. A save that breaks a
/// unique index or a concurrency token the scope names becomes that error, so races end as clean conflicts.
/// Refused operations (conflicts, invalid transitions, not found) are audited too, after the work is rolled back;
/// plain validation failures are not, because they change nothing and name no target.
/// </summary>
public sealed class AuditTrail(HealthCardDb db, AuditChainHead head, TimeProvider clock)
{
    public async Task<Result<T>> RunAsync<T>(Caller caller, AuditScope scope, Func<CancellationToken, Task<Result<T>>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(work);
        // One writer per node at a time: the chain is a sequence, and SQLite has one writer anyway (ADR 005).
        await head.Gate.WaitAsync(cancellationToken);
        try
        {
            Result<T> result;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                try
                {
                    result = await work(cancellationToken);
                    if (result.IsSuccess)
                    {
                        await AppendAsync(caller, scope, "success", cancellationToken);
                        await transaction.CommitAsync(cancellationToken);
                        head.Commit();
                        return result;
                    }
                }
                catch (DbUpdateException e) when (scope.Translate(e, db) is { } error)
                {
                    head.Forget();
                    result = error;
                }
                catch (Network.NationalUnreachableException)
                {
                    head.Forget();
                    result = Network.NetworkErrors.NationalUnreachable;
                }
                catch (Network.RecordOwnedElsewhereException e)
                {
                    // A read-only copy: its owner is the only writer (ADR 026), whichever door asked.
                    head.Forget();
                    result = Network.NetworkErrors.NotOwner(e.Owner);
                }
                await transaction.RollbackAsync(cancellationToken);
            }
            db.ChangeTracker.Clear();
            if (result.Error is not ValidationFailed)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await AppendAsync(caller, scope, result.Error!.Code, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                head.Commit();
            }
            return result;
        }
        catch
        {
            // The cached head may now be wrong (another process, a failed commit): read it again next time.
            head.Forget();
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            head.Gate.Release();
        }
    }

    private async Task AppendAsync(Caller caller, AuditScope scope, string outcome, CancellationToken cancellationToken)
    {
        var previous = await head.CurrentAsync(db, cancellationToken);
        var entry = head.Link(previous, caller, clock.GetUtcNow(),
            new AuditRecord(scope.Action, scope.TargetType, scope.TargetId, scope.RegionCode, outcome, scope.Details));
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        head.Stage(entry);
    }
}

/// <summary>
/// One audit entry a bulk path writes on its own connection, in the same transaction as the rows it records (an import's
/// per-resident merges and refusals, ADR 018), under <see cref="AuditChainHead.Gate"/> like every append.
/// </summary>
public sealed record AuditRecord(string Action, string TargetType, string? TargetId, string? RegionCode, string Outcome, string? Details);

/// <summary>
/// This node's position in its audit chain, cached between writes, and the key that seals its entries. Singleton. The
/// unique index on (node, sequence) guarantees that two processes sharing a node name can never fork the chain: one of
/// them fails and re-reads.
/// </summary>
public sealed class AuditChainHead(string node, AuditChainKey key)
{
    private (long Sequence, byte[] Hash)? _committed;
    private (long Sequence, byte[] Hash)? _staged;

    public string Node { get; } = node;

    /// <summary>The chain key (outside the database) that seals every entry.</summary>
    public AuditChainKey Key { get; } = key;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    internal async Task<(long Sequence, byte[] Hash)> CurrentAsync(HealthCardDb db, CancellationToken cancellationToken)
    {
        if (_committed is { } cached)
        {
            return cached;
        }
        var last = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Node == Node)
            .OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        return last is null ? (0, AuditEntry.Genesis) : (last.Sequence, last.Hash);
    }

    /// <summary>The cached head, when known; a bulk writer reads it from its own connection otherwise.</summary>
    internal (long Sequence, byte[] Hash)? Committed => _committed;

    /// <summary>
    /// The entry for <paramref name="record"/>, chained after <paramref name="previous"/> and sealed with the chain key:
    /// the one place entries are made.
    /// </summary>
    internal AuditEntry Link((long Sequence, byte[] Hash) previous, Caller caller, DateTimeOffset now, AuditRecord record)
    {
        var entry = new AuditEntry
        {
            Node = Node,
            Sequence = previous.Sequence + 1,
            // Microsecond precision: what PostgreSQL keeps, so the hash survives the round trip.
            OccurredAt = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero),
            Actor = caller.Actor,
            Channel = Domain.Common.EnumNames.Of(caller.Channel),
            Action = record.Action,
            TargetType = record.TargetType,
            TargetId = record.TargetId,
            RegionCode = record.RegionCode,
            Outcome = record.Outcome,
            Details = record.Details,
            PreviousHash = previous.Hash,
        };
        entry.Hash = Key.Seal(entry);
        return entry;
    }

    /// <summary>Entries for <paramref name="records"/>, in order, chained after <paramref name="previous"/>. Call under <see cref="Gate"/>.</summary>
    internal List<AuditEntry> Link((long Sequence, byte[] Hash) previous, Caller caller, DateTimeOffset now, IEnumerable<AuditRecord> records)
    {
        var entries = new List<AuditEntry>();
        foreach (var record in records)
        {
            var entry = Link(previous, caller, now, record);
            entries.Add(entry);
            previous = (entry.Sequence, entry.Hash);
        }
        return entries;
    }

    /// <summary>After a bulk writer committed its entries: the new head.</summary>
    internal void Advance(AuditEntry last)
    {
        _committed = (last.Sequence, last.Hash);
        _staged = null;
    }

    internal void Stage(AuditEntry entry) => _staged = (entry.Sequence, entry.Hash);

    internal void Commit()
    {
        _committed = _staged;
        _staged = null;
    }

    internal void Forget()
    {
        _committed = null;
        _staged = null;
    }
}
