using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Chip.Apdu;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Keys;

/// <summary>
/// Imports an export at this (lower) tier, by a custodian of the province it is for: every key must be one of that
/// province's own keys (<c>province-PP-XX</c> provincial masters and <c>issuer-PP</c>, never a national key or the
/// platform's signing key), open under the transport key this tier's custodians registered together, and match its
/// check value, or nothing is imported. Keys are stored under this tier's own KEK with the same ids and versions (ADR 016).
/// </summary>
public sealed class ImportProvinceKeys(KeyStore store, AuditTrail audit)
{
    public async Task<Result<IReadOnlyList<KeyView>>> ExecuteAsync(Caller caller, KeyExport? export, CancellationToken cancellationToken)
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
            return errors.ToError(KeyErrors.Invalid);
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
            .OnUniqueViolation(HealthCardDb.KeyVersionIndex, KeyErrors.AlreadyImported)
            .OnUniqueViolation(HealthCardDb.ActiveKeyIndex, KeyErrors.AlreadyImported);
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
                                System.Text.Encoding.UTF8.GetBytes(ExportProvinceKeys.ExportIdentity(key.KeyId, key.Version, usage, export.To)), out var material))
                        {
                            return KeyErrors.TransportKeyMismatch(key.KeyId);
                        }
                        opened.Add((key, usage, algorithm, material));
                        if (!CheckValueMatches(key, algorithm, material))
                        {
                            return KeyErrors.CheckValueMismatch(key.KeyId);
                        }
                    }
                    var imported = new List<KeyRecord>();
                    foreach (var (key, usage, algorithm, material) in opened)
                    {
                        if (await store.ActiveAsync(key.KeyId, ct) is { } previous)
                        {
                            if (previous.Version >= key.Version)
                            {
                                return KeyErrors.AlreadyImported;
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
            return KeyErrors.ImportRefused(province ?? "");
        }
        foreach (var key in export.Keys)
        {
            var ok = key.KeyId is not null && seen.Add(key.KeyId) && key.RegionCode == province
                && EnumNames.TryParse<KeyUsage>(key.Usage, out var usage) && EnumNames.TryParse<KeyAlgorithm>(key.Algorithm, out var algorithm)
                && ((usage == KeyUsage.ProvincialMaster && algorithm == KeyAlgorithm.Sm4 && allowed.Contains(key.KeyId))
                    || (usage == KeyUsage.Issuer && algorithm == KeyAlgorithm.Sm2 && key.KeyId == KeyIds.Issuer(province) && key.PublicKey is not null));
            if (!ok)
            {
                return KeyErrors.ImportRefused(key.KeyId ?? "");
            }
        }
        return null;
    }

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
}
