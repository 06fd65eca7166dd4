using HealthCard.App.Features.Sams;
using HealthCard.App.Features.Usage;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.Products;
using HealthCard.Domain.SecurityModules;
using HealthCard.Domain.Terminals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Persistence;

/// <summary>Institutions, product filings, SAMs, terminals and card use: the tables of issue 4.</summary>
public abstract partial class HealthCardDb
{
    public const string InstitutionCodeIndex = "PK_Institutions";
    public const string ProductFilingIndex = "UX_Products_Filing";
    public const string SamSerialIndex = "PK_Sams";
    public const string OneActiveSamPerTerminalIndex = "UX_Sams_OneActivePerTerminal";
    public const string TerminalSerialIndex = "PK_Terminals";
    public const string HandoverNumberIndex = "UX_Handovers_Number";
    public const string SamPlanNumberIndex = "UX_SamPlans_Number";

    public DbSet<Institution> Institutions => Set<Institution>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Sam> Sams => Set<Sam>();
    public DbSet<Terminal> Terminals => Set<Terminal>();
    public DbSet<LifecycleEvent> LifecycleEvents => Set<LifecycleEvent>();
    public DbSet<SamApplication> SamApplications => Set<SamApplication>();
    public DbSet<SamPlan> SamPlans => Set<SamPlan>();
    public DbSet<Handover> Handovers => Set<Handover>();
    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();
}

internal sealed class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> builder)
    {
        builder.ToTable("Institutions");
        builder.HasKey(i => i.Code).HasName(HealthCardDb.InstitutionCodeIndex);
        builder.Property(i => i.Code).HasMaxLength(18);
        builder.Property(i => i.Kind).HasConversion(HealthCardDb.SnakeCase<InstitutionKind>()).HasMaxLength(32);
        builder.Property(i => i.Status).HasConversion(HealthCardDb.SnakeCase<InstitutionStatus>()).HasMaxLength(16);
        builder.Property(i => i.RegionCode).HasMaxLength(6);
        builder.Property(i => i.Name).HasMaxLength(70);
        builder.Property(i => i.Level).HasMaxLength(2);
        builder.Property(i => i.Type).HasMaxLength(32);
        builder.Property(i => i.ContactName).HasMaxLength(50);
        builder.Property(i => i.ContactPhone).HasMaxLength(20);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Ignore(i => i.Details);
        builder.HasIndex(i => new { i.RegionCode, i.Kind });
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("Products");
        builder.Property(p => p.ManufacturerCode).HasMaxLength(18);
        builder.Property(p => p.Kind).HasConversion(HealthCardDb.SnakeCase<ProductKind>()).HasMaxLength(16);
        builder.Property(p => p.Status).HasConversion(HealthCardDb.SnakeCase<ProductStatus>()).HasMaxLength(16);
        builder.Property(p => p.Model).HasMaxLength(60);
        builder.Property(p => p.Capacity).HasMaxLength(4);
        builder.Property(p => p.TestReportNumber).HasMaxLength(40);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Institution>().WithMany().HasForeignKey(p => p.ManufacturerCode);
        // One live filing per manufacturer, kind and model; a rejected or revoked model may be filed again.
        builder.HasIndex(p => new { p.ManufacturerCode, p.Kind, p.Model }).IsUnique()
            .HasFilter("\"Status\" IN ('submitted', 'approved')").HasDatabaseName(HealthCardDb.ProductFilingIndex);
    }
}

internal sealed class TerminalConfiguration : IEntityTypeConfiguration<Terminal>
{
    public void Configure(EntityTypeBuilder<Terminal> builder)
    {
        builder.ToTable("Terminals");
        builder.HasKey(t => t.Serial).HasName(HealthCardDb.TerminalSerialIndex);
        builder.Property(t => t.Serial).HasMaxLength(32);
        builder.Property(t => t.InstitutionCode).HasMaxLength(18);
        builder.Property(t => t.RegionCode).HasMaxLength(6);
        builder.Property(t => t.Status).HasConversion(HealthCardDb.SnakeCase<TerminalStatus>()).HasMaxLength(16);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasOne<Institution>().WithMany().HasForeignKey(t => t.InstitutionCode);
        builder.HasOne<Product>().WithMany().HasForeignKey(t => t.ProductId);
        builder.HasIndex(t => new { t.InstitutionCode, t.Status });
    }
}

internal sealed class SamConfiguration : IEntityTypeConfiguration<Sam>
{
    public void Configure(EntityTypeBuilder<Sam> builder)
    {
        builder.ToTable("Sams");
        builder.HasKey(s => s.Serial).HasName(HealthCardDb.SamSerialIndex);
        builder.Property(s => s.Serial).HasMaxLength(10);
        builder.Property(s => s.Status).HasConversion(HealthCardDb.SnakeCase<SamStatus>()).HasMaxLength(16);
        builder.Property(s => s.RegionCode).HasMaxLength(6);
        builder.Property(s => s.InstitutionCode).HasMaxLength(18);
        builder.Property(s => s.TerminalSerial).HasMaxLength(32);
        builder.Property(s => s.Location).HasMaxLength(100);
        builder.Property(s => s.ResponsiblePerson).HasMaxLength(50);
        builder.Property(s => s.ReplacedBySerial).HasMaxLength(10);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.Binding);
        builder.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId);
        builder.HasOne<Institution>().WithMany().HasForeignKey(s => s.InstitutionCode);
        builder.HasOne<Terminal>().WithMany().HasForeignKey(s => s.TerminalSerial);
        // A terminal holds at most one SAM in use: the database settles two simultaneous bindings.
        builder.HasIndex(s => s.TerminalSerial).IsUnique().HasFilter("\"TerminalSerial\" IS NOT NULL")
            .HasDatabaseName(HealthCardDb.OneActiveSamPerTerminalIndex);
        builder.HasIndex(s => new { s.RegionCode, s.Status, s.Type });
    }
}

internal sealed class LifecycleEventConfiguration : IEntityTypeConfiguration<LifecycleEvent>
{
    public void Configure(EntityTypeBuilder<LifecycleEvent> builder)
    {
        builder.ToTable("LifecycleEvents");
        builder.Property(e => e.SubjectType).HasMaxLength(16);
        builder.Property(e => e.SubjectKey).HasMaxLength(36);
        builder.Property(e => e.Action).HasMaxLength(32);
        builder.Property(e => e.FromStatus).HasMaxLength(24);
        builder.Property(e => e.ToStatus).HasMaxLength(24);
        builder.Property(e => e.Actor).HasMaxLength(100);
        builder.Property(e => e.Channel).HasConversion(HealthCardDb.SnakeCase<Channel>()).HasMaxLength(16);
        builder.Property(e => e.Reason).HasMaxLength(200);
        builder.HasIndex(e => new { e.SubjectType, e.SubjectKey, e.Id });
    }
}
