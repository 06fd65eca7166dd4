using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Blacklists;

/// <summary>
/// One card on a list: terminals match the card number AND the serial (standard §8). <c>add</c> means refuse (black) or
/// warn (grey); <c>remove</c>, in a delta, means the card left the list (a loss cancelled, a card unfrozen).
/// </summary>
public sealed record ListEntry(string CardNumber, string Serial, CardStatus Status, string Action);

/// <summary>
/// What is signed. <see cref="Version"/> is the platform's card-event position when the list was made: a terminal
/// asks for the delta since the version it holds.
/// </summary>
public sealed record ListPayload(string Format, string List, string Region, long Version, long? Since, DateTimeOffset GeneratedAt,
    IReadOnlyList<ListEntry> Entries);

/// <summary>
/// A signed list as terminals download it: <see cref="Payload"/> is the exact JSON text that was signed (SM2 with SM3,
/// user ID 1234567812345678, r‖s hex), so that any JSON library can check it without re-serializing.
/// </summary>
public sealed record SignedList(string Payload, string KeyId, int KeyVersion, string PublicKey, string Signature)
{
    public const string Format = "healthcard-list/1";

    /// <summary>
    /// True when the signature over the payload verifies under <paramref name="trustedPublicKey"/> (64 bytes x‖y), the
    /// platform key the terminal was provisioned with; the key named in the file is only a hint and must equal it.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> trustedPublicKey)
    {
        byte[] named, signature;
        try
        {
            named = Convert.FromHexString(PublicKey);
            signature = Convert.FromHexString(Signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return named.Length == trustedPublicKey.Length && CryptographicOperations.FixedTimeEquals(named, trustedPublicKey)
            && signature.Length == 64 && Sm2Algorithm.Verify(trustedPublicKey, Encoding.UTF8.GetBytes(Payload), signature);
    }
}

/// <summary>
/// The blacklist (lost, cancelled and replaced cards: refuse) and greylist (frozen cards: warn) for offline terminals,
/// per region, in full or as a delta since a version, signed by the platform.
/// </summary>
public sealed class BuildList(HealthCardDb db, ResidentMapper mapper, IPlatformSigner signer, TimeProvider clock)
{
    private static readonly CardStatus[] Black = [CardStatus.ReportedLost, CardStatus.Cancelled, CardStatus.Replaced];
    private static readonly CardStatus[] Grey = [CardStatus.Frozen];

    // The same lists as database predicates: a status column with a value converter cannot be matched against an array.
    private static readonly Expression<Func<Card, bool>> OnBlack =
        c => c.Status == CardStatus.ReportedLost || c.Status == CardStatus.Cancelled || c.Status == CardStatus.Replaced;
    private static readonly Expression<Func<Card, bool>> OnGrey = c => c.Status == CardStatus.Frozen;

    public async Task<Result<SignedList>> ExecuteAsync(Caller caller, string list, string? region, long? since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var statuses = list switch
        {
            "black" => Black,
            "grey" => Grey,
            _ => null,
        };
        region ??= caller.RegionScope;
        var errors = new FieldErrors();
        if (statuses is null)
        {
            errors.Add("list", "名单类型应为 black 或 grey", "list is black or grey");
        }
        if (region.Length is not (0 or 2 or 4 or 6) || !region.All(char.IsAsciiDigit) || !caller.Covers(region))
        {
            errors.Add("region", "地区应为本人管辖范围内的 2、4 或 6 位代码", "region is a 2-, 4- or 6-digit code within your region");
        }
        if (since is < 0)
        {
            errors.Add("since", "版本号不能为负", "since is not negative");
        }
        if (errors.Any)
        {
            return errors.ToError("list.invalid");
        }
        // The version is read first: a card changed after it shows up again in the next delta, never missed.
        var version = await db.CardEvents.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        var cards = db.Cards.AsNoTracking().Where(c => db.Residents.Any(r => r.Id == c.ResidentId && r.RegionCode.StartsWith(region)));
        cards = since is { } from
            ? cards.Where(c => db.CardEvents.Any(e => e.CardId == c.Id && e.Id > from && e.Id <= version))
            : cards.Where(list == "black" ? OnBlack : OnGrey);
        var rows = await cards
            .Join(db.Residents, c => c.ResidentId, r => r.Id, (c, r) => new { c.Serial, c.Status, Holder = r })
            .OrderBy(x => x.Serial)
            .ToListAsync(cancellationToken);
        var entries = rows.Select(x => new ListEntry(mapper.IdNumberOf(x.Holder), x.Serial, x.Status, statuses!.Contains(x.Status) ? "add" : "remove"))
            .ToList();
        var payload = JsonSerializer.Serialize(new ListPayload(SignedList.Format, list, region, version, since, clock.GetUtcNow(), entries), ApiJson.Options);
        var signed = await signer.SignAsync(Encoding.UTF8.GetBytes(payload), cancellationToken);
        if (!signed.IsSuccess)
        {
            return signed.Error!;
        }
        var signature = signed.Value;
        return new SignedList(payload, signature.KeyId, signature.KeyVersion, Convert.ToHexString(signature.PublicKey), Convert.ToHexString(signature.Signature));
    }
}
