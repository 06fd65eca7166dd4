using System.Text;
using HealthCard.Crypto.Sm3;

namespace HealthCard.App.Security;

/// <summary>
/// Keys for one purpose each, derived from the data keys (<see cref="DataKeys"/>: the key file outside the database,
/// wrapped under the configured key-encryption key): HMAC-SM3(index key, "healthcard/derived/" ‖ purpose). Someone who
/// can read and write the database but not the key file cannot compute them (docs/adr/019-sign-in-portal-and-audit-hardening.md).
/// The label's prefix keeps these inputs apart from the blind index's (<c>id:…</c>).
/// </summary>
public static class DerivedKeys
{
    public const string AuditChain = "audit-chain/v1";
    public const string AttemptThrottle = "attempt-throttle/v1";
    public const string DataProtectionKeyRing = "data-protection-key-ring/v1";

    /// <summary>A 32-byte key for <paramref name="purpose"/>; the caller zeroes it when done.</summary>
    public static byte[] Derive(this DataKeys keys, string purpose)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        var derived = new byte[Sm3Hash.Size];
        Sm3Hash.Hmac(keys.IndexKey, Encoding.ASCII.GetBytes("healthcard/derived/" + purpose), derived);
        return derived;
    }
}
