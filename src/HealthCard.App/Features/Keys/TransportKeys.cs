using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Keys;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HealthCard.App.Features.Keys;

/// <summary>One custodian's transport key component: 32 hex characters, and its KCV (6 hex) to catch a mistyped one.</summary>
public sealed record TransportComponentRequest(string? Component, string? CheckValue);

public sealed record TransportComponentView(string Custodian, string CheckValue, DateTimeOffset At);

/// <summary>
/// A transport key ceremony as anyone may see it: who gave a component (with the component's KCV), how many are needed,
/// and at completion the key's version and KCV. Never a component, never the key.
/// </summary>
public sealed record TransportCeremonyView(Guid Id, string RegionCode, string KeyId, string Status, int Threshold, int Received,
    IReadOnlyList<TransportComponentView> Components, int? KeyVersion, string? CheckValue, string StartedBy, DateTimeOffset StartedAt,
    DateTimeOffset? ClosedAt, string? ClosedBy)
{
    internal static TransportCeremonyView Of(TransportKeyCeremony c) => new(c.Id, c.RegionCode, KeyIds.Transport(c.RegionCode), EnumNames.Of(c.Status),
        c.Threshold, c.Components.Count, c.Components.Select(k => new TransportComponentView(k.Custodian, k.CheckValue, k.At)).ToList(), c.KeyVersion,
        c.CheckValue, c.StartedBy, c.StartedAt, c.ClosedAt, c.ClosedBy);
}

/// <summary>
/// Registering a tier's SM4 transport key, the key exports to that tier are wrapped under (ADR 016). There is no other
/// way to register or replace one: each of M distinct custodians <em>of the receiving tier</em> gives one component with
/// its KCV; the key is the XOR of the M components, made inside the key service when the M-th arrives, and stored only
/// wrapped. Every custodian knows one component, nobody knows the key, and no answer ever carries it. The lower tier's
/// node runs the same ceremony with the same custodians and components, and so holds the same key (same KCV).
/// </summary>
public sealed class TransportKeys(KeyStore store, AuditTrail audit, IRegionDirectory regions, TimeProvider clock, IOptions<KeyServiceOptions> options)
{
    /// <summary>The origin of a transport key made by a ceremony; exports and imports use no other.</summary>
    public const string CeremonyOrigin = "ceremony";

    /// <summary>Adds the caller's component to the open ceremony of <paramref name="region"/> (opening one if none), completing it at the threshold.</summary>
    public async Task<Result<TransportCeremonyView>> ContributeAsync(Caller caller, string? region, TransportComponentRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Authorize(Capabilities.KeysManage) is { } denied)
        {
            return denied;
        }
        var errors = new FieldErrors();
        ValidateRegion(region, errors);
        byte[]? component = null;
        try
        {
            component = Convert.FromHexString(request.Component?.Trim() ?? "");
        }
        catch (FormatException)
        {
        }
        if (component is not { Length: 16 } || component.All(b => b == 0))
        {
            errors.Add("component", "传输密钥分量应为 32 位十六进制（16 字节），不能全为零", "A component is 32 hex characters (16 bytes), not all zero");
        }
        if (request.CheckValue?.Trim() is not { Length: 6 } kcv || !kcv.All(char.IsAsciiHexDigit))
        {
            errors.Add("checkValue", "应给出分量的校验值（6 位十六进制）", "Give the component's check value (6 hex characters)");
        }
        if (errors.Any)
        {
            Zero(component);
            return errors.ToError(KeyErrors.Invalid);
        }
        try
        {
            if (caller.RegionScope != region)
            {
                // Only the receiving tier's own custodians make its transport key; the national tier included, nobody else.
                return KeyErrors.OtherTier;
            }
            var componentKcv = Convert.ToHexString(KeyDerivation.CheckValue(component));
            if (!string.Equals(componentKcv, request.CheckValue!.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return KeyErrors.ComponentCheckValueMismatch;
            }
            if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
            {
                return sealedError;
            }
            var keyId = KeyIds.Transport(region!);
            var scope = new AuditScope("key.transport_component", "key")
            {
                TargetId = keyId, RegionCode = region, OnConcurrencyConflict = KeyErrors.TransportCeremonyChangedMeanwhile,
            }.OnUniqueViolation(HealthCardDb.OpenTransportCeremonyIndex, KeyErrors.TransportCeremonyChangedMeanwhile)
                .OnUniqueViolation(HealthCardDb.TransportComponentCustodianIndex, KeyErrors.SameCustodian)
                .OnUniqueViolation(HealthCardDb.KeyVersionIndex, KeyErrors.TransportCeremonyChangedMeanwhile)
                .OnUniqueViolation(HealthCardDb.ActiveKeyIndex, KeyErrors.TransportCeremonyChangedMeanwhile);
            return await audit.RunAsync<TransportCeremonyView>(caller, scope, async ct =>
            {
                var now = clock.GetUtcNow();
                var ceremony = await Open(region!).FirstOrDefaultAsync(ct);
                if (ceremony is null)
                {
                    ceremony = new TransportKeyCeremony
                    {
                        Id = Guid.CreateVersion7(now),
                        RegionCode = region!,
                        Threshold = Math.Max(2, options.Value.TransportKeyComponents),
                        Status = TransportCeremonyStatus.Open,
                        StartedBy = caller.Actor,
                        StartedAt = now,
                    };
                    store.Db.TransportKeyCeremonies.Add(ceremony);
                }
                if (ceremony.Components.Any(c => c.Custodian == caller.Actor))
                {
                    return KeyErrors.SameCustodian;
                }
                ceremony.Components.Add(new TransportKeyComponent
                {
                    Custodian = caller.Actor,
                    CheckValue = componentKcv,
                    Wrapped = store.Vault.Wrap(component, ComponentIdentity(ceremony.Id, caller.Actor)),
                    At = now,
                });
                ceremony.Version++;
                if (ceremony.Components.Count >= ceremony.Threshold)
                {
                    if (await CompleteAsync(ceremony, caller, keyId, ct) is { } failed)
                    {
                        return failed;
                    }
                }
                scope.Details = JsonSerializer.Serialize(new
                {
                    ceremony = ceremony.Id, componentCheckValue = componentKcv, received = ceremony.Components.Count, threshold = ceremony.Threshold,
                    completed = ceremony.Status == TransportCeremonyStatus.Completed, version = ceremony.KeyVersion, checkValue = ceremony.CheckValue,
                });
                return TransportCeremonyView.Of(ceremony);
            }, cancellationToken);
        }
        finally
        {
            Zero(component);
        }
    }

    /// <summary>The open ceremony of <paramref name="region"/>, else its latest one; not found outside the caller's region.</summary>
    public async Task<Result<TransportCeremonyView>> StatusAsync(Caller caller, string? region, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        if (region is null || !caller.Covers(region))
        {
            return new NotFound("transport key ceremony");
        }
        var ceremony = await store.Db.TransportKeyCeremonies.AsNoTracking().Where(c => c.RegionCode == region)
            .OrderByDescending(c => c.Status == TransportCeremonyStatus.Open).ThenByDescending(c => c.StartedAt).FirstOrDefaultAsync(cancellationToken);
        return ceremony is null ? new NotFound("transport key ceremony") : TransportCeremonyView.Of(ceremony);
    }

    /// <summary>
    /// Abandons the open ceremony of <paramref name="region"/> (a component was wrong): its components are forgotten and
    /// the registered key, if any, stays. By a custodian of that tier or of a tier above it.
    /// </summary>
    public async Task<Result<TransportCeremonyView>> CancelAsync(Caller caller, string? region, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysManage) is { } denied)
        {
            return denied;
        }
        if (region is null || !caller.Covers(region))
        {
            return new NotFound("transport key ceremony");
        }
        var scope = new AuditScope("key.transport_cancel", "key")
        {
            TargetId = KeyIds.Transport(region), RegionCode = region, OnConcurrencyConflict = KeyErrors.TransportCeremonyChangedMeanwhile,
        };
        return await audit.RunAsync<TransportCeremonyView>(caller, scope, async ct =>
        {
            var ceremony = await Open(region).FirstOrDefaultAsync(ct);
            if (ceremony is null)
            {
                return new NotFound("transport key ceremony");
            }
            ceremony.Status = TransportCeremonyStatus.Cancelled;
            Close(ceremony, caller);
            scope.Details = JsonSerializer.Serialize(new { ceremony = ceremony.Id, received = ceremony.Components.Count });
            return TransportCeremonyView.Of(ceremony);
        }, cancellationToken);
    }

    /// <summary>The active transport key of <paramref name="region"/> made by a ceremony, or null (exports and imports use no other).</summary>
    internal static Task<KeyRecord?> RegisteredAsync(KeyStore store, string region, CancellationToken cancellationToken) =>
        store.Db.Keys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyId == KeyIds.Transport(region) && k.Status == KeyStatus.Active
            && k.Usage == KeyUsage.Transport && k.Algorithm == KeyAlgorithm.Sm4 && k.RegionCode == region && k.Origin == CeremonyOrigin, cancellationToken);

    private async Task<Error?> CompleteAsync(TransportKeyCeremony ceremony, Caller caller, string keyId, CancellationToken ct)
    {
        var key = new byte[16];
        try
        {
            foreach (var given in ceremony.Components)
            {
                if (!store.Vault.TryUnwrap(given.Wrapped, ComponentIdentity(ceremony.Id, given.Custodian), out var part))
                {
                    throw new CryptographicException($"A component of transport ceremony {ceremony.Id} does not open under its identity.");
                }
                for (var i = 0; i < key.Length; i++)
                {
                    key[i] ^= part[i];
                }
                CryptographicOperations.ZeroMemory(part);
            }
            if (key.All(b => b == 0))
            {
                return KeyErrors.WeakTransportKey;
            }
            var version = await store.NextVersionAsync(keyId, ct);
            if (await store.ActiveAsync(keyId, ct) is { } previous)
            {
                await store.RetireAsync(previous, ct);
            }
            var record = store.Add(keyId, version, KeyUsage.Transport, KeyAlgorithm.Sm4, ceremony.RegionCode, key, CeremonyOrigin);
            ceremony.Status = TransportCeremonyStatus.Completed;
            ceremony.KeyVersion = version;
            ceremony.CheckValue = record.CheckValue;
            Close(ceremony, caller);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private void Close(TransportKeyCeremony ceremony, Caller caller)
    {
        ceremony.ClosedAt = clock.GetUtcNow();
        ceremony.ClosedBy = caller.Actor;
        ceremony.Version++;
        foreach (var given in ceremony.Components)
        {
            // The components are not needed any more: forget them (their KCVs and custodians stay, for the record).
            given.Wrapped = [];
        }
    }

    private IQueryable<TransportKeyCeremony> Open(string region) =>
        store.Db.TransportKeyCeremonies.Where(c => c.RegionCode == region && c.Status == TransportCeremonyStatus.Open);

    private static string ComponentIdentity(Guid ceremony, string custodian) => $"transport-component|{ceremony:N}|{custodian}";

    private static void Zero(byte[]? buffer)
    {
        if (buffer is not null)
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private void ValidateRegion(string? region, FieldErrors errors)
    {
        if (region is not { Length: 2 or 4 or 6 } || !region.All(char.IsAsciiDigit) || !regions.Exists(region.PadRight(6, '0')))
        {
            errors.Add("regionCode", "地区代码应为 GB/T 2260 的 2、4 或 6 位代码", "The region is a 2-, 4- or 6-digit GB/T 2260 code");
        }
    }
}
