using System.Data;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// The status check, the platform's hottest read (every card use by every terminal): one index lookup on a prepared
/// statement (<see cref="PreparedStatementPool"/>). Singleton.
/// </summary>
public sealed class CardStatusQuery(DatabaseSettings database, PersonalDataProtector protector, CardDirectory directory) : IDisposable
{
    // What the card number stands for now (CardsOfNumber).
    private readonly PreparedStatementPool _statement = new(database, CardsOfNumber.FirstCardSql("c.\"Serial\", c.\"Status\""), ("@index", DbType.Binary));

    /// <summary>This node's own card (or its copy), else the national directory's answer for a card owned elsewhere (issue 16 §5).</summary>
    public async Task<CardStatusRow?> FindAsync(string cardNumber, CancellationToken cancellationToken)
    {
        var index = protector.IdNumberIndex(cardNumber);
        var local = await _statement.QueryAsync<CardStatusRow?>([index], reader => reader.Read()
            ? new CardStatusRow(reader.GetString(0), EnumNames.TryParse<CardStatus>(reader.GetString(1), out var status)
                ? status
                : throw new InvalidOperationException("Unknown card status in the database."))
            : null, cancellationToken);
        return local ?? (await directory.FindAsync(index, cancellationToken) is { } elsewhere ? new CardStatusRow(elsewhere.Serial, elsewhere.Status) : null);
    }

    public void Dispose() => _statement.Dispose();
}

/// <summary>What the status check reads.</summary>
public sealed record CardStatusRow(string Serial, CardStatus Status);
