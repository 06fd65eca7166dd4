using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Usage;

/// <summary>
/// One use of a card (监管: every swipe reaches the platform): an online check or an event an institution reports. The
/// card number is personal data, so only its blind index is stored. Append-only; on PostgreSQL the table is partitioned
/// by month (<see cref="UsagePartitions"/>), which is why the key includes the time.
/// </summary>
public sealed class UsageEvent
{
    public Guid Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public byte[] CardNumberIndex { get; set; } = [];
    public string CardSerial { get; set; } = "";
    public string? InstitutionCode { get; set; }
    public string? TerminalSerial { get; set; }
    public string? SamSerial { get; set; }

    /// <summary>The event kind (<see cref="UsageKinds"/>).</summary>
    public string Kind { get; set; } = "";

    /// <summary>The online check's answer (<c>0000</c> allowed, or the refusal code); <c>0000</c> for reported events.</summary>
    public string ResultCode { get; set; } = "";

    /// <summary>Who sent it (the API key's name); with <see cref="ClientEventId"/> it identifies a resent event.</summary>
    public string Source { get; set; } = "";

    public string? ClientEventId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>The kinds of card use (issue 4).</summary>
public static class UsageKinds
{
    public static readonly IReadOnlyList<string> All =
        ["registration", "outpatient_visit", "admission", "discharge", "payment", "prescription", "lab", "immunization", "read", "write"];
}

internal sealed class UsageEventConfiguration : IEntityTypeConfiguration<UsageEvent>
{
    public const string ClientEventIndex = "UX_UsageEvents_ClientEvent";

    public void Configure(EntityTypeBuilder<UsageEvent> builder)
    {
        builder.ToTable("UsageEvents");
        builder.HasKey(e => new { e.Id, e.OccurredAt });
        builder.Property(e => e.CardNumberIndex).HasMaxLength(32);
        builder.Property(e => e.CardSerial).HasMaxLength(10);
        builder.Property(e => e.InstitutionCode).HasMaxLength(18);
        builder.Property(e => e.TerminalSerial).HasMaxLength(32);
        builder.Property(e => e.SamSerial).HasMaxLength(10);
        builder.Property(e => e.Kind).HasMaxLength(20);
        builder.Property(e => e.ResultCode).HasMaxLength(4);
        builder.Property(e => e.Source).HasMaxLength(100);
        builder.Property(e => e.ClientEventId).HasMaxLength(64);
        // A resent batch is not double-counted. The time is part of the key because a partitioned table's unique
        // indexes must include the partition column.
        builder.HasIndex(e => new { e.Source, e.ClientEventId, e.OccurredAt }).IsUnique().HasDatabaseName(ClientEventIndex);
        builder.HasIndex(e => new { e.CardNumberIndex, e.OccurredAt });
        builder.HasIndex(e => new { e.InstitutionCode, e.OccurredAt });
    }
}
