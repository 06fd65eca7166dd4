using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

public sealed record ChangePortalPasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// The signed-in resident changes their password with the current one. A wrong current password counts towards the
/// lockout like a failed sign-in; the resident is already known, so the answers name the reason
/// (<see cref="PortalErrors.WrongPassword"/>, <see cref="PortalErrors.LockedOut"/>).
/// </summary>
public sealed class ChangePortalPassword(HealthCardDb db, AuditTrail audit, ResidentMapper mapper, PortalAttempts attempts, TimeProvider clock)
{
    public async Task<Result<PortalAccountView>> ExecuteAsync(Caller caller, ChangePortalPasswordRequest request, CancellationToken cancellationToken)
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
        if (account.IsLocked(clock.GetUtcNow()))
        {
            return await attempts.RefuseLockedAsync(acting, residentId, resident.RegionCode, "portal.password_change", cancellationToken);
        }
        if (!PortalPasswords.Verify(account.PasswordHash, request.CurrentPassword!))
        {
            var failed = await attempts.RecordFailureAsync(acting, residentId, resident.RegionCode, "change_password", cancellationToken);
            return failed.IsSuccess && failed.Value.IsLocked(clock.GetUtcNow()) ? PortalErrors.LockedOut : PortalErrors.WrongPassword;
        }
        var hash = PortalPasswords.Hash(request.NewPassword!);
        var scope = PortalAttempts.Scope("portal.password_change", residentId, resident.RegionCode);
        return await audit.RunAsync<PortalAccountView>(acting, scope, async ct =>
        {
            var tracked = await attempts.LoadOrCreateAsync(residentId, ct);
            var now = clock.GetUtcNow();
            if (tracked.IsLocked(now))
            {
                return PortalErrors.LockedOut;
            }
            if (tracked.PasswordHash != account.PasswordHash)
            {
                return PortalErrors.AccountChanged;
            }
            tracked.PasswordHash = hash;
            tracked.PasswordSetAt = now;
            tracked.RecordSuccess();
            return PortalLookup.View(tracked);
        }, cancellationToken);
    }
}
