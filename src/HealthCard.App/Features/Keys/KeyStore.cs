using System.Security.Cryptography;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Certificates;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthCard.App.Features.Keys;

/// <summary>
/// The names of the platform's keys, in one place. Ids are stable: exports, handover records and audit entries name
/// them, and the wrap identity binds each stored value to its id, version and usage.
/// </summary>
public static class KeyIds
{
    /// <summary>The certificate id of the national root (the issuer id in every issuer certificate).</summary>
    public const string RootCertificateId = "CN-NHC-ROOT";

    public const string Root = "root";
    public const string PlatformSigning = "platform-signing";

    public static string NationalMaster(byte index) => $"national-{index:X2}";

    public static string Provincial(string province, byte index) => $"province-{province}-{index:X2}";

    public static string Issuer(string province) => $"issuer-{province}";

    public static string SamSigning(string serial) => $"sam-{serial}";

    public static string Transport(string region) => $"transport-{region}";

    /// <summary>The associated data of a stored key: its id, version and usage (ADR 008, 009).</summary>
    public static string WrapIdentity(string keyId, int version, KeyUsage usage) => $"{keyId}|v{version}|{EnumNames.Of(usage)}";
}

/// <summary>
/// The one definition of the platform's signing key: id <c>platform-signing</c>, usage <c>platform_signing</c>, SM2, held
/// nationally. Every path that signs or verifies with it (the signer, electronic card codes, blacklists through the
/// signer, the published public key) selects it here, so that a key of another usage can never stand in for it (ADR 016).
/// </summary>
public static class PlatformSigningKeys
{
    public static IQueryable<KeyRecord> Of(IQueryable<KeyRecord> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Where(k => k.KeyId == KeyIds.PlatformSigning && k.Usage == KeyUsage.PlatformSigning && k.Algorithm == KeyAlgorithm.Sm2
            && k.RegionCode == null && k.PublicKey != null);
    }

    /// <summary>True when <paramref name="record"/> may sign as the platform.</summary>
    public static bool Is(KeyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.KeyId == KeyIds.PlatformSigning && record.Usage == KeyUsage.PlatformSigning && record.Algorithm == KeyAlgorithm.Sm2
            && record.RegionCode is null && record.PublicKey is { Length: 64 };
    }
}

/// <summary>
/// The store's primitives, shared by every key use case: find the active version, open (unwrap) a record, stage a new
/// wrapped record, retire a version. Nothing here saves: the use cases save inside their audited transaction.
/// </summary>
public sealed class KeyStore(HealthCardDb db, KeyVault vault, IOptions<KeyServiceOptions> options, TimeProvider clock, ILogger<KeyStore> logger)
{
    internal HealthCardDb Db => db;

    internal KeyVault Vault => vault;

    public Task<KeyCeremonyRecord?> CeremonyAsync(CancellationToken cancellationToken) =>
        db.KeyCeremonies.AsNoTracking().FirstOrDefaultAsync(c => c.Name == KeyCeremonyRecord.PlatformName, cancellationToken);

    /// <summary>
    /// Null when the KEK is in memory. Otherwise tries the configured shares (<c>HealthCard:Keys:Shares</c>) once, and
    /// answers <see cref="KeyErrors.Sealed"/> or <see cref="KeyErrors.NotInitialized"/>.
    /// </summary>
    public async Task<Error?> EnsureUnsealedAsync(CancellationToken cancellationToken)
    {
        if (vault.IsUnsealed)
        {
            return null;
        }
        var ceremony = await CeremonyAsync(cancellationToken);
        if (ceremony is null)
        {
            return KeyErrors.NotInitialized;
        }
        if (options.Value.Shares is { Count: > 0 } shares)
        {
            UnsealProgress? progress = null;
            foreach (var text in shares)
            {
                if (!TryParseShare(text, out var share))
                {
                    logger.LogWarning("A configured key share (HealthCard:Keys:Shares) is malformed; it was ignored.");
                    continue;
                }
                progress = vault.Submit(share, ceremony);
            }
            if (progress is { Sealed: false })
            {
                logger.LogInformation("The key service was unsealed with {Count} configured shares.", shares.Count);
                return null;
            }
            logger.LogWarning("The configured key shares did not unseal the key service.");
        }
        return KeyErrors.Sealed;
    }

    /// <summary>Parses a share's text form; false for anything that is not <c>x-HEX</c> of a 16-byte KEK.</summary>
    public static bool TryParseShare(string? text, out SecretShare share)
    {
        try
        {
            share = SecretShare.Parse(text?.Trim() ?? "");
            return share.Y.Length == 16;
        }
        catch (FormatException)
        {
            share = new SecretShare(0, []);
            return false;
        }
    }

    public Task<KeyRecord?> ActiveAsync(string keyId, CancellationToken cancellationToken) =>
        db.Keys.FirstOrDefaultAsync(k => k.KeyId == keyId && k.Status == KeyStatus.Active, cancellationToken);

    public async Task<int> NextVersionAsync(string keyId, CancellationToken cancellationToken) =>
        (await db.Keys.Where(k => k.KeyId == keyId).MaxAsync(k => (int?)k.Version, cancellationToken) ?? 0) + 1;

    /// <summary>
    /// The clear material of <paramref name="record"/>; the caller zeroes it. A record that does not open under its own
    /// identity has been altered or moved in the database: that is an integrity failure, not an expected outcome.
    /// </summary>
    public byte[] Open(KeyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return vault.TryUnwrap(record.Wrapped, KeyIds.WrapIdentity(record.KeyId, record.Version, record.Usage), out var key)
            ? key
            : throw new CryptographicException($"The stored key {record.KeyId} v{record.Version} does not open under its identity.");
    }

    /// <summary>An SM2 record's private key; dispose it.</summary>
    public Sm2PrivateKey OpenSm2(KeyRecord record)
    {
        var scalar = Open(record);
        try
        {
            return Sm2PrivateKey.Import(scalar);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <summary>Stages a new version of a key holding <paramref name="material"/> (wrapped here; the caller zeroes its copy).</summary>
    public KeyRecord Add(string keyId, int version, KeyUsage usage, KeyAlgorithm algorithm, string? region, ReadOnlySpan<byte> material,
        string origin, byte[]? publicKey = null, byte[]? certificate = null, int? parentVersion = null)
    {
        var record = new KeyRecord
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            KeyId = keyId,
            Version = version,
            Usage = usage,
            Algorithm = algorithm,
            Status = KeyStatus.Active,
            RegionCode = region,
            CheckValue = Convert.ToHexString(algorithm == KeyAlgorithm.Sm4 ? KeyDerivation.CheckValue(material) : KeyDerivation.PublicKeyCheckValue(publicKey)),
            PublicKey = publicKey,
            Certificate = certificate,
            Wrapped = vault.Wrap(material, KeyIds.WrapIdentity(keyId, version, usage)),
            ParentVersion = parentVersion,
            Origin = origin,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Keys.Add(record);
        return record;
    }

    /// <summary>Stages a new SM2 key version; the private key is disposed by the caller.</summary>
    public KeyRecord AddSm2(string keyId, int version, KeyUsage usage, string? region, Sm2PrivateKey key, string origin, byte[]? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var scalar = new byte[32];
        try
        {
            key.WriteTo(scalar);
            return Add(keyId, version, usage, KeyAlgorithm.Sm2, region, scalar, origin, key.PublicKey, certificate);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <summary>
    /// An issuer certificate for <paramref name="subject"/>'s public key, signed by the active root: valid from today (China
    /// time) for <see cref="KeyServiceOptions.CertificateValidityYears"/> years. The one rule for issuing and rotating an
    /// issuer key.
    /// </summary>
    public async Task<Result<byte[]>> CertifyIssuerAsync(string subject, byte[] publicKey, CancellationToken cancellationToken)
    {
        var root = await ActiveAsync(KeyIds.Root, cancellationToken);
        if (root is null)
        {
            return KeyErrors.NotInitialized;
        }
        using var rootKey = OpenSm2(root);
        var today = clock.Today();
        return CompactCertificate.Issue(subject, KeyIds.RootCertificateId, today, today.AddYears(options.Value.CertificateValidityYears),
            CertificateUsage.Issuer, publicKey, null, rootKey);
    }

    /// <summary>Retires the active version (verification only from now on) and saves, so the new active version can follow.</summary>
    public async Task RetireAsync(KeyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Status = KeyStatus.Retired;
        record.RotatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}
