using HealthCard.Domain.Common;

namespace HealthCard.Domain.Production;

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
    /// <summary>The batch's state machine: export (again and again) and return, in that order.</summary>
    public static readonly TransitionTable<BatchStatus, BatchTrigger> Lifecycle = new("production_batch",
        (BatchStatus.Created, BatchTrigger.Export, BatchStatus.Exported),
        // Re-export (a lost file, a new recipient machine) is allowed and audited; after a return it holds the cards still pending.
        (BatchStatus.Exported, BatchTrigger.Export, BatchStatus.Exported),
        (BatchStatus.Returned, BatchTrigger.Export, BatchStatus.Returned),
        (BatchStatus.Exported, BatchTrigger.Return, BatchStatus.Returned),
        (BatchStatus.Returned, BatchTrigger.Return, BatchStatus.Returned));

    private ProductionBatch()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Printable number: <c>PC</c> + region + China date + 12 hex of the id.</summary>
    public string Number { get; private set; } = "";

    public string RegionCode { get; private set; } = "";

    /// <summary>The bank (institution code) that has the cards made; the production file is encrypted to its key.</summary>
    public string BankCode { get; private set; } = "";

    /// <summary>发卡机构代码 written on the cards.</summary>
    public string IssuerCode { get; private set; } = "";

    public BatchSource Source { get; private set; }

    /// <summary>The population tag's API name, for population batches.</summary>
    public string? Tag { get; private set; }

    public Guid? ProductId { get; private set; }

    /// <summary>The recipient's SM2 public key (64 bytes x‖y), registered with the batch: the file's data key is wrapped under it.</summary>
    public byte[] RecipientPublicKey { get; private set; } = [];

    public BatchStatus Status { get; private set; }
    public int Count { get; private set; }
    public int ExportCount { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>A new batch (created) with its first history event; <paramref name="id"/> is also in its number.</summary>
    public static (ProductionBatch Batch, LifecycleEvent Created) Create(Guid id, string number, NewBatch spec, TransitionContext context, string? details)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        var batch = new ProductionBatch
        {
            Id = id,
            Number = number,
            RegionCode = spec.RegionCode,
            BankCode = spec.BankCode,
            IssuerCode = spec.IssuerCode,
            Source = spec.Source,
            Tag = spec.Tag,
            ProductId = spec.ProductId,
            RecipientPublicKey = spec.RecipientPublicKey,
            Status = BatchStatus.Created,
            Count = spec.Count,
            CreatedBy = context.Actor,
            CreatedAt = context.At,
        };
        return (batch, Lifecycle.Record(id.ToString(), "create", null, batch.Status, context, details));
    }

    /// <summary>Export or return: one trigger of <see cref="Lifecycle"/>, recorded in the batch's history.</summary>
    public Result<LifecycleEvent> Apply(BatchTrigger trigger, TransitionContext context, string? details = null) =>
        Lifecycle.Apply(Id.ToString(), Status, trigger, context, to => Status = to, details);

    /// <summary>Counts one more export of the production file (after <see cref="BatchTrigger.Export"/> was applied).</summary>
    public void CountExport() => ExportCount++;

    /// <summary>Cards of the batch handed to their issuing point: the status stays, the history records it.</summary>
    public LifecycleEvent Distributed(TransitionContext context, string? details) =>
        Lifecycle.Record(Id.ToString(), "distribute", Status, Status, context, details);
}

/// <summary>What a batch is made of, besides its id and number.</summary>
public sealed record NewBatch(string RegionCode, string BankCode, string IssuerCode, BatchSource Source, string? Tag, Guid? ProductId,
    byte[] RecipientPublicKey, int Count);

/// <summary>One card of a batch: which resident and application it serves, and what the factory said about it.</summary>
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
