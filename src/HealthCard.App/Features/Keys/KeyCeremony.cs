using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Chip.Apdu;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Crypto.Sm4;
using HealthCard.Domain.Common;
using Microsoft.Extensions.Logging;

namespace HealthCard.App.Features.Keys;

/// <summary>The result of a key ceremony: the custodians' shares (shown once, never stored) and what was created.</summary>
public sealed record CeremonyResult(IReadOnlyList<string> Shares, int Threshold, string KekCheckValue, IReadOnlyList<KeyView> Keys);

/// <summary>Whether the key store exists and whether this node holds its KEK; <c>RegionCode</c> is the tier of its custodians.</summary>
public sealed record KeyStoreStatus(bool Initialized, bool Sealed, int Threshold, int Custodians, int SharesReceived, string? KekCheckValue,
    DateTimeOffset? InitializedAt, string? RegionCode = null);

/// <summary>
/// The key ceremony and the seal (ADR 009): <see cref="InitAsync"/> generates the KEK, splits it M-of-N among custodians,
/// and creates the national root, the platform signing key and the SM4 national masters, all wrapped under the KEK.
/// <see cref="UnsealAsync"/> takes custodians' shares one at a time until the threshold. The key store belongs to the tier
/// of the custodians who made it (national, or a province): only custodians whose region covers that tier seal and unseal
/// it, and each share is checked on its own against the check value the ceremony stored (ADR 016).
/// </summary>
public sealed class KeyCeremony(KeyStore store, AuditTrail audit, TimeProvider clock, ILogger<KeyCeremony> logger)
{
    public const int KekSize = 16;

    public Task<Result<CeremonyResult>> InitAsync(Caller caller, int custodians, int threshold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if ((caller.Authorize(Capabilities.KeysManage) ?? (caller.Reaches(Reach.Province) ? null : KeyErrors.OtherTier)) is { } denied)
        {
            return Task.FromResult(Result<CeremonyResult>.Failure(denied));
        }
        var errors = new FieldErrors();
        if (custodians is < 2 or > 255)
        {
            errors.Add("custodians", "保管人数应为 2 至 255", "The number of custodians is from 2 to 255");
        }
        if (threshold < 2 || threshold > custodians)
        {
            errors.Add("threshold", "门限应不小于 2 且不大于保管人数", "The threshold is at least 2 and at most the number of custodians");
        }
        if (errors.Any)
        {
            return Task.FromResult(Result<CeremonyResult>.Failure(errors.ToError(KeyErrors.Invalid)));
        }
        var scope = new AuditScope("keys.init", "key_store") { TargetId = KeyCeremonyRecord.PlatformName }
            .OnUniqueViolation(HealthCardDb.KeyCeremonyNameIndex, KeyErrors.AlreadyInitialized)
            .OnUniqueViolation(HealthCardDb.KeyVersionIndex, KeyErrors.AlreadyInitialized);
        var kek = RandomNumberGenerator.GetBytes(KekSize);
        return RunAsync();

        async Task<Result<CeremonyResult>> RunAsync()
        {
            var wasUnsealed = store.Vault.IsUnsealed;
            try
            {
                if (wasUnsealed || await store.CeremonyAsync(cancellationToken) is not null)
                {
                    // Fast answer; the unique index on the ceremony's name is what really guarantees a single store.
                    return KeyErrors.AlreadyInitialized;
                }
                store.Vault.Open(kek);
                var result = await audit.RunAsync<CeremonyResult>(caller, scope, _ =>
                {
                    var kcv = Convert.ToHexString(KeyDerivation.CheckValue(kek));
                    var ceremonyId = Guid.NewGuid();
                    var shares = SecretSharing.Split(kek, threshold, custodians);
                    store.Db.KeyCeremonies.Add(new KeyCeremonyRecord
                    {
                        Id = ceremonyId,
                        Name = KeyCeremonyRecord.PlatformName,
                        Threshold = threshold,
                        Custodians = custodians,
                        KekCheckValue = kcv,
                        Verifier = Sm4Gcm.Encrypt(kek, new byte[16], System.Text.Encoding.UTF8.GetBytes(KeyVault.VerifierIdentity)),
                        RegionCode = caller.RegionScope,
                        ShareCheckValues = KeyVault.ShareCheckValues(ceremonyId, shares),
                        CreatedBy = caller.Actor,
                        CreatedAt = clock.GetUtcNow(),
                    });
                    var created = new List<KeyRecord>();
                    using (var root = Sm2Algorithm.GenerateKey())
                    {
                        created.Add(store.AddSm2(KeyIds.Root, 1, KeyUsage.Root, null, root, "generated"));
                    }
                    using (var platform = Sm2Algorithm.GenerateKey())
                    {
                        created.Add(store.AddSm2(KeyIds.PlatformSigning, 1, KeyUsage.PlatformSigning, null, platform, "generated"));
                    }
                    foreach (var slot in SamKeys.All)
                    {
                        var master = RandomNumberGenerator.GetBytes(16);
                        created.Add(store.Add(KeyIds.NationalMaster(slot.Index), 1, KeyUsage.NationalMaster, KeyAlgorithm.Sm4, null, master, "generated"));
                        CryptographicOperations.ZeroMemory(master);
                    }
                    var texts = shares.Select(s => s.ToString()).ToList();
                    foreach (var share in shares)
                    {
                        CryptographicOperations.ZeroMemory(share.Y);
                    }
                    scope.Details = JsonSerializer.Serialize(new { custodians, threshold, kekCheckValue = kcv, keys = created.Count });
                    return Task.FromResult(Result<CeremonyResult>.Success(new CeremonyResult(texts, threshold, kcv, created.Select(KeyView.Of).ToList())));
                }, cancellationToken);
                if (!result.IsSuccess)
                {
                    store.Vault.Seal();
                }
                return result;
            }
            catch
            {
                store.Vault.Seal();
                throw;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(kek);
            }
        }
    }

    /// <summary>
    /// Adds one custodian's share; answers the progress, <see cref="KeyErrors.BadShare"/> when this share fails its check
    /// value (the shares given before are kept), or <see cref="KeyErrors.WrongShares"/> when a full set fails its check.
    /// </summary>
    public async Task<Result<KeyStoreStatus>> UnsealAsync(Caller caller, string? shareText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysManage) is { } denied)
        {
            return denied;
        }
        if (!KeyStore.TryParseShare(shareText, out var share))
        {
            var errors = new FieldErrors();
            errors.Add("share", "密钥分量格式应为 <序号>-<十六进制>（16 字节）", "A share is written <x>-<hex> and holds 16 bytes");
            return errors.ToError(KeyErrors.Invalid);
        }
        var ceremony = await store.CeremonyAsync(cancellationToken);
        if (ceremony is null)
        {
            return KeyErrors.NotInitialized;
        }
        if (!caller.Covers(ceremony.RegionCode))
        {
            return KeyErrors.OtherTier;
        }
        var scope = new AuditScope("keys.unseal", "key_store") { TargetId = KeyCeremonyRecord.PlatformName };
        return await audit.RunAsync<KeyStoreStatus>(caller, scope, _ =>
        {
            var progress = store.Vault.Submit(share, ceremony);
            // The custodian's number (x) is not secret; the share's value never leaves this method.
            scope.Details = JsonSerializer.Serialize(new
            {
                custodian = (int)share.X, received = progress.SharesReceived, threshold = progress.Threshold, @sealed = progress.Sealed,
                badShare = progress.BadShare,
            });
            // Operators see the ceremony's progress in the log too; never the share, only the custodian's number.
            if (progress.BadShare)
            {
                logger.LogWarning("A key share for custodian {Custodian}, given by {Actor}, failed its check value and was refused; {Received} good shares are kept.",
                    share.X, caller.Actor, progress.SharesReceived);
                return Task.FromResult(Result<KeyStoreStatus>.Failure(KeyErrors.BadShare));
            }
            if (progress.WrongShares)
            {
                logger.LogWarning("A full set of key shares failed the KEK check (last from custodian {Custodian}, by {Actor}); the set was discarded.", share.X, caller.Actor);
            }
            else if (!progress.Sealed)
            {
                logger.LogInformation("The key service was unsealed by {Actor} with {Threshold} shares.", caller.Actor, progress.Threshold);
            }
            return Task.FromResult(progress.WrongShares
                ? Result<KeyStoreStatus>.Failure(KeyErrors.WrongShares)
                : Result<KeyStoreStatus>.Success(Status(ceremony, progress.Sealed, progress.SharesReceived)));
        }, cancellationToken);
    }

    /// <summary>Submits several shares (the CLI's <c>--share</c> files); stops at the first refusal.</summary>
    public async Task<Result<KeyStoreStatus>> UnsealAsync(Caller caller, IEnumerable<string> shares, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shares);
        Result<KeyStoreStatus> last = KeyErrors.Sealed;
        foreach (var share in shares)
        {
            last = await UnsealAsync(caller, share, cancellationToken);
            if (!last.IsSuccess || !last.Value.Sealed)
            {
                return last;
            }
        }
        return last.IsSuccess && last.Value.Sealed ? KeyErrors.Sealed : last;
    }

    /// <summary>Forgets the KEK on this node. Only a custodian whose region covers the key store's tier may seal it.</summary>
    public async Task<Result<KeyStoreStatus>> SealAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysManage) is { } denied)
        {
            return denied;
        }
        var ceremony = await store.CeremonyAsync(cancellationToken);
        if (ceremony is null)
        {
            return KeyErrors.NotInitialized;
        }
        if (!caller.Covers(ceremony.RegionCode))
        {
            return KeyErrors.OtherTier;
        }
        var scope = new AuditScope("keys.seal", "key_store") { TargetId = KeyCeremonyRecord.PlatformName, RegionCode = Region(ceremony) };
        return await audit.RunAsync<KeyStoreStatus>(caller, scope, _ =>
        {
            store.Vault.Seal();
            logger.LogInformation("The key service was sealed by {Actor}.", caller.Actor);
            return Task.FromResult(Result<KeyStoreStatus>.Success(Status(ceremony, true, 0)));
        }, cancellationToken);
    }

    /// <summary>The key store's state, for a caller who may read key metadata.</summary>
    public async Task<Result<KeyStoreStatus>> StatusAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Authorize(Capabilities.KeysRead) is { } denied ? denied : await StatusAsync(cancellationToken);
    }

    /// <summary>The key store's state, for the platform itself (start-up, demo data).</summary>
    internal async Task<KeyStoreStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var ceremony = await store.CeremonyAsync(cancellationToken);
        if (ceremony is null)
        {
            return new KeyStoreStatus(false, true, 0, 0, 0, null, null);
        }
        // Configured shares unseal on first use; a status request is a use.
        await store.EnsureUnsealedAsync(cancellationToken);
        return Status(ceremony, !store.Vault.IsUnsealed, store.Vault.PendingShares);
    }

    private static KeyStoreStatus Status(KeyCeremonyRecord ceremony, bool @sealed, int received) =>
        new(true, @sealed, ceremony.Threshold, ceremony.Custodians, @sealed ? received : ceremony.Threshold, ceremony.KekCheckValue, ceremony.CreatedAt,
            ceremony.RegionCode);

    private static string? Region(KeyCeremonyRecord ceremony) => ceremony.RegionCode.Length == 0 ? null : ceremony.RegionCode;
}
