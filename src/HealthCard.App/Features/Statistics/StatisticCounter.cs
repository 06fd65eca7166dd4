using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Statistics;

/// <summary>
/// One signed change to a count, written by database triggers in the same transaction as the change it counts
/// (<see cref="StatisticsTriggers"/>), so the statistics never drift from the records and never need a full scan.
/// Rows with the same key add up; <see cref="StatisticsCompactor"/> folds them together now and then. The key is
/// <c>(RegionCode, Metric, Status, Month, Mode, Issuer, Tags)</c>; see <see cref="CounterMetrics"/> for what each metric keys on.
/// </summary>
public sealed class StatisticCounter
{
    public long Id { get; set; }

    /// <summary>The county (GB/T 2260, 6 digits): the resident's region, or the card's <c>RegionCode</c>.</summary>
    public string RegionCode { get; set; } = "";

    public string Metric { get; set; } = "";

    /// <summary>The card status (<c>card</c>), the lifecycle action (<c>event</c>), or empty (<c>resident</c>).</summary>
    public string Status { get; set; } = "";

    /// <summary>The month of an event in China time (<c>yyyy-MM</c>); empty for current counts.</summary>
    public string Month { get; set; } = "";

    /// <summary>The card's issuance mode; empty for residents.</summary>
    public string Mode { get; set; } = "";

    /// <summary>The card's issuing institution (发卡机构代码); empty for residents.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The resident's (or card holder's) population tags, as bit flags.</summary>
    public int Tags { get; set; }

    public long Count { get; set; }
}

/// <summary>What the counters count.</summary>
public static class CounterMetrics
{
    /// <summary>Living residents now, by region and tags.</summary>
    public const string Resident = "resident";

    /// <summary>Cards now, by region, status, mode, issuer and holder's tags.</summary>
    public const string Card = "card";

    /// <summary>Card lifecycle events, by region, action (the trigger's name), month, mode, issuer and holder's tags.</summary>
    public const string Event = "event";
}

internal sealed class StatisticCounterConfiguration : IEntityTypeConfiguration<StatisticCounter>
{
    public void Configure(EntityTypeBuilder<StatisticCounter> builder)
    {
        builder.ToTable("StatisticCounters");
        builder.Property(c => c.RegionCode).HasMaxLength(6);
        builder.Property(c => c.Metric).HasMaxLength(10);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.Property(c => c.Month).HasMaxLength(7);
        builder.Property(c => c.Mode).HasMaxLength(16);
        builder.Property(c => c.Issuer).HasMaxLength(22);
        // Every statistics query is "a region subtree": the region leads.
        builder.HasIndex(c => new { c.RegionCode, c.Metric });
    }
}
