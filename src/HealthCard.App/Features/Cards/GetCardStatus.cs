using HealthCard.App.Common;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// The status check that terminals run before using a card. A card is used across regions, so this answers any
/// caller with <c>registry:read</c> nationwide; that is safe because it returns no personal data (ADR 003; the number
/// comes back fully masked, ADR 017).
/// </summary>
public sealed class GetCardStatus(CardStatusQuery statuses)
{
    public async Task<Result<CardStatusView>> ExecuteAsync(Caller caller, string cardNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.CardsRead) is { } denied)
        {
            return denied;
        }
        var current = await statuses.FindAsync(cardNumber, cancellationToken);
        return current is null ? CardErrors.NotFound : new CardStatusView(Masking.IdNumber(cardNumber), current.Serial, current.Status);
    }
}
