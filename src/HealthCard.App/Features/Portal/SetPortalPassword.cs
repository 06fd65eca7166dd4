using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

/// <summary>The proof of holding the card: 卡号, the card's 安全码 and the last four digits of a registered phone.</summary>
public sealed record SetPortalPasswordRequest(string? CardNumber, string? SecurityCode, string? PhoneLast4, string? Password);

/// <summary>
/// Sets the portal password with the proof of holding the card (ADR 015): the security code printed for the card
/// (<see cref="CardSecurityCodes"/>, derived from the key service exactly as personalization computed it) and the last
/// four digits of a phone registered for the resident, both compared in constant time. Only an <c>active</c> card
/// proves anything: a frozen, lost, pending or void card does not. With a password already set, the same proof
/// resets it (a forgotten password needs no counter visit). Every failure answers the same
/// <see cref="PortalErrors.VerificationFailed"/> and counts towards the account's lockout. On success the resident is
/// signed in (the answer is the session).
/// </summary>
public sealed class SetPortalPassword(HealthCardDb db, AuditTrail audit, PersonalDataProtector protector, ResidentMapper mapper,
    KeyStore keyStore, CardSecurityCodes codes, PortalAttempts attempts, TimeProvider clock)
{
    public async Task<Result<PortalSession>> ExecuteAsync(SetPortalPasswordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.CardNumber?.Trim() is not { Length: > 0 and <= 18 })
        {
            errors.Add("cardNumber", "卡号不能为空，最多 18 个字符", "cardNumber is required, at most 18 characters");
        }
        if (request.SecurityCode is not { Length: Chip.Personalization.SecurityCode.Length } || !request.SecurityCode.All(char.IsAsciiDigit))
        {
            errors.Add("securityCode", "安全码为 3 位数字", "The security code is 3 digits");
        }
        if (request.PhoneLast4 is not { Length: 4 } || !request.PhoneLast4.All(char.IsAsciiDigit))
        {
            errors.Add("phoneLast4", "请输入预留手机号的后 4 位数字", "phoneLast4 is the last 4 digits of the registered phone");
        }
        PortalPasswords.Check(errors, "password", request.Password, request.CardNumber);
        if (errors.Any)
        {
            return errors.ToError("portal.invalid");
        }
        // Before any lookup, so that a sealed key service answers the same for every card number.
        if (await keyStore.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        var cardNumber = request.CardNumber!.Trim().ToUpperInvariant();
        var found = await PortalLookup.CurrentCardAsync(db, protector, cardNumber, cancellationToken);
        if (found is not { } current)
        {
            PortalPasswords.VerifyDecoy(request.Password);
            return PortalErrors.VerificationFailed;
        }
        var (holder, card) = current;
        var masked = Masking.IdNumber(cardNumber);
        var caller = Caller.Portal(holder.Id, holder.RegionCode, masked);
        var account = await db.PortalAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.ResidentId == holder.Id, cancellationToken);
        var action = account?.PasswordHash is null ? "portal.password_set" : "portal.password_reset";
        if (account is not null && account.IsLocked(clock.GetUtcNow()))
        {
            await attempts.RefuseLockedAsync(caller, holder.Id, holder.RegionCode, action, cancellationToken);
            return PortalErrors.VerificationFailed;
        }

        // The code is derived whatever the card's status, so that the answer's timing does not tell the status either.
        var expected = await codes.ComputeAsync(card, cardNumber, cancellationToken);
        if (!expected.IsSuccess && expected.Error is Unavailable)
        {
            return expected.Error;
        }
        var proven = Matches(expected.IsSuccess ? expected.Value : null, request.SecurityCode!)
            & PhoneMatches(mapper.ToProfile(holder).Phones, request.PhoneLast4!)
            & card.Status == CardStatus.Active;
        if (!proven)
        {
            await attempts.RecordFailureAsync(caller, holder.Id, holder.RegionCode, "set_password", cancellationToken);
            return PortalErrors.VerificationFailed;
        }

        var hash = PortalPasswords.Hash(request.Password!);
        var scope = PortalAttempts.Scope(action, holder.Id, holder.RegionCode);
        var saved = await audit.RunAsync<PortalSession>(caller, scope, async ct =>
        {
            var tracked = await attempts.LoadOrCreateAsync(holder.Id, ct);
            var now = clock.GetUtcNow();
            if (tracked.IsLocked(now))
            {
                return PortalErrors.LockedOut;
            }
            tracked.PasswordHash = hash;
            tracked.PasswordSetAt = now;
            tracked.LastSignInAt = now;
            tracked.RecordSuccess();
            scope.Details = JsonSerializer.Serialize(new { cardSerial = card.Serial });
            return new PortalSession(holder.Id, holder.RegionCode, masked, card.Serial);
        }, cancellationToken);
        return saved.IsSuccess || saved.Error != PortalErrors.LockedOut ? saved : PortalErrors.VerificationFailed;
    }

    private static bool Matches(string? expected, string given) =>
        expected is not null & CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected ?? "\0\0\0"), Encoding.ASCII.GetBytes(given));

    /// <summary>Any registered phone ending in <paramref name="last4"/>; every phone is compared, in constant time.</summary>
    private static bool PhoneMatches(IReadOnlyList<string> phones, string last4)
    {
        var given = Encoding.ASCII.GetBytes(last4);
        var any = false;
        foreach (var phone in phones)
        {
            if (phone.Length >= 4)
            {
                any |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(phone[^4..]), given);
            }
        }
        return any;
    }
}
