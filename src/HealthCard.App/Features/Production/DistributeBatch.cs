using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Production;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Production;

/// <summary>Produced cards of a batch go to an issuing point (发放网点): all of them, or the serials listed.</summary>
public sealed record DistributionRequest(string? IssuingPoint, string? Operator = null, IReadOnlyList<string>? Serials = null);

public sealed record DistributionView(string Batch, string IssuingPoint, IReadOnlyList<string> Serials);

/// <summary>
/// Delivers produced cards to an issuing point: each card takes the <c>distribute</c> trigger, which records the issuing
/// point, the staff and the time on the card (<c>Card.Distribution</c>) and in its event. All or nothing: a listed serial
/// that is not a produced card of the batch refuses the whole delivery.
/// </summary>
public sealed class DistributeBatch(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<DistributionView>> ExecuteAsync(Caller caller, Guid id, DistributionRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ProductionWrite) is { } denied)
        {
            return Task.FromResult<Result<DistributionView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("production_batch.distribute", "production_batch")
        {
            TargetId = id.ToString(),
            OnConcurrencyConflict = new Conflict("card.version_conflict", new Message("有卡刚被他人操作，请刷新后重试", "A card was changed meanwhile; reload and retry")),
        };
        return audit.RunAsync<DistributionView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            if (string.IsNullOrWhiteSpace(request.IssuingPoint) || request.IssuingPoint.Length > 70)
            {
                errors.Add("issuingPoint", "须注明发放网点（最多 70 个字符）", "issuingPoint is required, at most 70 characters");
            }
            if (request.Operator is { Length: > 100 })
            {
                errors.Add("operator", "经办人最多 100 个字符", "operator has at most 100 characters");
            }
            if (request.Serials is { Count: > CreateProductionBatch.MaxCards })
            {
                errors.Add("serials", $"最多 {CreateProductionBatch.MaxCards} 张", $"At most {CreateProductionBatch.MaxCards} serials");
            }
            if (errors.Any)
            {
                return errors.ToError("production_batch.invalid");
            }
            var batch = await ProductionErrors.FindAsync(db, caller, id, scope, ct);
            if (batch is null)
            {
                return ProductionErrors.NotFound;
            }
            var produced = db.ProductionBatchItems.Where(i => i.BatchId == id && i.Status == BatchItemStatus.Produced);
            if (request.Serials is { Count: > 0 } serials)
            {
                produced = produced.Where(i => serials.Contains(i.Serial));
            }
            var cards = await db.Cards.Where(c => c.Status == CardStatus.Produced && produced.Any(i => i.CardId == c.Id)).OrderBy(c => c.Serial).ToListAsync(ct);
            if (request.Serials is { Count: > 0 } wanted && wanted.Except(cards.Select(c => c.Serial)).FirstOrDefault() is { } missing)
            {
                return new Conflict("production_batch.not_distributable", new Message($"卡 {missing} 不是本批次已制成待发放的卡",
                    $"Card {missing} is not a produced card of this batch waiting for distribution"));
            }
            if (cards.Count == 0)
            {
                return new Conflict("production_batch.not_distributable", new Message("本批次没有已制成待发放的卡", "No produced card of this batch waits for distribution"));
            }
            var context = new TransitionContext(caller.Actor, caller.Channel, clock.GetUtcNow(), Operator: request.Operator, Unit: request.IssuingPoint);
            foreach (var card in cards)
            {
                card.Apply(CardTrigger.Distribute, context);
                db.Entry(card).Property(c => c.Version).CurrentValue++;
            }
            var distributed = cards.Select(c => c.Serial).ToList();
            scope.Details = JsonSerializer.Serialize(new { issuingPoint = request.IssuingPoint, count = distributed.Count });
            db.LifecycleEvents.Add(batch.Distributed(CreateInstitution.Context(caller, clock), scope.Details));
            return new DistributionView(batch.Number, request.IssuingPoint!, distributed);
        }, cancellationToken);
    }
}
