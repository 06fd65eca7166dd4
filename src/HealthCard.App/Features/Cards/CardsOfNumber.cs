using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// Which card a card number stands for: the one statement of the rule (docs/adr/024-one-home-for-numbers-and-files.md),
/// for every door that resolves a number — card lookup and history, card operations, the status check, electronic-card
/// verification and issue, and the portal.
/// <para>
/// The number is the holder's document number (standard §1) and is never stored: its holders are the residents
/// registered under it, found through the blind index (ADR 002). Normally one; two when the number is registered under
/// two document types; and a deceased registration stays beside a living one registered after it.
/// </para>
/// <para>
/// The holders' cards are ranked: a living holder's before a deceased holder's, then a non-final card before a final
/// one (replaced, cancelled), then the newest issue date, then the newest id. The first is the card the number stands for
/// now; the others are its earlier cards. A deceased holder's cards are not hidden: recording a death cancels them
/// (reason <c>death</c>, ADR 004), so a dead person's number answers that cancelled card at every door (status
/// <c>cancelled</c>, online check 2004, <c>qr.card_not_usable</c>, an invalid transition for any operation) rather than
/// "not found". Doors that act for the holder themselves (the portal) serve living holders only: <see cref="Living"/>.
/// </para>
/// </summary>
public static class CardsOfNumber
{
    /// <summary>The residents registered under the number whose blind index is <paramref name="index"/>, living or not.</summary>
    public static IQueryable<ResidentRecord> Holders(this IQueryable<ResidentRecord> residents, byte[] index) =>
        residents.Where(r => r.IdNumberIndex == index);

    /// <summary>The holders who are alive: the only ones the portal signs in and serves (ADR 015).</summary>
    public static IQueryable<ResidentRecord> Living(this IQueryable<ResidentRecord> residents) =>
        residents.Where(r => r.DeathDate == null);

    /// <summary>The cards of <paramref name="holders"/>, ranked: the first is the card the number stands for now.</summary>
    public static IQueryable<Card> Ranked(this IQueryable<Card> cards, IQueryable<ResidentRecord> holders) =>
        from c in cards
        join r in holders on c.ResidentId equals r.Id
        orderby r.DeathDate == null ? 0 : 1,
            c.Status == CardStatus.Replaced || c.Status == CardStatus.Cancelled ? 1 : 0,
            c.IssueDate descending,
            c.Id descending
        select c;

    /// <summary>One resident's cards, ranked the same way: the first is the card the resident's number stands for, if they hold it.</summary>
    public static IQueryable<Card> RankedOf(this IQueryable<Card> cards, IQueryable<ResidentRecord> residents, Guid residentId) =>
        cards.Ranked(residents.Where(r => r.Id == residentId));

    /// <summary>
    /// The same ranking in SQL, for the prepared status check (<see cref="CardStatusQuery"/>): <paramref name="columns"/>
    /// of the first card (alias <c>c</c>; the holder is <c>r</c>) of the number whose blind index is <c>@index</c>.
    /// A test holds it equal to <see cref="Ranked"/>.
    /// </summary>
    internal static string FirstCardSql(string columns) => $"""
        SELECT {columns} FROM "Cards" c JOIN "Residents" r ON r."Id" = c."ResidentId"
        WHERE r."IdNumberIndex" = @index
        ORDER BY CASE WHEN r."DeathDate" IS NULL THEN 0 ELSE 1 END, CASE WHEN c."Status" IN ('replaced', 'cancelled') THEN 1 ELSE 0 END,
            c."IssueDate" DESC, c."Id" DESC
        LIMIT 1
        """;
}
