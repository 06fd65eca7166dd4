using System.Security.Cryptography;
using HealthCard.App.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Audit;

/// <summary>The outcome of walking the audit chains. <see cref="FirstBroken"/> names the first entry that does not verify.</summary>
public sealed record AuditVerification(bool Valid, long Entries, BrokenEntry? FirstBroken);

public sealed record BrokenEntry(long Id, string Node, long Sequence, string Problem);

/// <summary>Walks every node's chain in sequence order, recomputing each hash and checking each link.</summary>
public sealed class AuditVerifier(HealthCardDb db)
{
    private const int Page = 5_000;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var nodes = await db.AuditEntries.AsNoTracking().Select(a => a.Node).Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
        long count = 0;
        foreach (var node in nodes)
        {
            var expectedSequence = 1L;
            var previousHash = AuditEntry.Genesis;
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
                        : !CryptographicOperations.FixedTimeEquals(entry.Hash, entry.ComputeHash()) ? "hash does not match the entry's content (the entry was altered)"
                        : null;
                    if (problem is not null)
                    {
                        return new AuditVerification(false, count, new BrokenEntry(entry.Id, node, entry.Sequence, problem));
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
        }
        return new AuditVerification(true, count, null);
    }
}
