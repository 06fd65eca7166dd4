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

/// <summary>
/// The proof of holding the card (ADR 019): 卡号, the card's 发卡序列号 and 安全码 (both printed on the card mailer), and a
/// phone number registered for the resident, in full. <paramref name="Source"/> is the client's address, for the throttle.
/// </summary>
public sealed record SetPortalPasswordRequest(string? CardNumber, string? CardSerial, string? SecurityCode, string? Phone, string? Password,
    string? Source = null);

/// <summary>
/// Sets the portal password with the proof of holding the card (ADR 015, strengthened by ADR 019): the card's serial, the
/// security code printed for the card (<see cref="CardSecurityCodes"/>, derived from the key service exactly as
/// personalization computed it) and a registered phone number in full, all compared in constant time. Only an
/// <c>active</c> card proves anything. With a password already set, the same proof resets it and ends every other
/// session (a new security stamp). Every failure answers the same <see cref="PortalErrors.VerificationFailed"/> and is
/// counted per card number (whatever the address) and per address, with exponential back-off
/// (<see cref="SignInThrottling.PortalProofCard"/>): never the password sign-in's counters, so guessing the proof cannot
/// keep a resident with a password out. Every answer past validation costs one password hash, found or not.
/// </summary>
public sealed class SetPortalPassword(HealthCardDb db, AuditTrail audit, PersonalDataProtector protector, ResidentMapper mapper,
    KeyStore keyStore, CardSecurityCodes codes, PortalAttempts attempts, PortalPasswords passwords, AttemptThrottle throttle, TimeProvider clock)
{
    public async Task<Result<PortalSession>> ExecuteAsync(SetPortalPasswordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.CardNumber?.Trim() is not { Length: > 0 and <= 18 })
        {
            errors.Add("cardNumber", "卡号不能为空，最多 18 个字符", "cardNumber is required, at most 18 characters");
        }
        if (request.CardSerial?.Trim() is not { Length: 10 } serialText || !serialText.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("cardSerial", "卡序列号为 10 位（见密码函或卡背面）", "The card serial has 10 characters (on the card mailer or the back of the card)");
        }
        if (request.SecurityCode is not { Length: Chip.Personalization.SecurityCode.Length } || !request.SecurityCode.All(char.IsAsciiDigit))
        {
            errors.Add("securityCode", "安全码为 3 位数字", "The security code is 3 digits");
        }
        if (Digits(request.Phone) is not { Length: >= 7 and <= 20 })
        {
            errors.Add("phone", "请输入完整的预留手机号码", "Enter the full registered phone number");
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
        // The one expensive step, on every path: a known card, an unknown one, a refusal and a success all cost one
        // PBKDF2 computation, so the answer's timing does not tell whether the card exists (ADR 019).
        var hash = passwords.Hash(request.Password!);
        var cardNumber = request.CardNumber!.Trim().ToUpperInvariant();
        var index = Convert.ToHexString(protector.IdNumberIndex(cardNumber));
        var source = SignInThrottling.SourceOf(request.Source);
        ThrottleKey[] keys = [new(SignInThrottling.PortalProofCard, index), new(SignInThrottling.PortalProofSource, source)];
        if (await throttle.BlockedUntilAsync(keys, cancellationToken) is not null)
        {
            return PortalErrors.Throttled;
        }

        var found = await PortalLookup.CurrentCardAsync(db, protector, cardNumber, cancellationToken);
        var proven = false;
        Caller? caller = null;
        string action = "portal.password_set";
        if (found is { } current)
        {
            var (holder, card) = current;
            caller = Caller.Portal(holder.Id, holder.RegionCode, Masking.IdNumber(cardNumber));
            var hasPassword = await db.PortalAccounts.AsNoTracking().AnyAsync(a => a.ResidentId == holder.Id && a.PasswordHash != null, cancellationToken);
            action = hasPassword ? "portal.password_reset" : "portal.password_set";
            // The code is derived whatever the card's status, so that the answer's timing does not tell the status either.
            var expected = await codes.ComputeAsync(card, cardNumber, cancellationToken);
            if (!expected.IsSuccess && expected.Error is Unavailable)
            {
                return expected.Error;
            }
            proven = Same(expected.IsSuccess ? expected.Value : null, request.SecurityCode!)
                & Same(card.Serial, request.CardSerial!.Trim().ToUpperInvariant())
                & PhoneMatches(mapper.ToProfile(holder).Phones, Digits(request.Phone)!)
                & card.Status == CardStatus.Active;
        }
        if (!proven)
        {
            var states = await throttle.FailAsync(keys, cancellationToken);
            if (found is { } refused)
            {
                await attempts.AuditFailureAsync(caller!, refused.Holder.Id, refused.Holder.RegionCode, action, PortalErrors.VerificationFailed,
                    states, cancellationToken);
            }
            return PortalErrors.VerificationFailed;
        }

        var (resident, proved) = found!.Value;
        var scope = PortalAttempts.Scope(action, resident.Id, resident.RegionCode);
        var saved = await audit.RunAsync<PortalSession>(caller!, scope, async ct =>
        {
            var tracked = await attempts.LoadOrCreateAsync(resident.Id, ct);
            var now = clock.GetUtcNow();
            tracked.SetPassword(hash, now); // a new security stamp: every other session of the account ends
            tracked.LastSignInAt = now;
            scope.Details = JsonSerializer.Serialize(new { cardSerial = proved.Serial });
            return new PortalSession(resident.Id, resident.RegionCode, Masking.IdNumber(cardNumber), proved.Serial, tracked.SecurityStamp);
        }, cancellationToken);
        if (saved.IsSuccess)
        {
            await throttle.ResetAsync([keys[0]], cancellationToken);
        }
        return saved;
    }

    /// <summary>The digits of a phone number as typed (spaces, dashes, a leading +86 ignored); null when none.</summary>
    internal static string? Digits(string? phone)
    {
        if (phone is null)
        {
            return null;
        }
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (phone.TrimStart().StartsWith("+86", StringComparison.Ordinal) && digits.StartsWith("86", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }
        return digits.Length > 0 ? digits : null;
    }

    private static bool Same(string? expected, string given) =>
        expected is not null & CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected ?? ""), Encoding.ASCII.GetBytes(given));

    /// <summary>Any registered phone equal to <paramref name="digits"/>; every phone is compared, in constant time.</summary>
    private static bool PhoneMatches(IReadOnlyList<string> phones, string digits)
    {
        var any = false;
        foreach (var phone in phones)
        {
            any |= Same(Digits(phone), digits);
        }
        return any;
    }
}
