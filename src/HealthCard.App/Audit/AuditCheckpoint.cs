using System.Security.Cryptography;
using HealthCard.App.Security;
using HealthCard.Crypto.Sm3;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Audit;

/// <summary>
/// The key of the audit chains: derived from the data keys (<see cref="DerivedKeys.AuditChain"/>), so it lives in the key
/// file outside the database, never in it. Every entry's hash and every checkpoint's MAC is an HMAC-SM3 under it, so a
/// database administrator who edits an entry cannot recompute the chain (docs/adr/019-sign-in-portal-and-audit-hardening.md).
/// </summary>
public sealed class AuditChainKey(DataKeys keys) : IDisposable
{
    private readonly byte[] _key = keys.Derive(DerivedKeys.AuditChain);

    /// <summary>The entry's keyed hash (<see cref="AuditEntry.ComputeHash"/>).</summary>
    public byte[] Seal(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.ComputeHash(_key);
    }

    /// <summary>Whether the entry's stored hash is its keyed hash (constant time).</summary>
    public bool Verifies(AuditEntry entry) => CryptographicOperations.FixedTimeEquals(entry.Hash, Seal(entry));

    /// <summary>The checkpoint's MAC over node, sequence, the entry hash it vouches for and when it was made.</summary>
    public byte[] Sign(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var buffer = new MemoryStream(128);
        AuditEntry.Field(buffer, "audit-checkpoint/v1");
        AuditEntry.Field(buffer, checkpoint.Node);
        AuditEntry.Number(buffer, checkpoint.Sequence);
        AuditEntry.Number(buffer, checkpoint.Hash.Length);
        buffer.Write(checkpoint.Hash);
        AuditEntry.Number(buffer, checkpoint.CreatedAt.UtcTicks);
        var mac = new byte[Sm3Hash.Size];
        Sm3Hash.Hmac(_key, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), mac);
        return mac;
    }

    public bool Verifies(AuditCheckpoint checkpoint) => CryptographicOperations.FixedTimeEquals(checkpoint.Mac, Sign(checkpoint));

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}

/// <summary>
/// A signed statement "node N's chain was verified up to sequence S, whose hash was H". Start-up verification walks a
/// chain from its newest checkpoint only, and a checkpoint also records how long the chain was, so entries deleted
/// below it are found even at the chain's end.
/// </summary>
public sealed class AuditCheckpoint
{
    public long Id { get; set; }
    public string Node { get; set; } = "";
    public long Sequence { get; set; }
    public byte[] Hash { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public byte[] Mac { get; set; } = [];
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public const string NodeSequenceIndex = "UX_AuditCheckpoints_NodeSequence";

    public void Configure(EntityTypeBuilder<AuditCheckpoint> builder)
    {
        builder.ToTable("AuditCheckpoints");
        builder.Property(c => c.Node).HasMaxLength(64);
        builder.HasIndex(c => new { c.Node, c.Sequence }).IsUnique().HasDatabaseName(NodeSequenceIndex);
    }
}
