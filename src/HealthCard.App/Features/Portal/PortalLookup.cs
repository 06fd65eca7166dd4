using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Cards;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

/// <summary>
/// What the portal signs in as: the resident, the card the number stands for now, and the account's security stamp at
/// sign-in (the session ends when the stamp changes: a new password anywhere ends every other session).
/// </summary>
public sealed record PortalSession(Guid ResidentId, string RegionCode, string MaskedCardNumber, string? CardSerial, string SecurityStamp = "")
{
    /// <summary>The caller for every portal use case (<see cref="Caller.Portal"/>).</summary>
    public Caller ToCaller() => Caller.Portal(ResidentId, RegionCode, MaskedCardNumber);
}

/// <summary>A portal account as its owner sees it.</summary>
public sealed record PortalAccountView(Guid ResidentId, bool HasPassword, DateTimeOffset? PasswordSetAt, DateTimeOffset? LastSignInAt);

/// <summary>Finding residents and cards for the portal. Card numbers go only through the blind index (ADR 002).</summary>
internal static class PortalLookup
{
    /// <summary>
    /// The card <paramref name="cardNumber"/> stands for now (<see cref="CardsOfNumber"/>) and its holder, not tracked;
    /// null when there is none or its holder is deceased (the portal serves living holders only).
    /// </summary>
    public static async Task<(ResidentRecord Holder, Card Card)?> CurrentCardAsync(HealthCardDb db, PersonalDataProtector protector,
        string cardNumber, CancellationToken cancellationToken)
    {
        // Living holders rank first, so the first card of the living holders is the number's card whenever it is a living holder's.
        var holders = db.Residents.Holders(protector.IdNumberIndex(cardNumber)).Living();
        var card = await db.Cards.AsNoTracking().Ranked(holders).FirstOrDefaultAsync(cancellationToken);
        if (card is null)
        {
            return null;
        }
        var holder = await db.Residents.AsNoTracking().FirstAsync(r => r.Id == card.ResidentId, cancellationToken);
        return (holder, card);
    }

    /// <summary>The resident's own cards, ranked as the number's (<see cref="CardsOfNumber"/>). Tracked.</summary>
    public static Task<List<Card>> CardsOfAsync(HealthCardDb db, Guid residentId, CancellationToken cancellationToken) =>
        db.Cards.RankedOf(db.Residents, residentId).ToListAsync(cancellationToken);

    /// <summary>The signed-in resident of a portal caller; a caller from any other channel is a programming error.</summary>
    public static Guid ResidentOf(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Channel != Domain.Common.Channel.Portal || caller.ResidentId is not { } id)
        {
            throw new ArgumentException("Portal use cases take a Caller.Portal (a signed-in resident).", nameof(caller));
        }
        return id;
    }

    public static PortalAccountView View(PortalAccount account) =>
        new(account.ResidentId, account.PasswordHash is not null, account.PasswordSetAt, account.LastSignInAt);
}
