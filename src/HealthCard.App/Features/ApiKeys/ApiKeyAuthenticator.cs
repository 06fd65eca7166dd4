using System.Security.Cryptography;
using HealthCard.App.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace HealthCard.App.Features.ApiKeys;

/// <summary>
/// Resolves a presented secret to its key. The lookup is by hash; the match is confirmed with a constant-time
/// comparison. Results are cached briefly, so that the status check does not pay a query per request; a revoked key
/// therefore keeps working for at most <see cref="CacheFor"/>.
/// </summary>
public sealed class ApiKeyAuthenticator(HealthCardDb db, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<ApiKey?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = ApiKeyHash.Of(presented);
        var cacheKey = "apikey:" + Convert.ToHexString(hash);
        if (cache.TryGetValue(cacheKey, out ApiKey? cached) && cached is not null)
        {
            return cached;
        }
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.SecretHash == hash && k.RevokedAt == null, cancellationToken);
        if (key is null || !CryptographicOperations.FixedTimeEquals(key.SecretHash, hash))
        {
            // Misses are not cached: otherwise every random key an attacker sends would take a cache entry.
            return null;
        }
        cache.Set(cacheKey, key, CacheFor);
        return key;
    }
}
