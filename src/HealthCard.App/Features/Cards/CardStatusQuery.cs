using System.Data;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// The status check, the platform's hottest read (every card use by every terminal): one index lookup on a prepared
/// statement (<see cref="PreparedStatementPool"/>). Singleton.
/// </summary>
public sealed class CardStatusQuery(DatabaseSettings database, PersonalDataProtector protector) : IDisposable
{
    // What the card number stands for now (CardsOfNumber).
    private readonly PreparedStatementPool _statement = new(database, CardsOfNumber.FirstCardSql("c.\"Serial\", c.\"Status\""), ("@index", DbType.Binary));

    public Task<CardStatusRow?> FindAsync(string cardNumber, CancellationToken cancellationToken) =>
        _statement.QueryAsync<CardStatusRow?>([protector.IdNumberIndex(cardNumber)], reader => reader.Read()
            ? new CardStatusRow(reader.GetString(0), EnumNames.TryParse<CardStatus>(reader.GetString(1), out var status)
                ? status
                : throw new InvalidOperationException("Unknown card status in the database."))
            : null, cancellationToken);

    public void Dispose() => _statement.Dispose();
}

/// <summary>What the status check reads.</summary>
public sealed record CardStatusRow(string Serial, CardStatus Status);
