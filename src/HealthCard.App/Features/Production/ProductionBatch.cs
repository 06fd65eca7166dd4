using HealthCard.App.Features.Applications;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HealthCard.App.Features.Production;

/// <summary>Where a batch's residents come from.</summary>
public enum BatchSource
{
    /// <summary>Approved applications not yet in a live batch item.</summary>
    Applications,

    /// <summary>Residents of a target population (a <c>PopulationTags</c> flag) without a current card.</summary>
    Population,
}

public enum BatchStatus
{
    /// <summary>Cards made (pending) and serials allocated; no file has left the platform yet.</summary>
    Created,

    /// <summary>The production file was exported to the factory at least once.</summary>
    Exported,

    /// <summary>The factory's return file has been applied (wholly or in part).</summary>
    Returned,
}

public enum BatchTrigger
{
    Export,
    Return,
}

/// <summary>One card's fate in its batch. Distribution and activation show on the card itself.</summary>
public enum BatchItemStatus
{
    Pending,
    Produced,

    /// <summary>The factory could not make it: the card is cancelled (production_failed) and the resident is back in the queue.</summary>
    Failed,
}

/// <summary>
/// A production batch (制卡批次): the cards of one region made by one bank or factory (the recipient of the production
/// file, and the 制卡单位 of its cards). Its residents are picked when it is created; see ADR 012.
/// </summary>
public sealed class ProductionBatch : IRegional
{
    public Guid Id { get; set; }

    /// <summary>Printable number: <c>PC</c> + region + China date + 12 hex of the id.</summary>
    public string Number { get; set; } = "";

    public string RegionCode { get; set; } = "";

    /// <summary>The bank (institution code) that has the cards made; the production file is encrypted to its key.</summary>
    public string BankCode { get; set; } = "";

    /// <summary>发卡机构代码 written on the cards.</summary>
    public string IssuerCode { get; set; } = "";

    public BatchSource Source { get; set; }

    /// <summary>The population tag's API name, for population batches.</summary>
    public string? Tag { get; set; }

    public Guid? ProductId { get; set; }

    /// <summary>The recipient's SM2 public key (64 bytes x‖y), registered with the batch: the file's data key is wrapped under it.</summary>
    public byte[] RecipientPublicKey { get; set; } = [];

    public BatchStatus Status { get; set; }
    public int Count { get; set; }
    public int ExportCount { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
}

public sealed class ProductionBatchItem
{
    public Guid Id { get; set; }
    public Guid BatchId { get; set; }
    public Guid CardId { get; set; }
    public Guid ResidentId { get; set; }
    public Guid? ApplicationId { get; set; }
    public string Serial { get; set; } = "";
    public BatchItemStatus Status { get; set; }

    /// <summary>The factory's reason for a failed card, as it wrote it.</summary>
    public string? FailureReason { get; set; }
}

/// <summary>The batch's own state machine: export (again and again) and return, in that order.</summary>
public static class BatchLifecycle
{
    public const string Machine = "production_batch";

    public static TransitionTable<BatchStatus, BatchTrigger> Table { get; } = new(Machine,
        (BatchStatus.Created, BatchTrigger.Export, BatchStatus.Exported),
        // Re-export (a lost file, a new recipient machine) is allowed and audited; after a return it holds the cards still pending.
        (BatchStatus.Exported, BatchTrigger.Export, BatchStatus.Exported),
        (BatchStatus.Returned, BatchTrigger.Export, BatchStatus.Returned),
        (BatchStatus.Exported, BatchTrigger.Return, BatchStatus.Returned),
        (BatchStatus.Returned, BatchTrigger.Return, BatchStatus.Returned));
}

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
