using System.Data;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;

namespace HealthCard.App.Network;

/// <summary>A card as the national directory knows it: what the status check and the online check need, and its owner.</summary>
public sealed record DirectoryCard(string Serial, CardStatus Status, string OwnerRegion, string RegionCode);

/// <summary>
/// Reads the national card directory (<see cref="NetworkCard"/>), the one place that answers for cards owned by other
/// nodes: the status check, the online check and card operations forwarded to their owner ask here when this node's own
/// tables do not hold the card (issue 16 §5). Same ranking as <c>CardsOfNumber</c>: the current card first. Singleton.
/// </summary>
public sealed class CardDirectory(DatabaseSettings database, NetworkNode node) : IDisposable
{
    private const string Columns = "\"Serial\", \"Status\", \"OwnerRegion\", \"RegionCode\"";

    private readonly PreparedStatementPool _byNumber = new(database, $"""
        SELECT {Columns} FROM "NetworkCards" WHERE "IdNumberIndex" = @index
        ORDER BY CASE WHEN "Status" IN ('replaced', 'cancelled') THEN 1 ELSE 0 END, "IssueDate" DESC, "Version" DESC
        LIMIT 1
        """, ("@index", DbType.Binary));

    private readonly PreparedStatementPool _bySerial = new(database, $"""
        SELECT {Columns} FROM "NetworkCards" WHERE "IdNumberIndex" = @index AND "Serial" = @serial LIMIT 1
        """, ("@index", DbType.Binary), ("@serial", DbType.String));

    /// <summary>The card a number stands for now, anywhere in the country; null on an island or when unknown.</summary>
    public Task<DirectoryCard?> FindAsync(byte[] idNumberIndex, CancellationToken cancellationToken) =>
        node.Enabled ? _byNumber.QueryAsync([idNumberIndex], Read, cancellationToken) : Task.FromResult<DirectoryCard?>(null);

    /// <summary>One physical card by number and serial, as the online check names it.</summary>
    public Task<DirectoryCard?> FindAsync(byte[] idNumberIndex, string serial, CancellationToken cancellationToken) =>
        node.Enabled ? _bySerial.QueryAsync([idNumberIndex, serial], Read, cancellationToken) : Task.FromResult<DirectoryCard?>(null);

    private static DirectoryCard? Read(System.Data.Common.DbDataReader reader) => reader.Read()
        ? new DirectoryCard(reader.GetString(0), EnumNames.TryParse<CardStatus>(reader.GetString(1), out var status)
            ? status
            : throw new InvalidOperationException("Unknown card status in the directory."), reader.GetString(2), reader.GetString(3))
        : null;

    public void Dispose()
    {
        _byNumber.Dispose();
        _bySerial.Dispose();
    }
}
