using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Chip.Virtual;
using HealthCard.Crypto.Certificates;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HealthCard.App.Features.Keys;

/// <summary>
/// Listing, rotation, check values, and export to / import from another tier. Listing needs no KEK (metadata only);
/// everything that touches material first makes sure the key service is unsealed. Every operation is decided here for
/// the API, the console and the CLI alike (ADR 016): reads are limited to the caller's region, rotation and export are
/// national, exports go only to a transport key its tier's custodians registered together, and an import holds only the
/// importing province's own keys.
/// </summary>
public sealed class KeyManagement(KeyStore store, AuditTrail audit, IRegionDirectory regions, TimeProvider clock, IOptions<KeyServiceOptions> options)
{
    private static readonly KeyUsage[] Rotatable = [KeyUsage.Root, KeyUsage.PlatformSigning, KeyUsage.Issuer, KeyUsage.NationalMaster];

    /// <summary>Key versions in the caller's region (a national caller: all; a province: its own keys; never the national ones).</summary>
    public async Task<Result<IReadOnlyList<KeyView>>> ListAsync(Caller caller, string? usage, string? region, string? status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        var query = VisibleTo(store.Db.Keys.AsNoTracking(), caller);
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
    public async Task<Result<IReadOnlyList<KeyView>>> GetAsync(Caller caller, string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        var records = await VisibleTo(store.Db.Keys.AsNoTracking(), caller).Where(k => k.KeyId == keyId).OrderBy(k => k.Version).ToListAsync(cancellationToken);
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
        var record = await VisibleTo(store.Db.Keys.AsNoTracking(), caller)
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

    /// <summary>
    /// Rotates a key: a new active version, the old one retired (kept to verify what it signed, never used to sign or
    /// derive again). Root, platform signing, issuer and national master keys rotate here, by the national tier only;
    /// provincial keys follow their national master through a new issuance; SAM keys through reloading the SAM;
    /// transport keys through a new ceremony of their tier's custodians.
    /// </summary>
    public async Task<Result<RotationView>> RotateAsync(Caller caller, string keyId, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysNational) is { } denied)
        {
            return denied;
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            var errors = new FieldErrors();
            errors.Add("reason", "轮换原因不能为空，最多 500 个字符", "The reason is required, at most 500 characters");
            return errors.ToError("keys.invalid");
        }
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        var scope = new AuditScope("key.rotate", "key") { TargetId = keyId }
            .OnUniqueViolation(HealthCardDb.KeyVersionIndex, RotationRace)
            .OnUniqueViolation(HealthCardDb.ActiveKeyIndex, RotationRace);
        return await audit.RunAsync<RotationView>(caller, scope, async ct =>
        {
            var active = await store.ActiveAsync(keyId, ct);
            if (active is null)
            {
                return new NotFound("key");
            }
            scope.RegionCode = active.RegionCode;
            if (!Rotatable.Contains(active.Usage))
            {
                return new Conflict("keys.not_rotatable", new Message(
                    "该密钥不能直接轮换：省级密钥随国家主密钥重新签发，SAM 密钥随 SAM 重新加载，传输密钥由其保管员重新登记",
                    "This key does not rotate directly: provincial keys are re-issued after their national master rotates, SAM keys by reloading the SAM, transport keys by a new ceremony of their custodians"));
            }
            var version = active.Version + 1;
            await store.RetireAsync(active, ct);
            KeyRecord created;
            if (active.Algorithm == KeyAlgorithm.Sm4)
            {
                var material = RandomNumberGenerator.GetBytes(16);
                created = store.Add(keyId, version, active.Usage, KeyAlgorithm.Sm4, active.RegionCode, material, "generated");
                CryptographicOperations.ZeroMemory(material);
            }
            else
            {
                using var key = Sm2Algorithm.GenerateKey();
                byte[]? certificate = null;
                if (active.Usage == KeyUsage.Issuer)
                {
                    var old = CompactCertificate.Parse(active.Certificate);
                    var root = await store.ActiveAsync(KeyIds.Root, ct);
                    if (root is null)
                    {
                        return KeyErrors.NotInitialized;
                    }
                    using var rootKey = store.OpenSm2(root);
                    var today = clock.Today();
                    certificate = CompactCertificate.Issue(old.Subject, KeyIds.RootCertificateId, today, today.AddYears(options.Value.CertificateValidityYears),
                        CertificateUsage.Issuer, key.PublicKey, null, rootKey);
                }
                created = store.AddSm2(keyId, version, active.Usage, active.RegionCode, key, "generated", certificate);
            }
            store.Db.KeyRotations.Add(new KeyRotation
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                KeyId = keyId,
                FromVersion = active.Version,
                ToVersion = version,
                Reason = reason,
                Actor = caller.Actor,
                At = clock.GetUtcNow(),
            });
            scope.Details = JsonSerializer.Serialize(new { from = active.Version, to = version, checkValue = created.CheckValue, reason });
            return new RotationView(KeyView.Of(created), KeyView.Of(active), reason);
        }, cancellationToken);
    }

    /// <summary>
    /// Exports a province's active provincial keys and issuer key, each wrapped under the transport key the province's
    /// custodians registered through their ceremony (<see cref="TransportKeys"/>). The request names only the province:
    /// it never carries key material, so no caller can have the keys wrapped under a key of their own. National only.
    /// </summary>
    public async Task<Result<KeyExport>> ExportAsync(Caller caller, string? province, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysNational) is { } denied)
        {
            return denied;
        }
        var errors = new FieldErrors();
        ValidateRegion(province, errors, provinceOnly: true);
        if (errors.Any)
        {
            return errors.ToError("keys.invalid");
        }
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        var scope = new AuditScope("keys.export", "province_keys") { TargetId = province, RegionCode = province };
        byte[]? transport = null;
        try
        {
            return await audit.RunAsync<KeyExport>(caller, scope, async ct =>
            {
                var registered = await TransportKeys.RegisteredAsync(store, province!, ct);
                if (registered is null)
                {
                    return KeyErrors.NoTransportKey;
                }
                transport = store.Open(registered);
                var records = await store.Db.Keys.AsNoTracking()
                    .Where(k => k.RegionCode == province && k.Status == KeyStatus.Active
                        && (k.Usage == KeyUsage.ProvincialMaster || k.Usage == KeyUsage.Issuer))
                    .OrderBy(k => k.KeyId).ToListAsync(ct);
                var root = await store.Db.Keys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyId == KeyIds.Root && k.Usage == KeyUsage.Root && k.Status == KeyStatus.Active, ct);
                if (records.Count == 0 || root is null)
                {
                    return KeyErrors.ProvinceHasNoKeys(province!);
                }
                var exported = new List<ExportedKey>(records.Count);
                foreach (var record in records)
                {
                    var material = store.Open(record);
                    try
                    {
                        var wrapped = KeyWrap.Wrap(transport, material, ExportIdentity(record.KeyId, record.Version, record.Usage, province!));
                        exported.Add(new ExportedKey(record.KeyId, record.Version, EnumNames.Of(record.Usage), EnumNames.Of(record.Algorithm), record.RegionCode,
                            record.CheckValue, Hex(record.PublicKey), Hex(record.Certificate), record.ParentVersion, Convert.ToHexString(wrapped)));
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(material);
                    }
                }
                scope.Details = JsonSerializer.Serialize(new
                {
                    transportKey = new { registered.KeyId, registered.Version, registered.CheckValue },
                    keys = exported.Select(k => new { k.KeyId, k.Version, k.CheckValue }),
                });
                return new KeyExport(KeyExport.CurrentFormat, province!, registered.CheckValue, KeyIds.RootCertificateId, Convert.ToHexString(root.PublicKey!),
                    clock.GetUtcNow(), exported);
            }, cancellationToken);
        }
        finally
        {
            if (transport is not null)
            {
                CryptographicOperations.ZeroMemory(transport);
            }
        }
    }

    /// <summary>
    /// Imports an export at this (lower) tier, by a custodian of the province it is for: every key must be one of that
    /// province's own keys (<c>province-PP-XX</c> provincial masters and <c>issuer-PP</c>, never a national key or the
    /// platform's signing key), open under the transport key this tier's custodians registered together, and match its
    /// check value, or nothing is imported. Keys are stored under this tier's own KEK with the same ids and versions.
    /// </summary>
    public async Task<Result<IReadOnlyList<KeyView>>> ImportAsync(Caller caller, KeyExport? export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysManage) is { } denied)
        {
            return denied;
        }
        if (export is null || export.Format != KeyExport.CurrentFormat || export.Keys is not { Count: > 0 } || export.To is null)
        {
            var errors = new FieldErrors();
            errors.Add("package", $"导出文件格式应为 {KeyExport.CurrentFormat} 且至少包含一个密钥",
                $"The package is a {KeyExport.CurrentFormat} export with at least one key");
            return errors.ToError("keys.invalid");
        }
        if (caller.RegionScope != export.To)
        {
            // A province imports its own keys; nobody imports for another tier, the national tier included.
            return KeyErrors.OtherTier;
        }
        if (ImportRefusal(export) is { } refused)
        {
            return refused;
        }
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        var scope = new AuditScope("keys.import", "province_keys") { TargetId = export.To, RegionCode = export.To }
            .OnUniqueViolation(HealthCardDb.KeyVersionIndex, AlreadyImported)
            .OnUniqueViolation(HealthCardDb.ActiveKeyIndex, AlreadyImported);
        byte[]? transport = null;
        try
        {
            return await audit.RunAsync<IReadOnlyList<KeyView>>(caller, scope, async ct =>
            {
                var registered = await TransportKeys.RegisteredAsync(store, export.To, ct);
                if (registered is null)
                {
                    return KeyErrors.NoTransportKey;
                }
                transport = store.Open(registered);
                var opened = new List<(ExportedKey Key, KeyUsage Usage, KeyAlgorithm Algorithm, byte[] Material)>();
                try
                {
                    foreach (var key in export.Keys)
                    {
                        // Checked by ImportRefusal before the transaction: every usage and algorithm parses.
                        var usage = EnumNames.TryParse<KeyUsage>(key.Usage, out var u) ? u : throw new InvalidOperationException("unchecked usage");
                        var algorithm = EnumNames.TryParse<KeyAlgorithm>(key.Algorithm, out var a) ? a : throw new InvalidOperationException("unchecked algorithm");
                        byte[] wrapped;
                        try
                        {
                            wrapped = Convert.FromHexString(key.Wrapped);
                        }
                        catch (FormatException)
                        {
                            wrapped = [];
                        }
                        if (!Crypto.Sm4.Sm4Gcm.TryDecrypt(transport, wrapped,
                                System.Text.Encoding.UTF8.GetBytes(ExportIdentity(key.KeyId, key.Version, usage, export.To)), out var material))
                        {
                            return new Conflict("keys.transport_key_mismatch", new Message(
                                $"密钥 {key.KeyId} 无法用本级登记的传输密钥解开（传输密钥不同或文件被篡改）",
                                $"Key {key.KeyId} does not open under this tier's registered transport key (another transport key, or the file was altered)"));
                        }
                        opened.Add((key, usage, algorithm, material));
                        if (!CheckValueMatches(key, algorithm, material))
                        {
                            return new Conflict("keys.check_value_mismatch", new Message(
                                $"密钥 {key.KeyId} 的校验值不符", $"Key {key.KeyId} does not match its check value"));
                        }
                    }
                    var imported = new List<KeyRecord>();
                    foreach (var (key, usage, algorithm, material) in opened)
                    {
                        if (await store.ActiveAsync(key.KeyId, ct) is { } previous)
                        {
                            if (previous.Version >= key.Version)
                            {
                                return AlreadyImported;
                            }
                            await store.RetireAsync(previous, ct);
                        }
                        imported.Add(store.Add(key.KeyId, key.Version, usage, algorithm, export.To, material, "imported",
                            key.PublicKey is null ? null : Convert.FromHexString(key.PublicKey),
                            key.Certificate is null ? null : Convert.FromHexString(key.Certificate), key.ParentVersion));
                    }
                    scope.Details = JsonSerializer.Serialize(new
                    {
                        transportKey = new { registered.KeyId, registered.Version, registered.CheckValue },
                        keys = imported.Select(k => new { k.KeyId, k.Version, k.CheckValue }),
                    });
                    return imported.Select(KeyView.Of).ToList();
                }
                finally
                {
                    foreach (var (_, _, _, material) in opened)
                    {
                        CryptographicOperations.ZeroMemory(material);
                    }
                }
            }, cancellationToken);
        }
        finally
        {
            if (transport is not null)
            {
                CryptographicOperations.ZeroMemory(transport);
            }
        }
    }

    /// <summary>
    /// Null when every key of the package is one the importing province may hold: its provincial master keys
    /// (<c>province-PP-XX</c>, SM4, one per SAM key index) and its issuer key (<c>issuer-PP</c>, SM2), each of region PP,
    /// each once. Anything else (the platform signing key, the root, a national master, another province's key, a key
    /// whose id and usage disagree) refuses the whole package.
    /// </summary>
    internal static Conflict? ImportRefusal(KeyExport export)
    {
        var province = export.To;
        var allowed = SamKeys.All.Select(slot => KeyIds.Provincial(province, slot.Index)).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (province is not { Length: 2 } || !province.All(char.IsAsciiDigit))
        {
            return Refused(province ?? "");
        }
        foreach (var key in export.Keys)
        {
            var ok = key.KeyId is not null && seen.Add(key.KeyId) && key.RegionCode == province
                && EnumNames.TryParse<KeyUsage>(key.Usage, out var usage) && EnumNames.TryParse<KeyAlgorithm>(key.Algorithm, out var algorithm)
                && ((usage == KeyUsage.ProvincialMaster && algorithm == KeyAlgorithm.Sm4 && allowed.Contains(key.KeyId))
                    || (usage == KeyUsage.Issuer && algorithm == KeyAlgorithm.Sm2 && key.KeyId == KeyIds.Issuer(province) && key.PublicKey is not null));
            if (!ok)
            {
                return Refused(key.KeyId ?? "");
            }
        }
        return null;

        static Conflict Refused(string keyId) => new("keys.import_refused", new Message(
            $"不能导入密钥 {keyId}：本级只能导入本省的省级密钥与发卡机构密钥",
            $"Key {keyId} cannot be imported: a province imports only its own provincial and issuer keys"));
    }

    /// <summary>The platform's active public signing key and its retired versions (terminals verify with either).</summary>
    public async Task<Result<PlatformKeyView>> PlatformSigningKeyAsync(CancellationToken cancellationToken)
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

    /// <summary>The associated data of an exported key: <c>export|keyId|vN|usage|to:region</c> (ADR 009).</summary>
    public static string ExportIdentity(string keyId, int version, KeyUsage usage, string to) =>
        $"export|{KeyIds.WrapIdentity(keyId, version, usage)}|to:{to}";

    private static readonly Conflict AlreadyImported = new("keys.already_imported",
        new Message("这些密钥版本已导入", "These key versions have already been imported"));

    private static readonly Conflict RotationRace = new("keys.concurrent_change",
        new Message("该密钥同时被其他操作修改，请重试", "Another operation changed this key at the same time; retry"));

    private static bool CheckValueMatches(ExportedKey key, KeyAlgorithm algorithm, byte[] material)
    {
        byte[] expected;
        try
        {
            expected = Convert.FromHexString(key.CheckValue);
        }
        catch (FormatException)
        {
            return false;
        }
        if (algorithm == KeyAlgorithm.Sm4)
        {
            return material.Length == 16 && CryptographicOperations.FixedTimeEquals(KeyDerivation.CheckValue(material), expected);
        }
        try
        {
            using var sm2 = Sm2PrivateKey.Import(material);
            return CryptographicOperations.FixedTimeEquals(KeyDerivation.PublicKeyCheckValue(sm2.PublicKey), expected)
                && key.PublicKey is not null && CryptographicOperations.FixedTimeEquals(sm2.PublicKey, Convert.FromHexString(key.PublicKey));
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return false;
        }
    }

    private static byte[] PublicKeyCheckValueOf(byte[] scalar)
    {
        using var key = Sm2PrivateKey.Import(scalar);
        return KeyDerivation.PublicKeyCheckValue(key.PublicKey);
    }

    private void ValidateRegion(string? region, FieldErrors errors, bool provinceOnly = false)
    {
        var valid = region is { Length: 2 or 4 or 6 } && region.All(char.IsAsciiDigit) && (!provinceOnly || region.Length == 2)
            && regions.Exists(region.PadRight(6, '0'));
        if (!valid)
        {
            errors.Add(provinceOnly ? "province" : "regionCode",
                provinceOnly ? "省份代码应为 GB/T 2260 的 2 位省级代码" : "地区代码应为 GB/T 2260 的 2、4 或 6 位代码",
                provinceOnly ? "The province is a 2-digit GB/T 2260 province code" : "The region is a 2-, 4- or 6-digit GB/T 2260 code");
        }
    }

    private static string? Hex(byte[]? value) => value is null ? null : Convert.ToHexString(value);

    /// <summary>The caller's keys: all for the national tier; for any other, the keys of its region (never national keys).</summary>
    internal static IQueryable<KeyRecord> VisibleTo(IQueryable<KeyRecord> keys, Caller caller)
    {
        var prefix = caller.RegionScope;
        return prefix.Length == 0 ? keys : keys.Where(k => k.RegionCode != null && k.RegionCode.StartsWith(prefix));
    }
}
