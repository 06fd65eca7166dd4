using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Portal;

/// <summary>
/// A resident's portal account: one per resident, created by the first password. The card number is not stored: it is
/// the resident's document number, found through the registry's blind index. Only a PBKDF2 hash of the password is
/// kept (<see cref="Microsoft.AspNetCore.Identity.PasswordHasher{TUser}"/> format v3). Failed attempts are counted by
/// <see cref="Security.AttemptThrottle"/> (back-off, never a lock), not here (docs/adr/019-sign-in-portal-and-audit-hardening.md).
/// </summary>
public sealed class PortalAccount
{
    public Guid ResidentId { get; set; }

    /// <summary>Null until the first password is set.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>
    /// Changes with every new password (first password, reset, change). Each session carries the stamp it began with;
    /// a session whose stamp is no longer the account's is over, so a reset ends every other session.
    /// </summary>
    public string SecurityStamp { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PasswordSetAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Optimistic concurrency: two nodes changing one account cannot both win.</summary>
    public int Version { get; set; }

    /// <summary>Sets a new password hash and a new security stamp (every other session ends).</summary>
    public void SetPassword(string hash, DateTimeOffset now)
    {
        PasswordHash = hash;
        PasswordSetAt = now;
        SecurityStamp = NewStamp();
        Version++;
    }

    public static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

/// <summary>Why a resident asks for a new card.</summary>
public enum ReplacementReason
{
    Lost,
    Damaged,
    Other,
}

/// <summary>
/// A resident's request for a replacement card (补换卡申请), made in the portal. The card is replaced at a counter through
/// the card lifecycle's <c>replace</c> trigger, where the new card is made and handed over; the request is then
/// fulfilled (derived from the card's status, never stored twice). One request per physical card (unique index).
/// </summary>
public sealed class ReplacementRequest : IRegional
{
    public Guid Id { get; set; }
    public Guid ResidentId { get; set; }

    /// <summary>The card to replace.</summary>
    public Guid CardId { get; set; }

    public string CardSerial { get; set; } = "";

    /// <summary>The resident's county when asking, so that the county's staff find it.</summary>
    public string RegionCode { get; set; } = "";

    public ReplacementReason Reason { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
}

internal sealed class PortalAccountConfiguration : IEntityTypeConfiguration<PortalAccount>
{
    public void Configure(EntityTypeBuilder<PortalAccount> builder)
    {
        builder.ToTable("PortalAccounts");
        builder.HasKey(a => a.ResidentId);
        builder.Property(a => a.PasswordHash).HasMaxLength(200);
        builder.Property(a => a.SecurityStamp).HasMaxLength(32);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<ResidentRecord>().WithMany().HasForeignKey(a => a.ResidentId);
    }
}

internal sealed class ReplacementRequestConfiguration : IEntityTypeConfiguration<ReplacementRequest>
{
    public const string OnePerCardIndex = "UX_ReplacementRequests_Card";

    public void Configure(EntityTypeBuilder<ReplacementRequest> builder)
    {
        builder.ToTable("ReplacementRequests");
        builder.Property(r => r.CardSerial).HasMaxLength(10);
        builder.Property(r => r.RegionCode).HasMaxLength(6);
        builder.Property(r => r.Reason).HasConversion(HealthCardDb.SnakeCase<ReplacementReason>()).HasMaxLength(16);
        builder.Property(r => r.RequestedBy).HasMaxLength(100);
        builder.HasIndex(r => r.CardId).IsUnique().HasDatabaseName(OnePerCardIndex);
        builder.HasIndex(r => new { r.RegionCode, r.RequestedAt });
        builder.HasIndex(r => r.ResidentId);
        builder.HasOne<ResidentRecord>().WithMany().HasForeignKey(r => r.ResidentId);
        builder.HasOne<Card>().WithMany().HasForeignKey(r => r.CardId);
    }
}
