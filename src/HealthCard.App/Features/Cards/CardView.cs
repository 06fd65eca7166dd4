using HealthCard.App.Common;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// A physical card as callers see it. The card number IS the holder's document number: through <see cref="Disclosure"/>, fully
/// masked without <c>pii:read</c> (ADR 017).
/// </summary>
public sealed record CardView(
    string CardNumber,
    string Serial,
    CardStatus Status,
    string? ChipSerial,
    string? BankCardNumber,
    string IssuerCode,
    string CityCode,
    DateOnly IssueDate,
    DateOnly ExpiryDate,
    IssuanceMode IssuanceMode,
    Guid ResidentId,
    string? ReplacesSerial,
    Handling? Production,
    Handling? Distribution,
    Handling? Issuance,
    Guid? ProductId,
    IReadOnlyList<CardView>? PreviousCards = null)
{
    /// <summary>The triggers allowed from <see cref="Status"/>, each with where it leads: the actions a page may offer.</summary>
    public IReadOnlyList<AllowedTransition<CardTrigger, CardStatus>> Allowed => Card.Lifecycle.AllowedFrom(Status);

    public static CardView From(Card card, string cardNumber, string? bankCardNumber, string? replacesSerial, Caller caller) => From(card,
        cardNumber, bankCardNumber, replacesSerial, Disclosure.For(caller));

    private static CardView From(Card card, string cardNumber, string? bankCardNumber, string? replacesSerial, Disclosure show) => new(
        show.IdNumber(cardNumber),
        card.Serial,
        card.Status,
        card.ChipSerial,
        show.BankCard(bankCardNumber),
        card.IssuerCode,
        card.CityCode,
        card.IssueDate,
        card.ExpiryDate,
        card.Mode,
        card.ResidentId,
        replacesSerial,
        card.Production,
        card.Distribution,
        card.Issuance,
        card.ProductId);
}

/// <summary>The answer of the status check: enough for a terminal to decide, and no personal data (the number fully masked).</summary>
public sealed record CardStatusView(string CardNumber, string Serial, CardStatus Status);

/// <summary>One lifecycle event, as the history shows it.</summary>
public sealed record CardEventView(string Serial, string Action, CardStatus? FromStatus, CardStatus ToStatus, string Actor,
    string? Operator, Channel Channel, string? Reason, DateTimeOffset OccurredAt, string? Unit = null);
