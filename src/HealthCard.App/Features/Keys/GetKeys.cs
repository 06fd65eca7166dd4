using System.Security.Cryptography;
using HealthCard.App.Common;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Keys;

/// <summary>
/// Key versions in the caller's region (a national caller: all; a province: its own keys, never the national ones) and
/// their check values. Listing needs no KEK (metadata only); verifying a check value unwraps the key, so it needs the key
/// service unsealed.
/// </summary>
public sealed class GetKeys(KeyStore store)
{
    public async Task<Result<IReadOnlyList<KeyView>>> ListAsync(Caller caller, string? usage, string? region, string? status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        var query = store.Db.Keys.AsNoTracking().InRegionOf(caller);
        if (EnumNames.TryParse<KeyUsage>(usage, out var u))
        {
            query = query.Where(k => k.Usage == u);
        }
        if (EnumNames.TryParse<KeyStatus>(status, out var s))
        {
            query = query.Where(k => k.Status == s);
        }
        if (!string.IsNullOrEmpty(region))
        {
            query = query.Where(k => k.RegionCode == region);
        }
        var records = await query.OrderBy(k => k.KeyId).ThenBy(k => k.Version).ToListAsync(cancellationToken);
        return records.Select(KeyView.Of).ToList();
    }

    /// <summary>Every version of <paramref name="keyId"/>, oldest first; not found outside the caller's region.</summary>
    public async Task<Result<IReadOnlyList<KeyView>>> VersionsAsync(Caller caller, string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        var records = await store.Db.Keys.AsNoTracking().InRegionOf(caller).Where(k => k.KeyId == keyId).OrderBy(k => k.Version).ToListAsync(cancellationToken);
        return records.Count == 0 ? new NotFound("key") : records.Select(KeyView.Of).ToList();
    }

    /// <summary>
    /// The stored check value of a version (the active one by default). With <paramref name="verify"/>, the key is
    /// unwrapped and its check value recomputed, which proves the stored material is intact and the KEK is right.
    /// </summary>
    public async Task<Result<(KeyView Key, bool? Verified)>> CheckValueAsync(Caller caller, string keyId, int? version, bool verify,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        var record = await store.Db.Keys.AsNoTracking().InRegionOf(caller)
            .Where(k => k.KeyId == keyId && (version == null ? k.Status == KeyStatus.Active : k.Version == version))
            .FirstOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            return new NotFound("key");
        }
        if (!verify)
        {
            return (KeyView.Of(record), (bool?)null);
        }
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        var material = store.Open(record);
        try
        {
            var computed = record.Algorithm == KeyAlgorithm.Sm4 ? KeyDerivation.CheckValue(material) : PublicKeyCheckValueOf(material);
            return (KeyView.Of(record), CryptographicOperations.FixedTimeEquals(computed, Convert.FromHexString(record.CheckValue)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private static byte[] PublicKeyCheckValueOf(byte[] scalar)
    {
        using var key = Sm2PrivateKey.Import(scalar);
        return KeyDerivation.PublicKeyCheckValue(key.PublicKey);
    }
}
