using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

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
