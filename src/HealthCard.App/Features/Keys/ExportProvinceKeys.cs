using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.Crypto.Keys;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Keys;

/// <summary>
/// A key export to a lower tier (<c>healthcard-key-export/1</c>): every key wrapped under the tier's transport key with
/// the identity <c>export|keyId|vN|usage|to:region</c>, beside its id, version and check value so that the importing
/// tier verifies each one. The root's public key travels in clear: it is the trust anchor for the issuer certificate.
/// </summary>
public sealed record KeyExport(string Format, string To, string TransportKeyCheckValue, string RootId, string RootPublicKey,
    DateTimeOffset CreatedAt, IReadOnlyList<ExportedKey> Keys)
{
    public const string CurrentFormat = "healthcard-key-export/1";
}

public sealed record ExportedKey(string KeyId, int Version, string Usage, string Algorithm, string? RegionCode, string CheckValue,
    string? PublicKey, string? Certificate, int? ParentVersion, string Wrapped);

/// <summary>
/// Exports a province's active provincial keys and issuer key, each wrapped under the transport key the province's
/// custodians registered through their ceremony (<see cref="TransportKeys"/>). The request names only the province:
/// it never carries key material, so no caller can have the keys wrapped under a key of their own. National only (ADR 016).
/// </summary>
public sealed class ExportProvinceKeys(KeyStore store, AuditTrail audit, IRegionDirectory regions, TimeProvider clock)
{
    /// <summary>The associated data of an exported key: <c>export|keyId|vN|usage|to:region</c> (ADR 009).</summary>
    public static string ExportIdentity(string keyId, int version, KeyUsage usage, string to) =>
        $"export|{KeyIds.WrapIdentity(keyId, version, usage)}|to:{to}";

    public async Task<Result<KeyExport>> ExecuteAsync(Caller caller, string? province, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysNational) is { } denied)
        {
            return denied;
        }
        if (province is not { Length: 2 } || !province.All(char.IsAsciiDigit) || !regions.Exists(province + "0000"))
        {
            var errors = new FieldErrors();
            errors.Add("province", "省份代码应为 GB/T 2260 的 2 位省级代码", "The province is a 2-digit GB/T 2260 province code");
            return errors.ToError(KeyErrors.Invalid);
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
                var registered = await TransportKeys.RegisteredAsync(store, province, ct);
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
                    return KeyErrors.ProvinceHasNoKeys(province);
                }
                var exported = new List<ExportedKey>(records.Count);
                foreach (var record in records)
                {
                    var material = store.Open(record);
                    try
                    {
                        var wrapped = KeyWrap.Wrap(transport, material, ExportIdentity(record.KeyId, record.Version, record.Usage, province));
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
                return new KeyExport(KeyExport.CurrentFormat, province, registered.CheckValue, KeyIds.RootCertificateId, Convert.ToHexString(root.PublicKey!),
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

    private static string? Hex(byte[]? value) => value is null ? null : Convert.ToHexString(value);
}
