using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Certificates;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Keys;

/// <summary>A rotation's outcome: the new active version and the version now retired.</summary>
public sealed record RotationView(KeyView Active, KeyView Retired, string Reason);

/// <summary>
/// Rotates a key: a new active version, the old one retired (kept to verify what it signed, never used to sign or
/// derive again). Root, platform signing, issuer and national master keys rotate here, by the national tier only;
/// provincial keys follow their national master through a new issuance; SAM keys through reloading the SAM;
/// transport keys through a new ceremony of their tier's custodians.
/// </summary>
public sealed class RotateKey(KeyStore store, AuditTrail audit, TimeProvider clock)
{
    private static readonly KeyUsage[] Rotatable = [KeyUsage.Root, KeyUsage.PlatformSigning, KeyUsage.Issuer, KeyUsage.NationalMaster];

    public async Task<Result<RotationView>> ExecuteAsync(Caller caller, string keyId, string? reason, CancellationToken cancellationToken)
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
            return errors.ToError(KeyErrors.Invalid);
        }
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        var scope = new AuditScope("key.rotate", "key") { TargetId = keyId }
            .OnUniqueViolation(HealthCardDb.KeyVersionIndex, KeyErrors.KeyChangedMeanwhile)
            .OnUniqueViolation(HealthCardDb.ActiveKeyIndex, KeyErrors.KeyChangedMeanwhile);
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
                return KeyErrors.NotRotatable;
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
                    var certified = await store.CertifyIssuerAsync(CompactCertificate.Parse(active.Certificate).Subject, key.PublicKey, ct);
                    if (!certified.IsSuccess)
                    {
                        return certified.Error!;
                    }
                    certificate = certified.Value;
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
}
