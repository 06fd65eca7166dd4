using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Network;
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
public sealed class ChangeCardStatus(HealthCardDb db, AuditTrail audit, CardStore cards, IssueCard issue, CardDirectory directory,
    OwnerRequests owners, NetworkNode node, TimeProvider clock)
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
            OnConcurrencyConflict = CardErrors.VersionConflict,
        };
        return audit.RunAsync<CardView>(caller, scope, async ct =>
        {
            // What the operator must say (a reason, the unit, the caps) is the domain's rule, the same for every door.
            var checkedInput = CardOperationRules.Check(trigger, operation.Reason, operation.Operator, operation.Unit);
            if (!checkedInput.IsSuccess)
            {
                return checkedInput.Error!;
            }
            var input = checkedInput.Value;
            var all = await cards.AllAsync(caller, cardNumber, ct);
            if (await OwnerElsewhereAsync(caller, cardNumber, trigger, all, selfService, ct) is { } owner)
            {
                // The card is another node's: the operation is accepted here and takes effect there, through the owner's
                // own use case and rules (ADR 026). Its answer, success or refusal, is this node's answer, audited here too.
                var forwarded = await owners.ChangeCardAtOwnerAsync(owner, caller, cardNumber, trigger, operation, ct);
                scope.TargetId = forwarded.IsSuccess ? forwarded.Value.Serial : null;
                scope.Details = JsonSerializer.Serialize(new { forwardedTo = owner });
                return forwarded;
            }
            if (all.Count == 0 || (selfService && all[0].ResidentId != caller.ResidentId))
            {
                return CardErrors.NotFound;
            }
            var card = all[0];
            scope.TargetId = card.Serial;
            var context = new TransitionContext(caller.Actor, caller.Channel, clock.GetUtcNow(), input.Reason, input.Operator, input.Unit);
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
                result = await issue.MakeAsync(caller, holder, card.Mode, card.IssuerCode, chipSerial: null, input.Operator, replaces: card, card.ProductId, ct);
            }
            scope.Details = JsonSerializer.Serialize(new { from = EnumNames.Of(applied.Value.FromStatus!.Value), to = EnumNames.Of(card.Status), newSerial = result == card ? null : result.Serial });
            return await cards.ViewAsync(result, caller, ct);
        }, cancellationToken);
    }

    /// <summary>
    /// The node to forward to: the owner of the copy held here, or, when this node has no such card, the owner the national
    /// directory names. Anyone who may act on cards may report any card lost (its holder may stand anywhere); the other
    /// operations stay within the caller's region.
    /// </summary>
    private async Task<string?> OwnerElsewhereAsync(Caller caller, string cardNumber, CardTrigger trigger, List<Card> found, bool selfService,
        CancellationToken cancellationToken)
    {
        if (!node.Enabled || selfService)
        {
            return null;
        }
        if (found.Count > 0)
        {
            return db.Entry(found[0]).Property(ReplicatedKinds.CopyOwner).CurrentValue as string;
        }
        return await directory.FindAsync(cards.IndexOf(cardNumber), cancellationToken) is { } elsewhere && elsewhere.OwnerRegion != node.Region
            && (trigger == CardTrigger.ReportLoss || caller.Covers(elsewhere.RegionCode))
            ? elsewhere.OwnerRegion
            : null;
    }
}
