using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

/// <summary>
/// The signed-in resident asks for a replacement card (补换卡) for their current card (ADR 015). The request is recorded
/// (one per physical card, a unique index) and the county's counter completes it with the lifecycle's <c>replace</c>
/// trigger when the resident comes for the new card: a card is handed over in person, and instant replacement from a
/// browser would activate a card nobody holds. A card reported lost through the portal can be replaced at once at any
/// counter. When the reason is <see cref="ReplacementReason.Lost"/> and the card is not yet reported lost, the loss is
/// reported first (its own audited change), so that the lost card stops working now, not at the counter.
/// </summary>
public sealed class RequestReplacement(HealthCardDb db, AuditTrail audit, PortalReportLoss reportLoss, TimeProvider clock)
{
    public async Task<Result<ReplacementRequestView>> ExecuteAsync(Caller caller, ReplacementReason reason, CancellationToken cancellationToken)
    {
        var residentId = PortalLookup.ResidentOf(caller);
        if (!Enum.IsDefined(reason))
        {
            var errors = new FieldErrors();
            errors.Add("reason", "补换原因应为 lost、damaged 或 other", "The reason is lost, damaged or other");
            return errors.ToError("portal.invalid");
        }
        var current = await CurrentAsync(residentId, cancellationToken);
        if (current is null)
        {
            return PortalErrors.NoCard;
        }
        if (reason == ReplacementReason.Lost && current.Status is CardStatus.Active or CardStatus.Frozen)
        {
            var reported = await reportLoss.ExecuteAsync(caller, cancellationToken);
            if (!reported.IsSuccess)
            {
                return reported.Error!;
            }
        }
        var scope = new AuditScope("portal.replacement_request", "card")
            .OnUniqueViolation(ReplacementRequestConfiguration.OnePerCardIndex, PortalErrors.ReplacementAlreadyRequested);
        var saved = await audit.RunAsync<ReplacementRequest>(caller, scope, async ct =>
        {
            var card = await CurrentAsync(residentId, ct);
            var resident = await db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == residentId, ct);
            if (card is null || resident is null)
            {
                return PortalErrors.NoCard;
            }
            scope.TargetId = card.Serial;
            scope.RegionCode = resident.RegionCode;
            if (!Card.Lifecycle.TryNext(card.Status, CardTrigger.Replace, out _))
            {
                return new InvalidTransition("card", EnumNames.Of(card.Status), EnumNames.Of(CardTrigger.Replace));
            }
            var now = clock.GetUtcNow();
            var request = new ReplacementRequest
            {
                Id = Guid.CreateVersion7(now),
                ResidentId = residentId,
                CardId = card.Id,
                CardSerial = card.Serial,
                RegionCode = resident.RegionCode,
                Reason = reason,
                RequestedBy = caller.Actor,
                RequestedAt = now,
            };
            db.ReplacementRequests.Add(request);
            scope.Details = JsonSerializer.Serialize(new { requestId = request.Id, reason = EnumNames.Of(reason), status = EnumNames.Of(card.Status) });
            return request;
        }, cancellationToken);
        if (!saved.IsSuccess)
        {
            return saved.Error!;
        }
        return await ReplacementRequests.Query(db, db.ReplacementRequests.Where(r => r.Id == saved.Value.Id)).FirstAsync(cancellationToken);
    }

    private Task<Card?> CurrentAsync(Guid residentId, CancellationToken cancellationToken) =>
        db.Cards.AsNoTracking().Where(c => c.ResidentId == residentId && c.Status != CardStatus.Replaced && c.Status != CardStatus.Cancelled)
            .FirstOrDefaultAsync(cancellationToken);
}
