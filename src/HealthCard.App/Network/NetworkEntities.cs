using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Network;

/// <summary>
/// A change waiting to leave the node: written by <see cref="NetworkOutboxInterceptor"/> in the same transaction as the
/// change itself, deleted by <see cref="OutboxRelay"/> once the stream has acknowledged it. So a crash never loses one
/// (it is committed with the change) and never invents one (it rolls back with the change).
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>The record kind (<see cref="ReplicatedKinds"/>).</summary>
    public string Kind { get; set; } = "";

    /// <summary>The record's key as a JSON array of its key values (for usage events: a batch of keys).</summary>
    public string RecordKey { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The national card directory every node keeps (ADR 027): each card in the country, by the blind index of its number,
/// with its status and owner. It answers the status check, the online check and the blacklist for cards owned elsewhere.
/// </summary>
public sealed class NetworkCard
{
    public Guid CardId { get; set; }
    public byte[] IdNumberIndex { get; set; } = [];
    public string Serial { get; set; } = "";
    public string Status { get; set; } = "";
    public string OwnerRegion { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public DateOnly IssueDate { get; set; }
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The national registry's claim on an identity (查重, ADR 028): one row per blind index, so that the database's primary
/// key lets exactly one node win a race. Kept only on the national node.
/// </summary>
public sealed class IdentityClaim
{
    public byte[] IdNumberIndex { get; set; } = [];
    public string IdType { get; set; } = "";
    public string OwnerRegion { get; set; } = "";
    public Guid ResidentId { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>A child node's audit-chain head as the parent received it: the anchor its chain must still agree with.</summary>
public sealed class AuditAnchor
{
    public string OwnerRegion { get; set; } = "";
    public string Node { get; set; } = "";
    public long Sequence { get; set; }
    public byte[] Hash { get; set; } = [];
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A change this node refused (a forged owner, a region outside the sender's): kept for the network status.</summary>
public sealed class NetworkRefusal
{
    public long Id { get; set; }
    public string Subject { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

internal sealed class NetworkEntityConfigurations :
    IEntityTypeConfiguration<OutboxMessage>, IEntityTypeConfiguration<NetworkCard>, IEntityTypeConfiguration<IdentityClaim>,
    IEntityTypeConfiguration<AuditAnchor>, IEntityTypeConfiguration<NetworkRefusal>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("NetworkOutbox");
        builder.Property(m => m.Kind).HasMaxLength(32);
    }

    public void Configure(EntityTypeBuilder<NetworkCard> builder)
    {
        builder.ToTable("NetworkCards");
        builder.HasKey(c => c.CardId);
        builder.Property(c => c.IdNumberIndex).HasMaxLength(32);
        builder.Property(c => c.Serial).HasMaxLength(10);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.Property(c => c.OwnerRegion).HasMaxLength(6);
        builder.Property(c => c.RegionCode).HasMaxLength(6);
        builder.HasIndex(c => c.IdNumberIndex);
        builder.HasIndex(c => c.Serial);
    }

    public void Configure(EntityTypeBuilder<IdentityClaim> builder)
    {
        builder.ToTable("IdentityClaims");
        builder.HasKey(c => c.IdNumberIndex);
        builder.Property(c => c.IdNumberIndex).HasMaxLength(32);
        builder.Property(c => c.IdType).HasMaxLength(2);
        builder.Property(c => c.OwnerRegion).HasMaxLength(6);
    }

    public void Configure(EntityTypeBuilder<AuditAnchor> builder)
    {
        builder.ToTable("AuditAnchors");
        builder.HasKey(a => new { a.OwnerRegion, a.Node, a.Sequence });
        builder.Property(a => a.OwnerRegion).HasMaxLength(6);
        builder.Property(a => a.Node).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(32);
    }

    public void Configure(EntityTypeBuilder<NetworkRefusal> builder)
    {
        builder.ToTable("NetworkRefusals");
        builder.Property(r => r.Subject).HasMaxLength(200);
        builder.Property(r => r.Reason).HasMaxLength(500);
    }
}
