using HealthCard.App.Common;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Cards;

/// <summary>The card a number stands for now, with the earlier physical cards issued under it.</summary>
public sealed class GetCard(CardStore cards)
{
    public async Task<Result<CardView>> ExecuteAsync(Caller caller, string cardNumber, CancellationToken cancellationToken)
    {
        var all = await cards.AllAsync(caller, cardNumber, cancellationToken);
        if (all.Count == 0)
        {
            return CardErrors.NotFound;
        }
        var earlier = new List<CardView>();
        foreach (var card in all.Skip(1))
        {
            earlier.Add(await cards.ViewAsync(card, caller, cancellationToken));
        }
        return await cards.ViewAsync(all[0], caller, cancellationToken) with { PreviousCards = earlier };
    }
}
