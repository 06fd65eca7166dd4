using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Portal;

/// <summary>The <c>HealthCard:Portal</c> configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "HealthCard:Portal";

    /// <summary>Failed sign-ins or first-password proofs in a row that lock the account.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan LockoutPeriod { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// A resident's portal account: one per resident, created by the first password (or by the first failed attempt to set
/// it, so that guessing the security code is limited too). The card number is not stored: it is the resident's document
/// number, found through the registry's blind index. Only a PBKDF2 hash of the password is kept
/// (<see cref="Microsoft.AspNetCore.Identity.PasswordHasher{TUser}"/> format v3).
/// </summary>
public sealed class PortalAccount
{
    public Guid ResidentId { get; set; }

    /// <summary>Null until the first password is set.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Failures in a row since the last success or the last lock.</summary>
    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PasswordSetAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Optimistic concurrency: two nodes counting failures on one account cannot both win.</summary>
    public int Version { get; set; }

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Counts a failure; at <see cref="PortalOptions.MaxFailedAttempts"/> the account locks for the lockout period.</summary>
    public void RecordFailure(DateTimeOffset now, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (LockedUntil is { } until && until <= now)
        {
            // The lock has run out: counting starts again.
            LockedUntil = null;
            FailedAttempts = 0;
        }
        FailedAttempts++;
        if (FailedAttempts >= options.MaxFailedAttempts)
        {
            LockedUntil = now + options.LockoutPeriod;
        }
        Version++;
    }

    public void RecordSuccess()
    {
        FailedAttempts = 0;
        LockedUntil = null;
        Version++;
    }
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
