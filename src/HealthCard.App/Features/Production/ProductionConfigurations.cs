using HealthCard.App.Persistence;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.Production;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Production;

internal sealed class ProductionBatchConfiguration : IEntityTypeConfiguration<ProductionBatch>
{
    public const string NumberIndex = "UX_ProductionBatches_Number";

    public void Configure(EntityTypeBuilder<ProductionBatch> builder)
    {
        builder.ToTable("ProductionBatches");
        builder.Property(b => b.Number).HasMaxLength(32);
        builder.Property(b => b.RegionCode).HasMaxLength(6);
        builder.Property(b => b.BankCode).HasMaxLength(18);
        builder.Property(b => b.IssuerCode).HasMaxLength(22);
        builder.Property(b => b.Source).HasConversion(HealthCardDb.SnakeCase<BatchSource>()).HasMaxLength(16);
        builder.Property(b => b.Status).HasConversion(HealthCardDb.SnakeCase<BatchStatus>()).HasMaxLength(16);
        builder.Property(b => b.Tag).HasMaxLength(32);
        builder.Property(b => b.CreatedBy).HasMaxLength(100);
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasOne<Institution>().WithMany().HasForeignKey(b => b.BankCode);
        builder.HasIndex(b => b.Number).IsUnique().HasDatabaseName(NumberIndex);
        builder.HasIndex(b => new { b.RegionCode, b.CreatedAt });
    }
}

internal sealed class ProductionBatchItemConfiguration : IEntityTypeConfiguration<ProductionBatchItem>
{
    public const string OneLivePerApplicationIndex = "UX_ProductionBatchItems_OneLivePerApplication";

    public void Configure(EntityTypeBuilder<ProductionBatchItem> builder)
    {
        builder.ToTable("ProductionBatchItems");
        builder.Property(i => i.Serial).HasMaxLength(10);
        builder.Property(i => i.Status).HasConversion(HealthCardDb.SnakeCase<BatchItemStatus>()).HasMaxLength(16);
        builder.Property(i => i.FailureReason).HasMaxLength(200);
        builder.HasOne<ProductionBatch>().WithMany().HasForeignKey(i => i.BatchId);
        builder.HasOne<Card>().WithMany().HasForeignKey(i => i.CardId);
        builder.HasOne<CardApplication>().WithMany().HasForeignKey(i => i.ApplicationId);
        builder.HasIndex(i => i.CardId).IsUnique();
        builder.HasIndex(i => new { i.BatchId, i.Serial });
        // An application is in at most one live item: two batches racing for it end as a conflict, never as two cards.
        builder.HasIndex(i => i.ApplicationId).IsUnique().HasFilter("\"Status\" <> 'failed' AND \"ApplicationId\" IS NOT NULL")
            .HasDatabaseName(OneLivePerApplicationIndex);
    }
}
