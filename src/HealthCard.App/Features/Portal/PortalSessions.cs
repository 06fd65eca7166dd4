using HealthCard.App.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

/// <summary>Whether a portal session is still current: its account exists and still has the stamp the session began with.</summary>
public sealed class PortalSessions(HealthCardDb db)
{
    public async Task<bool> IsCurrentAsync(Guid residentId, string? securityStamp, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(securityStamp))
        {
            return false;
        }
        var stamp = await db.PortalAccounts.AsNoTracking().Where(a => a.ResidentId == residentId && a.PasswordHash != null)
            .Select(a => a.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        return stamp is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(stamp), System.Text.Encoding.ASCII.GetBytes(securityStamp));
    }
}
