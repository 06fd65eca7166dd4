using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

/// <summary>
/// A portal sign-in: card number and password, the client's address (<paramref name="Source"/>, for the throttle) and
/// the browser's device cookie, when it has one (<paramref name="Device"/>: that browser signed in to an account before).
/// </summary>
public sealed record PortalSignInRequest(string? CardNumber, string? Password, string? Source = null, KnownDevice? Device = null);

/// <summary>
/// A resident signs in with card number and password (ADR 015, ADR 019). The answer is the session, or
/// <see cref="PortalErrors.SignInFailed"/> for every kind of refusal (unknown card, no password yet, wrong password,
/// deceased holder), or <see cref="PortalErrors.Throttled"/> while a back-off runs. Failures are counted per card number
/// and address, per card number and per address (<see cref="SignInThrottling"/>) — per number, so unknown numbers are
/// throttled alike; a browser that signed in to the account before is counted on its own, so nobody can keep the
/// resident out by failing on purpose. Every answer costs one password verification.
/// </summary>
public sealed class PortalSignIn(HealthCardDb db, AuditTrail audit, PersonalDataProtector protector, PortalAttempts attempts,
    PortalPasswords passwords, AttemptThrottle throttle, TimeProvider clock)
{
    public async Task<Result<PortalSession>> ExecuteAsync(PortalSignInRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CardNumber?.Trim() is not { Length: > 0 and <= 18 } number || request.Password is not { Length: > 0 and <= PortalPasswords.MaxLength } password)
        {
            passwords.VerifyDecoy(request.Password);
            return PortalErrors.SignInFailed;
        }
        var cardNumber = number.ToUpperInvariant();
        var index = protector.IdNumberIndex(cardNumber);
        // Normally one account; two only when the same number is registered under two document types.
        var candidates = await (
                from a in db.PortalAccounts.AsNoTracking()
                join r in db.Residents.Holders(index).Living() on a.ResidentId equals r.Id
                where a.PasswordHash != null
                orderby a.ResidentId
                select new { Account = a, r.RegionCode })
            .ToListAsync(cancellationToken);
        var device = request.Device is { } d && candidates.Any(c => c.Account.ResidentId == d.Account) ? d.Id : null;
        var keys = SignInThrottling.Keys(SignInThrottling.PortalSignInPair, SignInThrottling.PortalSignInAccount, SignInThrottling.PortalSignInSource,
            Convert.ToHexString(index), request.Source, device);
        if (await throttle.BlockedUntilAsync(keys, cancellationToken) is not null)
        {
            passwords.VerifyDecoy(password);
            return PortalErrors.Throttled;
        }

        var match = candidates.FirstOrDefault(c => passwords.Verify(c.Account.PasswordHash!, password));
        if (candidates.Count == 0)
        {
            passwords.VerifyDecoy(password);
        }
        var masked = Masking.IdNumber(cardNumber);
        if (match is null)
        {
            var states = await throttle.FailAsync(keys, cancellationToken);
            foreach (var candidate in candidates)
            {
                var caller = Caller.Portal(candidate.Account.ResidentId, candidate.RegionCode, masked);
                await attempts.AuditFailureAsync(caller, candidate.Account.ResidentId, candidate.RegionCode, "portal.sign_in",
                    PortalErrors.SignInFailed, states, cancellationToken);
            }
            return states.Any(s => s.BlockStarted) ? PortalErrors.Throttled : PortalErrors.SignInFailed;
        }

        var residentId = match.Account.ResidentId;
        var scope = PortalAttempts.Scope("portal.sign_in", residentId, match.RegionCode);
        var signedIn = await audit.RunAsync<PortalSession>(Caller.Portal(residentId, match.RegionCode, masked), scope, async ct =>
        {
            var account = await attempts.LoadOrCreateAsync(residentId, ct);
            // Given a new password between the check and now: the check no longer holds.
            if (account.PasswordHash != match.Account.PasswordHash)
            {
                return PortalErrors.SignInFailed;
            }
            account.LastSignInAt = clock.GetUtcNow();
            if (account.SecurityStamp.Length == 0)
            {
                account.SecurityStamp = PortalAccount.NewStamp(); // an account from before security stamps
            }
            account.Version++;
            var serial = await db.Cards.AsNoTracking().RankedOf(db.Residents, residentId)
                .Select(c => c.Serial).FirstOrDefaultAsync(ct);
            return new PortalSession(residentId, match.RegionCode, masked, serial, account.SecurityStamp);
        }, cancellationToken);
        if (!signedIn.IsSuccess)
        {
            return PortalErrors.SignInFailed;
        }
        await throttle.ResetAsync([keys[0]], cancellationToken);
        return signedIn;
    }
}
