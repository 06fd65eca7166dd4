using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Keys;

/// <summary>The platform's public signing key (active) and the retired versions still valid for verification.</summary>
public sealed record PlatformKeyView(string KeyId, int Version, string PublicKey, string CheckValue, IReadOnlyList<KeyView> Retired);

/// <summary>
/// The platform's active public signing key and its retired versions: public, so any authenticated client reads it
/// (terminals verify blacklists and electronic card codes with it); no caller needed (ADR 016).
/// </summary>
public sealed class GetPlatformSigningKey(KeyStore store)
{
    public async Task<Result<PlatformKeyView>> ExecuteAsync(CancellationToken cancellationToken)
    {
        var versions = await PlatformSigningKeys.Of(store.Db.Keys.AsNoTracking()).OrderByDescending(k => k.Version).ToListAsync(cancellationToken);
        var active = versions.FirstOrDefault(k => k.Status == KeyStatus.Active);
        if (active is null)
        {
            return KeyErrors.NotInitialized;
        }
        return new PlatformKeyView(active.KeyId, active.Version, Convert.ToHexString(active.PublicKey!), active.CheckValue,
            versions.Where(k => k.Status == KeyStatus.Retired).Select(KeyView.Of).ToList());
    }
}
