using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Cards;

/// <summary>The lifecycle history of every physical card under a number, oldest first.</summary>
public sealed class GetCardEvents(HealthCardDb db, CardStore cards)
{
    public async Task<Result<IReadOnlyList<CardEventView>>> ExecuteAsync(Caller caller, string cardNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.CardsRead) is { } denied)
        {
            return denied;
        }
        var all = await cards.AllAsync(caller, cardNumber, cancellationToken);
        if (all.Count == 0)
        {
            return CardErrors.NotFound;
        }
        var serials = all.ToDictionary(c => c.Id, c => c.Serial);
        var ids = serials.Keys.ToList();
        var events = await db.CardEvents.AsNoTracking().Where(e => ids.Contains(e.CardId)).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return events.Select(e => new CardEventView(serials[e.CardId], e.Action, e.FromStatus, e.ToStatus, e.Actor, e.Operator, e.Channel, e.Reason, e.OccurredAt, e.Unit)).ToList();
    }
}
