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

/// <summary>
/// Replacement requests for the counter (console): those of residents in the caller's region, newest first, optionally
/// only the open ones. Completing one is the card's <c>replace</c> operation (<see cref="Cards.ChangeCardStatus"/>).
/// </summary>
public sealed class GetReplacementRequests(HealthCardDb db)
{
    public async Task<Result<Paged<ReplacementRequestView>>> ExecuteAsync(Caller caller, bool openOnly, PageRequest page, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.CardsRead) is { } denied)
        {
            return denied;
        }
        var requests = db.ReplacementRequests.AsNoTracking().InRegionOf(caller);
        if (openOnly)
        {
            requests = requests.Where(r => db.Cards.Any(c => c.Id == r.CardId && c.Status != CardStatus.Replaced && c.Status != CardStatus.Cancelled));
        }
        return await Paged<ReplacementRequestView>.ReadAsync(ReplacementRequests.Query(db, requests), page, v => v, cancellationToken);
    }
}

/// <summary>The one projection of replacement requests, with the status derived from the card they name.</summary>
internal static class ReplacementRequests
{
    public const string Open = "open";
    public const string Fulfilled = "fulfilled";
    public const string Closed = "closed";

    public static IQueryable<ReplacementRequestView> Query(HealthCardDb db, IQueryable<ReplacementRequest> requests) =>
        from r in requests
        join c in db.Cards on r.CardId equals c.Id
        orderby r.RequestedAt descending, r.Id descending
        select new ReplacementRequestView(r.Id, r.ResidentId, r.CardSerial, r.RegionCode, r.Reason, r.RequestedBy, r.RequestedAt,
            c.Status == CardStatus.Replaced ? Fulfilled : c.Status == CardStatus.Cancelled ? Closed : Open,
            db.Cards.Where(n => n.ReplacesCardId == r.CardId).Select(n => n.Serial).FirstOrDefault());
}
