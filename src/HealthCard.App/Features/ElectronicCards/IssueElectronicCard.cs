using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Keys;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HealthCard.App.Features.ElectronicCards;

/// <summary>The <c>HealthCard:ElectronicCard</c> configuration section.</summary>
public sealed class ElectronicCardOptions
{
    public const string Section = "HealthCard:ElectronicCard";

    /// <summary>How long a code is valid after it is made: 5 minutes by default, 30 seconds to 1 hour.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);
}

/// <summary>A freshly signed code and what it states.</summary>
public sealed record ElectronicCard(string Code, string CardSerial, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, int KeyVersion);

/// <summary>
/// Makes an electronic health card code (ADR 015) for a card that is usable now (<c>active</c>), signed by the key
/// service's platform key (<see cref="IPlatformSigner"/>). A code carries the card number in full, so each one made is
/// audited (<c>ecard.issue</c>: the card's serial, region, expiry and key version; never the number). Render it with
/// <see cref="ElectronicCardImage.Png"/>.
/// </summary>
public sealed class IssueElectronicCard(HealthCardDb db, CardStore cards, ResidentMapper mapper, IPlatformSigner signer, AuditTrail audit,
    TimeProvider clock, IOptions<ElectronicCardOptions> options)
{
    /// <summary>For the signed-in resident (<see cref="Caller.Portal"/>): the code of their current card.</summary>
    public async Task<Result<ElectronicCard>> ForResidentAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Channel != Channel.Portal || caller.ResidentId is not { } residentId)
        {
            throw new ArgumentException("ForResidentAsync takes a Caller.Portal (a signed-in resident).", nameof(caller));
        }
        var scope = new AuditScope("ecard.issue", "card");
        return await audit.RunAsync<ElectronicCard>(caller, scope, async ct =>
        {
            var resident = await db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == residentId, ct);
            if (resident is null)
            {
                return new NotFound("card");
            }
            var card = await db.Cards.AsNoTracking().Where(c => c.ResidentId == residentId && c.Status != CardStatus.Replaced && c.Status != CardStatus.Cancelled)
                .FirstOrDefaultAsync(ct);
            return card is null ? new NotFound("card") : await SignAsync(mapper.IdNumberOf(resident), card, resident.RegionCode, scope, ct);
        }, cancellationToken);
    }

    /// <summary>For integrators and the command line: the card the number stands for now, within the caller's region.</summary>
    public async Task<Result<ElectronicCard>> ForCardAsync(Caller caller, string cardNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(cardNumber);
        if (caller.Authorize(Capabilities.ElectronicCardsIssue) is { } denied)
        {
            return denied;
        }
        var scope = new AuditScope("ecard.issue", "card");
        return await audit.RunAsync<ElectronicCard>(caller, scope, async ct =>
        {
            var all = await cards.AllAsync(caller, cardNumber, ct);
            if (all.Count == 0)
            {
                return new NotFound("card");
            }
            var region = await db.Residents.Where(r => r.Id == all[0].ResidentId).Select(r => r.RegionCode).FirstAsync(ct);
            return await SignAsync(cardNumber, all[0], region, scope, ct);
        }, cancellationToken);
    }

    private async Task<Result<ElectronicCard>> SignAsync(string cardNumber, Card card, string region, AuditScope scope, CancellationToken cancellationToken)
    {
        scope.TargetId = card.Serial;
        scope.RegionCode = region;
        if (card.Status != CardStatus.Active)
        {
            return ElectronicCardErrors.CardNotUsable(EnumNames.Of(card.Status));
        }
        var number = cardNumber.Trim().ToUpperInvariant();
        if (!ElectronicCardCode.IsEncodable(number))
        {
            return ElectronicCardErrors.CardNumberUnsupported;
        }
        var lifetime = options.Value.Lifetime;
        if (lifetime < ElectronicCardOptions.MinLifetime || lifetime > ElectronicCardOptions.MaxLifetime)
        {
            throw new InvalidOperationException($"{ElectronicCardOptions.Section}:Lifetime must be from 30 seconds to 1 hour.");
        }
        // Whole seconds: what the code carries.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = issuedAt + lifetime;
        // The signature names the key version, and the version is inside the signed text: sign once with the active
        // version, then put that version in. A rotation between the two would only make the code fail verification.
        var keyVersion = await ActiveVersionAsync(cancellationToken);
        var signedText = ElectronicCardCode.SignedText(number, card.Serial, issuedAt, expiresAt, keyVersion);
        var signed = await signer.SignAsync(System.Text.Encoding.ASCII.GetBytes(signedText), cancellationToken);
        if (!signed.IsSuccess)
        {
            return signed.Error!;
        }
        if (signed.Value.KeyVersion != keyVersion)
        {
            // Rotated in between: sign again with the version that is active now.
            signedText = ElectronicCardCode.SignedText(number, card.Serial, issuedAt, expiresAt, signed.Value.KeyVersion);
            signed = await signer.SignAsync(System.Text.Encoding.ASCII.GetBytes(signedText), cancellationToken);
            if (!signed.IsSuccess)
            {
                return signed.Error!;
            }
        }
        scope.Details = System.Text.Json.JsonSerializer.Serialize(new { expiresAt, keyVersion = signed.Value.KeyVersion });
        return new ElectronicCard(ElectronicCardCode.Attach(signedText, signed.Value.Signature), card.Serial, issuedAt, expiresAt, signed.Value.KeyVersion);
    }

    private Task<int> ActiveVersionAsync(CancellationToken cancellationToken) =>
        PlatformSigningKeys.Of(db.Keys.AsNoTracking()).Where(k => k.Status == KeyStatus.Active).Select(k => k.Version)
            .FirstOrDefaultAsync(cancellationToken);
}
