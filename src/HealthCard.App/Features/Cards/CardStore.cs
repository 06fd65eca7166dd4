using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Cards;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// Finding cards by card number (the holder's document number, matched through the blind index) within the caller's
/// region, and protecting the card's own personal data (the bank card number). Shared by the card use cases.
/// </summary>
public sealed class CardStore(HealthCardDb db, PersonalDataProtector protector, ResidentMapper mapper)
{
    /// <summary>
    /// The card number of a resident the caller may see, for callers that hold the resident, not the number (the console
    /// shows numbers masked to most roles but acts on the card). It stays on the server; null when not visible.
    /// </summary>
    public async Task<string?> CardNumberOfAsync(Caller caller, Guid residentId, CancellationToken cancellationToken)
    {
        var record = await db.Residents.AsNoTracking().VisibleTo(caller).FirstOrDefaultAsync(r => r.Id == residentId, cancellationToken);
        return record is null ? null : mapper.IdNumberOf(record);
    }

    /// <summary>Every physical card issued under a number the caller may see, ranked (<see cref="CardsOfNumber"/>). Tracked, for changes.</summary>
    public Task<List<Card>> AllAsync(Caller caller, string cardNumber, CancellationToken cancellationToken)
    {
        var holders = db.Residents.VisibleTo(caller).Holders(protector.IdNumberIndex(cardNumber));
        return db.Cards.Ranked(holders).ToListAsync(cancellationToken);
    }

    /// <summary>The blind index a card number is found by (here, in the national directory and at the national registry).</summary>
    public byte[] IndexOf(string cardNumber) => protector.IdNumberIndex(cardNumber);

    public void SetBankCardNumber(Card card, string? bankCardNumber) =>
        db.Entry(card).Property(HealthCardDb.BankCardNumberCipher).CurrentValue =
            bankCardNumber is null ? null : protector.Protect(bankCardNumber, Context(card.Id));

    public async Task<CardView> ViewAsync(Card card, Caller caller, CancellationToken cancellationToken)
    {
        // FindAsync answers from the change tracker when the holder or the replaced card is already loaded.
        var holder = await db.Residents.FindAsync([card.ResidentId], cancellationToken)
            ?? throw new InvalidOperationException("A card without its holder violates the foreign key.");
        var replaces = card.ReplacesCardId is { } previous ? (await db.Cards.FindAsync([previous], cancellationToken))?.Serial : null;
        var cipher = (byte[]?)db.Entry(card).Property(HealthCardDb.BankCardNumberCipher).CurrentValue;
        return CardView.From(card, mapper.IdNumberOf(holder), cipher is null ? null : protector.Unprotect(cipher, Context(card.Id)), replaces, caller);
    }

    private static string Context(Guid cardId) => $"card/{cardId:N}/bankCardNumber";
}
