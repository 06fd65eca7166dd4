using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Sams;

/// <summary>Where a SAM application is in its roll-up review (district → city → province).</summary>
public enum SamApplicationStatus
{
    Submitted,
    DistrictApproved,
    CityApproved,
    Approved,
    Rejected,

    /// <summary>Taken into a production plan.</summary>
    Planned,
}

/// <summary>An institution's application for SAMs of one type (申请登记).</summary>
public sealed class SamApplication : IRegional
{
    public Guid Id { get; set; }
    public string InstitutionCode { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public int Type { get; set; }
    public int Count { get; set; }
    public string Purpose { get; set; } = "";
    public SamApplicationStatus Status { get; set; }
    public Guid? PlanId { get; set; }
    public string SubmittedBy { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A production plan (制卡计划): the reviewed demand of a province, by SAM type.</summary>
public sealed class SamPlan
{
    public Guid Id { get; set; }
    public string Number { get; set; } = "";
    public string RegionCode { get; set; } = "";

    /// <summary>Planned SAMs by type: element 0 is type 1, element 4 type 5.</summary>
    public List<int> Counts { get; set; } = [];

    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A handover record (交接单): SAMs passed to a lower tier or to an institution, with both parties.</summary>
public sealed class Handover
{
    public Guid Id { get; set; }
    public string Number { get; set; } = "";
    public string FromRegionCode { get; set; } = "";
    public string ToRegionCode { get; set; } = "";
    public string? ToInstitutionCode { get; set; }
    public string HandedOverBy { get; set; } = "";
    public string? ReceivedBy { get; set; }
    public List<string> Serials { get; set; } = [];
    public DateTimeOffset At { get; set; }
}

internal sealed class SamApplicationConfiguration : IEntityTypeConfiguration<SamApplication>
{
    public void Configure(EntityTypeBuilder<SamApplication> builder)
    {
        builder.ToTable("SamApplications");
        builder.Property(a => a.InstitutionCode).HasMaxLength(18);
        builder.Property(a => a.RegionCode).HasMaxLength(6);
        builder.Property(a => a.Purpose).HasMaxLength(200);
        builder.Property(a => a.SubmittedBy).HasMaxLength(100);
        builder.Property(a => a.Status).HasConversion(HealthCardDb.SnakeCase<SamApplicationStatus>()).HasMaxLength(20);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Institution>().WithMany().HasForeignKey(a => a.InstitutionCode);
        builder.HasOne<SamPlan>().WithMany().HasForeignKey(a => a.PlanId);
        builder.HasIndex(a => new { a.RegionCode, a.Status });
    }
}

internal sealed class SamPlanConfiguration : IEntityTypeConfiguration<SamPlan>
{
    public void Configure(EntityTypeBuilder<SamPlan> builder)
    {
        builder.ToTable("SamPlans");
        builder.Property(p => p.Number).HasMaxLength(32);
        builder.Property(p => p.RegionCode).HasMaxLength(6);
        builder.Property(p => p.CreatedBy).HasMaxLength(100);
        builder.HasIndex(p => p.Number).IsUnique().HasDatabaseName(HealthCardDb.SamPlanNumberIndex);
    }
}

internal sealed class HandoverConfiguration : IEntityTypeConfiguration<Handover>
{
    public void Configure(EntityTypeBuilder<Handover> builder)
    {
        builder.ToTable("Handovers");
        builder.Property(h => h.Number).HasMaxLength(32);
        builder.Property(h => h.FromRegionCode).HasMaxLength(6);
        builder.Property(h => h.ToRegionCode).HasMaxLength(6);
        builder.Property(h => h.ToInstitutionCode).HasMaxLength(18);
        builder.Property(h => h.HandedOverBy).HasMaxLength(100);
        builder.Property(h => h.ReceivedBy).HasMaxLength(100);
        builder.HasIndex(h => h.Number).IsUnique().HasDatabaseName(HealthCardDb.HandoverNumberIndex);
        builder.HasIndex(h => new { h.ToRegionCode, h.At });
    }
}
