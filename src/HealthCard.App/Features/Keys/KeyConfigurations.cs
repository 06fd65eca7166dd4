using HealthCard.App.Persistence;
using HealthCard.Domain.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Keys;

/// <summary>The key store's tables. Enums are stored as their snake_case names, as the API writes them.</summary>
internal sealed class KeyRecordConfiguration : IEntityTypeConfiguration<KeyRecord>
{
    public void Configure(EntityTypeBuilder<KeyRecord> builder)
    {
        builder.ToTable("Keys");
        builder.Property(k => k.KeyId).HasMaxLength(64);
        builder.Property(k => k.Usage).HasConversion(HealthCardDb.SnakeCase<KeyUsage>()).HasMaxLength(24);
        builder.Property(k => k.Algorithm).HasConversion(HealthCardDb.SnakeCase<KeyAlgorithm>()).HasMaxLength(8);
        builder.Property(k => k.Status).HasConversion(HealthCardDb.SnakeCase<KeyStatus>()).HasMaxLength(16);
        builder.Property(k => k.RegionCode).HasMaxLength(6);
        builder.Property(k => k.CheckValue).HasMaxLength(6);
        builder.Property(k => k.Origin).HasMaxLength(16);
        builder.HasIndex(k => new { k.KeyId, k.Version }).IsUnique().HasDatabaseName(HealthCardDb.KeyVersionIndex);
        // One active version per key: a rotation racing another fails on this index, never leaves two active keys.
        builder.HasIndex(k => k.KeyId).IsUnique().HasFilter("\"Status\" = 'active'").HasDatabaseName(HealthCardDb.ActiveKeyIndex);
        builder.HasIndex(k => new { k.Usage, k.RegionCode });
    }
}

internal sealed class KeyRotationConfiguration : IEntityTypeConfiguration<KeyRotation>
{
    public void Configure(EntityTypeBuilder<KeyRotation> builder)
    {
        builder.ToTable("KeyRotations");
        builder.Property(r => r.KeyId).HasMaxLength(64);
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.Property(r => r.Actor).HasMaxLength(100);
        builder.HasIndex(r => new { r.KeyId, r.ToVersion }).IsUnique();
    }
}

internal sealed class KeyCeremonyConfiguration : IEntityTypeConfiguration<KeyCeremonyRecord>
{
    public void Configure(EntityTypeBuilder<KeyCeremonyRecord> builder)
    {
        builder.ToTable("KeyCeremonies");
        builder.Property(c => c.Name).HasMaxLength(32);
        builder.Property(c => c.KekCheckValue).HasMaxLength(6);
        builder.Property(c => c.RegionCode).HasMaxLength(6);
        builder.Property(c => c.CreatedBy).HasMaxLength(100);
        builder.HasIndex(c => c.Name).IsUnique().HasDatabaseName(HealthCardDb.KeyCeremonyNameIndex);
    }
}

internal sealed class KeyApplicationConfiguration : IEntityTypeConfiguration<KeyApplication>
{
    public void Configure(EntityTypeBuilder<KeyApplication> builder)
    {
        builder.ToTable("KeyApplications");
        builder.Property(a => a.Number).HasMaxLength(32);
        builder.Property(a => a.ProvinceCode).HasMaxLength(2);
        builder.Property(a => a.IssuerCode).HasMaxLength(16);
        builder.Property(a => a.ApplicantInstitution).HasMaxLength(100);
        builder.Property(a => a.ApplicantPerson).HasMaxLength(50);
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.Property(a => a.Status).HasConversion(HealthCardDb.SnakeCase<KeyApplicationStatus>()).HasMaxLength(16);
        builder.Property(a => a.ReviewNote).HasMaxLength(500);
        builder.Property(a => a.ReviewedBy).HasMaxLength(100);
        builder.Property(a => a.CreatedBy).HasMaxLength(100);
        builder.Property(a => a.IssuedBy).HasMaxLength(100);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.Number).IsUnique().HasDatabaseName(HealthCardDb.KeyApplicationNumberIndex);
        builder.HasIndex(a => a.ProvinceCode);
    }
}

internal sealed class KeyDelegationConfiguration : IEntityTypeConfiguration<KeyDelegation>
{
    public void Configure(EntityTypeBuilder<KeyDelegation> builder)
    {
        builder.ToTable("KeyDelegations");
        builder.Property(d => d.LetterNumber).HasMaxLength(32);
        builder.Property(d => d.Delegator).HasMaxLength(100);
        builder.Property(d => d.CreatedBy).HasMaxLength(100);
        builder.HasIndex(d => d.LetterNumber).IsUnique().HasDatabaseName(HealthCardDb.KeyDelegationLetterIndex);
        builder.HasOne<KeyApplication>().WithMany().HasForeignKey(d => d.ApplicationId);
        builder.OwnsMany(d => d.Collectors, c =>
        {
            c.ToTable("KeyDelegationCollectors");
            c.WithOwner().HasForeignKey("DelegationId");
            c.Property<int>("Id");
            c.HasKey("Id");
            c.Property(x => x.Name).HasMaxLength(50);
            c.Property(x => x.IdNumberMasked).HasMaxLength(18);
            c.Property(x => x.IdNumberIndex).HasMaxLength(32);
        });
    }
}

internal sealed class KeyHandoverConfiguration : IEntityTypeConfiguration<KeyHandover>
{
    public void Configure(EntityTypeBuilder<KeyHandover> builder)
    {
        builder.ToTable("KeyHandovers");
        builder.Property(h => h.Number).HasMaxLength(32);
        builder.Property(h => h.ProvinceCode).HasMaxLength(2);
        builder.Property(h => h.HandedOverBy).HasMaxLength(50);
        builder.Property(h => h.ReceivedBy).HasMaxLength(50);
        builder.Property(h => h.ReceiverIdMasked).HasMaxLength(18);
        builder.Property(h => h.Actor).HasMaxLength(100);
        builder.HasIndex(h => h.Number).IsUnique().HasDatabaseName(HealthCardDb.KeyHandoverNumberIndex);
        builder.HasIndex(h => h.ProvinceCode);
        builder.HasOne<KeyApplication>().WithMany().HasForeignKey(h => h.ApplicationId);
        builder.HasOne<KeyDelegation>().WithMany().HasForeignKey(h => h.DelegationId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(h => h.Keys, k =>
        {
            k.ToTable("KeyHandoverKeys");
            k.WithOwner().HasForeignKey("HandoverId");
            k.Property<int>("Id");
            k.HasKey("Id");
            k.Property(x => x.KeyId).HasMaxLength(64);
            k.Property(x => x.CheckValue).HasMaxLength(6);
        });
    }
}


internal sealed class TransportKeyCeremonyConfiguration : IEntityTypeConfiguration<TransportKeyCeremony>
{
    public void Configure(EntityTypeBuilder<TransportKeyCeremony> builder)
    {
        builder.ToTable("KeyTransportCeremonies");
        builder.Property(c => c.RegionCode).HasMaxLength(6);
        builder.Property(c => c.Status).HasConversion(HealthCardDb.SnakeCase<TransportCeremonyStatus>()).HasMaxLength(16);
        builder.Property(c => c.CheckValue).HasMaxLength(6);
        builder.Property(c => c.StartedBy).HasMaxLength(100);
        builder.Property(c => c.ClosedBy).HasMaxLength(100);
        builder.Property(c => c.Version).IsConcurrencyToken();
        // One open ceremony per tier: two custodians starting at once end in a conflict, never two half-made keys.
        builder.HasIndex(c => c.RegionCode).IsUnique().HasFilter("\"Status\" = 'open'").HasDatabaseName(HealthCardDb.OpenTransportCeremonyIndex);
        builder.OwnsMany(c => c.Components, k =>
        {
            k.ToTable("KeyTransportComponents");
            k.WithOwner().HasForeignKey("CeremonyId");
            k.Property<int>("Id");
            k.HasKey("Id");
            k.Property(x => x.Custodian).HasMaxLength(100);
            k.Property(x => x.CheckValue).HasMaxLength(6);
            // Each custodian gives one component per ceremony.
            k.HasIndex("CeremonyId", nameof(TransportKeyComponent.Custodian)).IsUnique().HasDatabaseName(HealthCardDb.TransportComponentCustodianIndex);
        });
    }
}
