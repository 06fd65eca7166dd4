using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

public sealed record PortalSignInRequest(string? CardNumber, string? Password);

/// <summary>
/// A resident signs in with card number and password (ADR 015). The answer is the session (resident id, region, masked
/// card number, current card serial), or <see cref="PortalErrors.SignInFailed"/> for every kind of refusal: unknown card,
/// no password yet, wrong password, deceased holder, locked account. A wrong password counts towards the lockout
/// (<see cref="PortalOptions"/>: 5 in a row lock for 15 minutes); a locked account is not even checked. Attempts on an
/// existing account are audited; attempts on unknown numbers change nothing and are not.
/// </summary>
public sealed class PortalSignIn(HealthCardDb db, AuditTrail audit, PersonalDataProtector protector, PortalAttempts attempts, TimeProvider clock)
{
    public async Task<Result<PortalSession>> ExecuteAsync(PortalSignInRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CardNumber?.Trim() is not { Length: > 0 and <= 18 } number || request.Password is not { Length: > 0 and <= PortalPasswords.MaxLength } password)
        {
            PortalPasswords.VerifyDecoy(request.Password);
            return PortalErrors.SignInFailed;
        }
        var cardNumber = number.ToUpperInvariant();
        var index = protector.IdNumberIndex(cardNumber);
        // Normally one account; two only when the same number is registered under two document types.
        var candidates = await (
                from a in db.PortalAccounts.AsNoTracking()
                join r in db.Residents on a.ResidentId equals r.Id
                where r.IdNumberIndex == index && r.DeathDate == null && a.PasswordHash != null
                orderby a.ResidentId
                select new { Account = a, r.RegionCode })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var masked = Masking.IdNumber(cardNumber);
        var verified = false;
        var match = candidates.FirstOrDefault(c =>
        {
            if (c.Account.IsLocked(now))
            {
                return false;
            }
            verified = true;
            return PortalPasswords.Verify(c.Account.PasswordHash!, password);
        });
        if (!verified)
        {
            PortalPasswords.VerifyDecoy(password);
        }
        if (match is null)
        {
            foreach (var candidate in candidates)
            {
                var caller = Caller.Portal(candidate.Account.ResidentId, candidate.RegionCode, masked);
                if (candidate.Account.IsLocked(now))
                {
                    await attempts.RefuseLockedAsync(caller, candidate.Account.ResidentId, candidate.RegionCode, "portal.sign_in", cancellationToken);
                }
                else
                {
                    await attempts.RecordFailureAsync(caller, candidate.Account.ResidentId, candidate.RegionCode, "sign_in", cancellationToken);
                }
            }
            return PortalErrors.SignInFailed;
        }

        var residentId = match.Account.ResidentId;
        var scope = PortalAttempts.Scope("portal.sign_in", residentId, match.RegionCode);
        var signedIn = await audit.RunAsync<PortalSession>(Caller.Portal(residentId, match.RegionCode, masked), scope, async ct =>
        {
            var account = await attempts.LoadOrCreateAsync(residentId, ct);
            var at = clock.GetUtcNow();
            // Locked or given a new password between the check and now: the check no longer holds.
            if (account.IsLocked(at) || account.PasswordHash != match.Account.PasswordHash)
            {
                return PortalErrors.SignInFailed;
            }
            account.LastSignInAt = at;
            account.RecordSuccess();
            var serial = await db.Cards.AsNoTracking().Where(c => c.ResidentId == residentId)
                .OrderBy(c => c.Status == CardStatus.Replaced || c.Status == CardStatus.Cancelled ? 1 : 0)
                .ThenByDescending(c => c.IssueDate).ThenByDescending(c => c.Id)
                .Select(c => c.Serial).FirstOrDefaultAsync(ct);
            return new PortalSession(residentId, match.RegionCode, masked, serial);
        }, cancellationToken);
        return signedIn.IsSuccess ? signedIn : PortalErrors.SignInFailed;
    }
}
