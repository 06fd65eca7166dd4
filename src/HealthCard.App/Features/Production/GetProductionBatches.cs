using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Production;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Production;

/// <summary>Batches in the caller's region: a page of them, one with its items and their cards' statuses, and the history.</summary>
public sealed class GetProductionBatches(HealthCardDb db)
{
    public async Task<Result<Paged<ProductionBatchView>>> ListAsync(Caller caller, string? status, PageRequest page, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ProductionRead) is { } denied)
        {
            return denied;
        }
        var query = db.ProductionBatches.AsNoTracking().InRegionOf(caller);
        if (EnumNames.TryParse<BatchStatus>(status, out var s))
        {
            query = query.Where(b => b.Status == s);
        }
        return await Paged<ProductionBatchView>.ReadAsync(query.OrderByDescending(b => b.CreatedAt), page, b => ProductionBatchView.From(b, null), cancellationToken);
    }

    public async Task<Result<ProductionBatchView>> OneAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ProductionRead) is { } denied)
        {
            return denied;
        }
        var batch = await db.ProductionBatches.AsNoTracking().InRegionOf(caller).FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (batch is null)
        {
            return ProductionErrors.NotFound;
        }
        var items = await db.ProductionBatchItems.Where(i => i.BatchId == id)
            .Join(db.Cards, i => i.CardId, c => c.Id, (i, c) => new { Item = i, c.Status })
            .OrderBy(x => x.Item.Serial)
            .ToListAsync(cancellationToken);
        return ProductionBatchView.From(batch, items.Select(x => new BatchItemView(x.Item.Serial, x.Item.ResidentId, x.Item.ApplicationId,
            x.Item.Status, x.Status, x.Item.FailureReason)).ToList());
    }

    public async Task<Result<IReadOnlyList<LifecycleEventView>>> HistoryAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ProductionRead) is { } denied)
        {
            return denied;
        }
        if (!await db.ProductionBatches.InRegionOf(caller).AnyAsync(b => b.Id == id, cancellationToken))
        {
            return ProductionErrors.NotFound;
        }
        return Result<IReadOnlyList<LifecycleEventView>>.Success(
            await LifecycleEventView.HistoryAsync(db, ProductionBatch.Lifecycle.Machine, id.ToString(), cancellationToken));
    }
}
