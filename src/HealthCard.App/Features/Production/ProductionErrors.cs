using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Production;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Production;

internal static class ProductionErrors
{
    public static NotFound NotFound { get; } = new("production_batch");

    public static Conflict VersionConflict { get; } = new("production_batch.version_conflict",
        new Message("该批次刚被他人操作，请刷新后重试", "The batch was changed meanwhile; reload and retry"));

    /// <summary>The batch in the caller's region, tracked, with the audit scope's target and region filled in.</summary>
    public static async Task<ProductionBatch?> FindAsync(HealthCardDb db, Caller caller, Guid id, AuditScope scope, CancellationToken cancellationToken)
    {
        var batch = await db.ProductionBatches.InRegionOf(caller).FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (batch is not null)
        {
            scope.TargetId = batch.Number;
            scope.RegionCode = batch.RegionCode;
        }
        return batch;
    }

    /// <summary>Applies a batch trigger, bumps the version and appends the history event.</summary>
    public static Result<LifecycleEvent> Apply(HealthCardDb db, ProductionBatch batch, BatchTrigger trigger, TransitionContext context, object details)
    {
        var applied = batch.Apply(trigger, context, JsonSerializer.Serialize(details));
        if (applied.IsSuccess)
        {
            db.Entry(batch).Property(b => b.Version).CurrentValue++;
            db.LifecycleEvents.Add(applied.Value);
        }
        return applied;
    }
}
