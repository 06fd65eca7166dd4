using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

/// <summary>
/// The audit side of failed portal attempts (ADR 019). Failures are counted by <see cref="AttemptThrottle"/>; a failure
/// on an existing account is audited as the refused action with the refusal as its outcome (never "success"), but only
/// the first of its window and the one that starts a back-off: the rest are counted, so a guesser cannot flood the chain.
/// Attempts on unknown numbers name no target and are counted only.
/// </summary>
public sealed class PortalAttempts(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The database name of the accounts' primary key: two first passwords racing for one resident.</summary>
    internal const string AccountKey = "PK_PortalAccounts";

    /// <summary>Audits a refused attempt when <paramref name="states"/> say it is worth an entry (the first state is the
    /// attempt's own key: card, or card and address).</summary>
    public async Task AuditFailureAsync(Caller caller, Guid residentId, string regionCode, string action, Error refusal,
        IReadOnlyList<ThrottleState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(refusal);
        if (states.Count == 0 || !(states[0].First || states.Any(s => s.BlockStarted)))
        {
            return;
        }
        var scope = Scope(action, residentId, regionCode);
        // The failure that starts a back-off is recorded as such; the first of a window with the refusal itself.
        var outcome = states.Any(s => s.BlockStarted) ? PortalErrors.Throttled : refusal;
        scope.Details = JsonSerializer.Serialize(new
        {
            failures = states.ToDictionary(s => s.Key.Policy.Name, s => s.Failures),
            blockedUntil = states.Select(s => s.BlockedUntil).Max(),
        });
        await audit.RunAsync<bool>(caller, scope, _ => Task.FromResult(Result<bool>.Failure(outcome)), cancellationToken);
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
