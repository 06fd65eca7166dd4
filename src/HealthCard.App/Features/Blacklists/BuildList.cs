using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Blacklists;

/// <summary>
/// One card on a list, by its serial (发卡序列号, unique nationwide): <c>add</c> means refuse (black) or warn (grey);
/// <c>remove</c>, in a delta, means the card left the list (a loss cancelled, a card unfrozen). A list carries no card
/// number, nor any digest of one: ID numbers are few enough that a digest is reversed by trying them (ADR 017), and the
/// serial alone tells the card (a replacement card has a new serial, so the holder's new card is not refused).
/// </summary>
public sealed record ListEntry(string Serial, CardStatus Status, string Action);

/// <summary>
/// What is signed: one page of a list. <see cref="Version"/> is the platform's card-event position when the page was
/// made; a terminal that downloads several pages keeps the first page's version as its next <c>since</c>, so that
/// nothing changed meanwhile is missed. <see cref="Page"/> is 0 when the list is whole (the command line's export).
/// </summary>
public sealed record ListPayload(string Format, string List, string Region, long Version, long? Since, DateTimeOffset GeneratedAt,
    int Page, int PageSize, long Total, IReadOnlyList<ListEntry> Entries);

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
/// per region, in full or as a delta since a version, one page at a time, signed by the platform (finding 3 of issue 14).
/// A list holds only the cards to refuse or warn about; a delta adds the cards that left the list, never a card that was
/// never on it. Needs <see cref="Capabilities.BlacklistsDownload"/>; every download is audited (<c>blacklist.download</c>).
/// </summary>
public sealed class BuildList(HealthCardDb db, AuditTrail audit, IPlatformSigner signer, IRegionDirectory regions, TimeProvider clock)
{
    // The lists as database predicates: a status column with a value converter cannot be matched against an array.
    private static readonly Expression<Func<Card, bool>> OnBlack =
        c => c.Status == CardStatus.ReportedLost || c.Status == CardStatus.Cancelled || c.Status == CardStatus.Replaced;
    private static readonly Expression<Func<Card, bool>> OnGrey = c => c.Status == CardStatus.Frozen;
    private static readonly Expression<Func<CardEvent, bool>> LeftBlack =
        e => e.FromStatus == CardStatus.ReportedLost || e.FromStatus == CardStatus.Cancelled || e.FromStatus == CardStatus.Replaced;
    private static readonly Expression<Func<CardEvent, bool>> LeftGrey = e => e.FromStatus == CardStatus.Frozen;

    private static readonly CardStatus[] Black = [CardStatus.ReportedLost, CardStatus.Cancelled, CardStatus.Replaced];
    private static readonly CardStatus[] Grey = [CardStatus.Frozen];

    /// <summary>One page of the list (<paramref name="page"/> null: the whole list in one signed file, for the command line).</summary>
    public Task<Result<SignedList>> ExecuteAsync(Caller caller, string list, string? region, long? since, PageRequest? page,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.BlacklistsDownload) is { } denied)
        {
            return Task.FromResult<Result<SignedList>>(denied);
        }
        var statuses = list switch
        {
            "black" => Black,
            "grey" => Grey,
            _ => null,
        };
        var errors = new FieldErrors();
        if (statuses is null)
        {
            errors.Add("list", "名单类型应为 black 或 grey", "list is black or grey");
        }
        var prefix = RegionPrefix.Parse(region ?? caller.RegionScope, regions, errors, "region", nationalAllowed: true);
        region = prefix?.Value ?? "";
        if (prefix is { } p && !caller.Covers(p))
        {
            RegionPrefix.Outside(errors, "region");
        }
        if (since is < 0)
        {
            errors.Add("since", "版本号不能为负", "since is not negative");
        }
        if (errors.Any)
        {
            return Task.FromResult<Result<SignedList>>(errors.ToError("list.invalid"));
        }
        var scope = new AuditScope(list + "list.download", "list") { TargetId = list, RegionCode = region.Length == 0 ? null : region };
        return audit.RunAsync<SignedList>(caller, scope, async ct =>
        {
            // The version is read first: a card changed after it shows up again in the next delta, never missed.
            var version = await db.CardEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
            var onList = list == "black" ? OnBlack : OnGrey;
            var leftList = list == "black" ? LeftBlack : LeftGrey;
            var cards = db.Cards.AsNoTracking().Where(c => db.Residents.Any(r => r.Id == c.ResidentId && r.RegionCode.StartsWith(region)));
            if (since is { } from)
            {
                // Changed in the window, and on the list now or on it before (so leaving it): never a card that was never listed.
                var changed = db.CardEvents.Where(e => e.Id > from && e.Id <= version);
                var left = changed.Where(leftList);
                cards = cards.Where(c => changed.Any(e => e.CardId == c.Id));
                cards = list == "black"
                    ? cards.Where(c => c.Status == CardStatus.ReportedLost || c.Status == CardStatus.Cancelled || c.Status == CardStatus.Replaced
                        || left.Any(e => e.CardId == c.Id))
                    : cards.Where(c => c.Status == CardStatus.Frozen || left.Any(e => e.CardId == c.Id));
            }
            else
            {
                cards = cards.Where(onList);
            }
            var ordered = cards.OrderBy(c => c.Serial).Select(c => new { c.Serial, c.Status });
            // Cards owned by other nodes follow this node's own (issue 16 §3): a card lost anywhere is refused everywhere,
            // whatever region's list a terminal downloads. The directory holds their current status only, so a delta
            // carries every such card on the list now (an "add" a terminal already has changes nothing).
            var statusNames = statuses!.Select(s => EnumNames.Of(s)).ToList();
            var elsewhere = db.NetworkCards.AsNoTracking()
                .Where(n => statusNames.Contains(n.Status) && !db.Cards.Any(c => c.Id == n.CardId))
                .OrderBy(n => n.Serial).Select(n => new { n.Serial, n.Status });
            var ownTotal = await ordered.LongCountAsync(ct);
            var total = ownTotal + await elsewhere.LongCountAsync(ct);
            var rows = page is null ? await ordered.ToListAsync(ct) : await ordered.Skip(page.Offset).Take(page.SafeSize).ToListAsync(ct);
            var entries = rows.Select(x => new ListEntry(x.Serial, x.Status, statuses!.Contains(x.Status) ? "add" : "remove")).ToList();
            var room = page is null ? int.MaxValue : page.SafeSize - rows.Count;
            if (room > 0)
            {
                var skip = page is null ? 0 : (int)Math.Max(0, page.Offset - ownTotal);
                var foreign = await elsewhere.Skip(skip).Take(room).ToListAsync(ct);
                entries.AddRange(foreign.Select(x => new ListEntry(x.Serial, EnumNames.TryParse<CardStatus>(x.Status, out var status)
                    ? status : throw new InvalidOperationException("Unknown card status in the directory."), "add")));
            }
            var payload = JsonSerializer.Serialize(new ListPayload(SignedList.Format, list, region, version, since, clock.GetUtcNow(),
                page?.SafePage ?? 0, page?.SafeSize ?? entries.Count, total, entries), ApiJson.Options);
            var signed = await signer.SignAsync(Encoding.UTF8.GetBytes(payload), ct);
            if (!signed.IsSuccess)
            {
                return signed.Error!;
            }
            scope.Details = JsonSerializer.Serialize(new { since, version, page = page?.SafePage ?? 0, entries = entries.Count, total });
            var signature = signed.Value;
            return new SignedList(payload, signature.KeyId, signature.KeyVersion, Convert.ToHexString(signature.PublicKey),
                Convert.ToHexString(signature.Signature));
        }, cancellationToken);
    }
}
