using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HealthCard.App.Features.Portal;

/// <summary>
/// The lockout's bookkeeping, shared by sign-in, the first password and the password change. A failure is itself a
/// change (the account's counter), so it commits with its own audit entry, action <c>portal.failed_attempt</c>: the
/// refusal's answer cannot roll it back. An attempt on a locked account changes nothing and is audited as refused
/// (<c>portal.locked_out</c>).
/// </summary>
public sealed class PortalAttempts(HealthCardDb db, AuditTrail audit, TimeProvider clock, IOptions<PortalOptions> options)
{
    /// <summary>The database name of the accounts' primary key: two first attempts racing for one resident.</summary>
    internal const string AccountKey = "PK_PortalAccounts";

    /// <summary>Counts one failure (<paramref name="during"/>: <c>sign_in</c>, <c>set_password</c>, <c>change_password</c>).</summary>
    public Task<Result<PortalAccount>> RecordFailureAsync(Caller caller, Guid residentId, string regionCode, string during,
        CancellationToken cancellationToken)
    {
        var scope = Scope("portal.failed_attempt", residentId, regionCode);
        return audit.RunAsync<PortalAccount>(caller, scope, async ct =>
        {
            var account = await LoadOrCreateAsync(residentId, ct);
            account.RecordFailure(clock.GetUtcNow(), options.Value);
            scope.Details = JsonSerializer.Serialize(new { during, failedAttempts = account.FailedAttempts, lockedUntil = account.LockedUntil });
            return account;
        }, cancellationToken);
    }

    /// <summary>Audits an attempt on a locked account as refused; always answers <see cref="PortalErrors.LockedOut"/>.</summary>
    public async Task<Error> RefuseLockedAsync(Caller caller, Guid residentId, string regionCode, string action, CancellationToken cancellationToken)
    {
        var scope = Scope(action, residentId, regionCode);
        var refused = await audit.RunAsync<PortalAccount>(caller, scope, _ => Task.FromResult(Result<PortalAccount>.Failure(PortalErrors.LockedOut)),
            cancellationToken);
        return refused.Error!;
    }

    /// <summary>The audit scope of a change to a resident's portal account.</summary>
    internal static AuditScope Scope(string action, Guid residentId, string regionCode) =>
        new AuditScope(action, "portal_account")
        {
            TargetId = residentId.ToString(),
            RegionCode = regionCode,
            OnConcurrencyConflict = PortalErrors.AccountChanged,
        }.OnUniqueViolation(AccountKey, PortalErrors.AccountChanged);

    /// <summary>The tracked account, or a new one without a password (added, saved with the caller's audit entry).</summary>
    internal async Task<PortalAccount> LoadOrCreateAsync(Guid residentId, CancellationToken cancellationToken)
    {
        var account = await db.PortalAccounts.FirstOrDefaultAsync(a => a.ResidentId == residentId, cancellationToken);
        if (account is null)
        {
            account = new PortalAccount { ResidentId = residentId, CreatedAt = clock.GetUtcNow() };
            db.PortalAccounts.Add(account);
        }
        return account;
    }
}
