using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

/// <summary>
/// Self-service report of loss (挂失): takes effect at once, through the card lifecycle's own <see cref="ChangeCardStatus"/>
/// with the portal caller, so that the card event and the audit entry name channel <c>portal</c> and actor
/// <c>resident:&lt;masked card number&gt;</c>. Cancelling a loss stays at the counter (whoever holds the session could
/// otherwise revive a card the holder lost).
/// </summary>
public sealed class PortalReportLoss(HealthCardDb db, ResidentMapper mapper, ChangeCardStatus change)
{
    public const string Reason = "居民门户自助挂失 / reported lost by the resident in the portal";

    public async Task<Result<CardView>> ExecuteAsync(Caller caller, CancellationToken cancellationToken)
    {
        var residentId = PortalLookup.ResidentOf(caller);
        var resident = await db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == residentId, cancellationToken);
        if (resident is null)
        {
            return PortalErrors.NoCard;
        }
        // The resident's current county: the session's may be stale if the resident moved since signing in.
        var acting = caller with { RegionScope = resident.RegionCode };
        return await change.ExecuteAsync(acting, mapper.IdNumberOf(resident), CardTrigger.ReportLoss, new CardOperation(Reason), cancellationToken);
    }
}
