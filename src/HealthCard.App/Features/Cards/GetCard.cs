using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// The card a number stands for now, with the earlier physical cards issued under it. A read that shows the numbers in
/// full (<c>pii:read</c>: the card number is the ID number, and the bank card number) is audited as <c>card.read</c>.
/// </summary>
public sealed class GetCard(HealthCardDb db, CardStore cards, AuditTrail audit)
{
    public async Task<Result<CardView>> ExecuteAsync(Caller caller, string cardNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.CardsRead) is { } denied)
        {
            return denied;
        }
        if (!caller.SeesPersonalData)
        {
            return await ReadAsync(caller, cardNumber, null, cancellationToken);
        }
        var scope = new AuditScope("card.read", "card");
        return await audit.RunAsync(caller, scope, ct => ReadAsync(caller, cardNumber, scope, ct), cancellationToken);
    }

    private async Task<Result<CardView>> ReadAsync(Caller caller, string cardNumber, AuditScope? scope, CancellationToken cancellationToken)
    {
        var all = await cards.AllAsync(caller, cardNumber, cancellationToken);
        if (all.Count == 0)
        {
            return CardErrors.NotFound;
        }
        if (scope is not null)
        {
            scope.TargetId = all[0].Serial;
            scope.RegionCode = await db.Residents.Where(r => r.Id == all[0].ResidentId).Select(r => r.RegionCode).FirstAsync(cancellationToken);
        }
        var earlier = new List<CardView>();
        foreach (var card in all.Skip(1))
        {
            earlier.Add(await cards.ViewAsync(card, caller, cancellationToken));
        }
        return await cards.ViewAsync(all[0], caller, cancellationToken) with { PreviousCards = earlier };
    }
}
