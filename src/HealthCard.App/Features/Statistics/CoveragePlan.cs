using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Statistics;

/// <summary>
/// A rollout target: cards for <see cref="TargetCount"/> residents of a population in a region by a deadline, such as
/// "330,000 NCMS members of Luquan by June". Statistics and the monthly report measure progress against it.
/// </summary>
public sealed class CoveragePlan
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>A region prefix (2, 4 or 6 digits of GB/T 2260).</summary>
    public string RegionCode { get; set; } = "";

    /// <summary>Exactly one population tag.</summary>
    public PopulationTags Tag { get; set; }

    public int TargetCount { get; set; }
    public DateOnly Deadline { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CoveragePlanConfiguration : IEntityTypeConfiguration<CoveragePlan>
{
    public void Configure(EntityTypeBuilder<CoveragePlan> builder)
    {
        builder.ToTable("CoveragePlans");
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.RegionCode).HasMaxLength(6);
        builder.Property(p => p.CreatedBy).HasMaxLength(100);
        builder.HasIndex(p => p.RegionCode);
    }
}
