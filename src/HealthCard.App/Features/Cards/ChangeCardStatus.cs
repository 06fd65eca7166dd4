using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// What the operator says about a lifecycle operation. <see cref="Unit"/> is the unit acting: the issuing point (发放网点)
/// for distribute, the issuing unit (发卡单位) for activate.
/// </summary>
public sealed record CardOperation(string? Reason = null, string? Operator = null, string? Unit = null);

/// <summary>
/// Freeze, unfreeze, report loss, cancel loss, activate, cancel and replace. Each is one trigger of the card
/// lifecycle table, applied to the card the number currently stands for. Replacement also makes the new card, in the
/// same transaction: the old card is void the moment the new one exists.
/// </summary>
public sealed class ChangeCardStatus(HealthCardDb db, AuditTrail audit, CardStore cards, IssueCard issue, TimeProvider clock)
{
    public Task<Result<CardView>> ExecuteAsync(Caller caller, string cardNumber, CardTrigger trigger, CardOperation operation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(operation);
        // A resident in the portal reports their own card lost (the one self-service operation); everyone else needs the capability.
        var selfService = caller.Channel == Channel.Portal && caller.ResidentId is not null && trigger == CardTrigger.ReportLoss;
        if (!selfService && caller.Authorize(Capabilities.CardsWrite) is { } denied)
        {
            return Task.FromResult<Result<CardView>>(denied);
        }
        var scope = new AuditScope("card." + EnumNames.Of(trigger), "card")
        {
            OnConcurrencyConflict = new Conflict("card.version_conflict", new Message("该卡刚被他人操作，请刷新后重试", "The card was changed meanwhile; reload and retry")),
        };
        return audit.RunAsync<CardView>(caller, scope, async ct =>
        {
            if (trigger == CardTrigger.Cancel && !EnumNames.TryParse<CancellationReason>(operation.Reason, out _))
            {
                var errors = new FieldErrors();
                errors.Add("reason", "注销原因应为 death、accidental_termination、voluntary 或 other",
                    "The cancellation reason must be death, accidental_termination, voluntary or other");
                return errors.ToError("card.invalid");
            }
            if ((trigger == CardTrigger.Distribute && string.IsNullOrWhiteSpace(operation.Unit)) || operation.Unit is { Length: > 70 })
            {
                var errors = new FieldErrors();
                errors.Add("unit", "单位最多 70 个字符；发放须注明发放网点", "unit has at most 70 characters; distribution names the issuing point");
                return errors.ToError("card.invalid");
            }
            var all = await cards.AllAsync(caller, cardNumber, ct);
            if (all.Count == 0 || (selfService && all[0].ResidentId != caller.ResidentId))
            {
                return CardErrors.NotFound;
            }
            var card = all[0];
            scope.TargetId = card.Serial;
            var context = new TransitionContext(caller.Actor, caller.Channel, clock.GetUtcNow(), operation.Reason, operation.Operator, operation.Unit);
            var applied = card.Apply(trigger, context);
            if (!applied.IsSuccess)
            {
                return applied.Error!;
            }
            // The version is the card's concurrency token: a second operator acting on the same read loses with card.version_conflict.
            db.Entry(card).Property(c => c.Version).CurrentValue++;
            var holder = await db.Residents.FirstAsync(r => r.Id == card.ResidentId, ct);
            scope.RegionCode = holder.RegionCode;
            var result = card;
            if (trigger == CardTrigger.Replace)
            {
                // Void the old card first so that the "one current card" index admits the new one.
                await db.SaveChangesAsync(ct);
                result = await issue.MakeAsync(caller, holder, card.Mode, card.IssuerCode, chipSerial: null, operation.Operator, replaces: card, card.ProductId, ct);
            }
            scope.Details = JsonSerializer.Serialize(new { from = EnumNames.Of(applied.Value.FromStatus!.Value), to = EnumNames.Of(card.Status), newSerial = result == card ? null : result.Serial });
            return await cards.ViewAsync(result, caller, ct);
        }, cancellationToken);
    }
}
