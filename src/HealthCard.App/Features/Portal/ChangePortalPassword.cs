using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

public sealed record ChangePortalPasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// The signed-in resident changes their password with the current one. Wrong current passwords are counted with
/// back-off (<see cref="SignInThrottling.PortalChangePassword"/>), so a stolen session cannot guess the password; the
/// resident is already known, so the answers name the reason (<see cref="PortalErrors.WrongPassword"/>,
/// <see cref="PortalErrors.Throttled"/>). A new password gets a new security stamp: every other session ends, and the
/// answer is this session's new state (the page renews its cookie with it).
/// </summary>
public sealed class ChangePortalPassword(HealthCardDb db, AuditTrail audit, ResidentMapper mapper, PortalAttempts attempts, PortalPasswords passwords,
    AttemptThrottle throttle, TimeProvider clock)
{
    public async Task<Result<PortalSession>> ExecuteAsync(Caller caller, ChangePortalPasswordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var residentId = PortalLookup.ResidentOf(caller);
        var resident = await db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == residentId, cancellationToken);
        var account = await db.PortalAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.ResidentId == residentId, cancellationToken);
        if (resident is null || account?.PasswordHash is null)
        {
            return new NotFound("portal account");
        }
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            errors.Add("currentPassword", "请输入当前密码", "currentPassword is required");
        }
        PortalPasswords.Check(errors, "newPassword", request.NewPassword, mapper.IdNumberOf(resident));
        if (request.NewPassword is not null && request.NewPassword == request.CurrentPassword)
        {
            errors.Add("newPassword", "新密码不能与当前密码相同", "The new password must differ from the current one");
        }
        if (errors.Any)
        {
            return errors.ToError("portal.invalid");
        }
        var acting = caller with { RegionScope = resident.RegionCode };
        ThrottleKey[] keys = [new(SignInThrottling.PortalChangePassword, residentId.ToString())];
        if (await throttle.BlockedUntilAsync(keys, cancellationToken) is not null)
        {
            return PortalErrors.Throttled;
        }
        if (!passwords.Verify(account.PasswordHash, request.CurrentPassword!))
        {
            var states = await throttle.FailAsync(keys, cancellationToken);
            await attempts.AuditFailureAsync(acting, residentId, resident.RegionCode, "portal.password_change", PortalErrors.WrongPassword, states,
                cancellationToken);
            return states[0].BlockedUntil is null ? PortalErrors.WrongPassword : PortalErrors.Throttled;
        }
        var hash = passwords.Hash(request.NewPassword!);
        var scope = PortalAttempts.Scope("portal.password_change", residentId, resident.RegionCode);
        var changed = await audit.RunAsync<PortalSession>(acting, scope, async ct =>
        {
            var tracked = await attempts.LoadOrCreateAsync(residentId, ct);
            if (tracked.PasswordHash != account.PasswordHash)
            {
                return PortalErrors.AccountChanged;
            }
            tracked.SetPassword(hash, clock.GetUtcNow());
            var serial = await db.Cards.AsNoTracking().Where(c => c.ResidentId == residentId)
                .OrderBy(c => c.Status == CardStatus.Replaced || c.Status == CardStatus.Cancelled ? 1 : 0)
                .ThenByDescending(c => c.IssueDate).ThenByDescending(c => c.Id)
                .Select(c => c.Serial).FirstOrDefaultAsync(ct);
            return new PortalSession(residentId, resident.RegionCode, caller.Actor["resident:".Length..], serial, tracked.SecurityStamp);
        }, cancellationToken);
        if (changed.IsSuccess)
        {
            await throttle.ResetAsync(keys, cancellationToken);
        }
        return changed;
    }
}
