using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

/// <summary>A replacement request as the resident and the counter see it; the status is derived from the card.</summary>
/// <param name="Status"><c>open</c> (waiting for the counter), <c>fulfilled</c> (the card was replaced) or <c>closed</c> (cancelled instead).</param>
public sealed record ReplacementRequestView(Guid Id, Guid ResidentId, string CardSerial, string RegionCode, ReplacementReason Reason,
    string RequestedBy, DateTimeOffset RequestedAt, string Status, string? NewSerial);

/// <summary>The signed-in resident's cards: every physical card (current first), the whole event timeline, and replacement requests.</summary>
public sealed record MyCardsView(IReadOnlyList<CardView> Cards, IReadOnlyList<CardEventView> Events, IReadOnlyList<ReplacementRequestView> Replacements);

/// <summary>
/// Card status and card history for the signed-in resident only: all their cards, including replaced and cancelled
/// ones, and every lifecycle event of each, oldest first. Card and bank card numbers are masked (no <c>pii:read</c>).
/// </summary>
public sealed class GetMyCards(HealthCardDb db, CardStore cards)
{
    public async Task<Result<MyCardsView>> ExecuteAsync(Caller caller, CancellationToken cancellationToken)
    {
        var residentId = PortalLookup.ResidentOf(caller);
        var own = await PortalLookup.CardsOfAsync(db, residentId, cancellationToken);
        var views = new List<CardView>(own.Count);
        foreach (var card in own)
        {
            views.Add(await cards.ViewAsync(card, caller, cancellationToken));
        }
        var serials = own.ToDictionary(c => c.Id, c => c.Serial);
        var ids = serials.Keys.ToList();
        var events = await db.CardEvents.AsNoTracking().Where(e => ids.Contains(e.CardId)).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        var requests = await ReplacementRequests.Query(db, db.ReplacementRequests.Where(r => r.ResidentId == residentId))
            .ToListAsync(cancellationToken);
        return new MyCardsView(views,
            events.Select(e => new CardEventView(serials[e.CardId], e.Action, e.FromStatus, e.ToStatus, e.Actor, e.Operator, e.Channel, e.Reason,
                e.OccurredAt, e.Unit)).ToList(),
            requests);
    }
}
