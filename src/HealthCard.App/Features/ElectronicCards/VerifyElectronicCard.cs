using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Keys;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.ElectronicCards;

/// <summary>The body of <c>POST /api/v1/qr/verify</c>.</summary>
public sealed record QrVerifyRequest(string? Code);

/// <summary>A code that passed: what it states and the card's status now. The card number is masked without <c>pii:read</c>.</summary>
public sealed record ElectronicCardVerification(string CardNumber, string CardSerial, CardStatus Status, DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt, int KeyVersion);

/// <summary>
/// Online verification of an electronic health card code (ADR 015), for any authenticated institution nationwide (a
/// card is used anywhere, like the status check): the key version must be a non-compromised platform signing key in the
/// store (<c>qr.unknown_key</c>), then <see cref="ElectronicCardCode.Verify"/> with that public key (malformed, bad
/// signature, not yet valid, expired), then the card: it must exist (<c>qr.card_not_found</c>), the code's serial must
/// be the card the number stands for now and that card must be <c>active</c> (<c>qr.card_not_usable</c>).
/// Reads only; not audited.
/// </summary>
public sealed class VerifyElectronicCard(HealthCardDb db, CardStatusQuery statuses, TimeProvider clock)
{
    public async Task<Result<ElectronicCardVerification>> ExecuteAsync(Caller caller, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ChecksWrite) is { } denied)
        {
            return denied;
        }
        var read = ElectronicCardCode.Read(code);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }
        var version = read.Value.KeyVersion;
        var publicKey = await PlatformSigningKeys.Of(db.Keys.AsNoTracking())
            .Where(k => k.Version == version && k.Status != KeyStatus.Compromised)
            .Select(k => k.PublicKey).FirstOrDefaultAsync(cancellationToken);
        if (publicKey is not { Length: 64 })
        {
            return ElectronicCardErrors.UnknownKey;
        }
        var verified = ElectronicCardCode.Verify(code, publicKey, clock.GetUtcNow(), version);
        if (!verified.IsSuccess)
        {
            return verified.Error!;
        }
        var claims = verified.Value;
        var current = await statuses.FindAsync(claims.CardNumber, cancellationToken);
        if (current is null)
        {
            return ElectronicCardErrors.CardNotFound;
        }
        if (current.Serial != claims.CardSerial)
        {
            // The code names an earlier card of this number (replaced since).
            return ElectronicCardErrors.CardNotUsable(EnumNames.Of(CardStatus.Replaced));
        }
        if (current.Status != CardStatus.Active)
        {
            return ElectronicCardErrors.CardNotUsable(EnumNames.Of(current.Status));
        }
        return new ElectronicCardVerification(Disclosure.For(caller).IdNumber(claims.CardNumber), claims.CardSerial,
            current.Status, claims.IssuedAt, claims.ExpiresAt, claims.KeyVersion);
    }
}
