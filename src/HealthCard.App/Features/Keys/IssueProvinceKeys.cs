using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Chip.Apdu;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Common;
using HealthCard.Domain.Keys;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Keys;

/// <summary>Issuing: which delegation, which of its collectors (checked by ID number) receives, and who hands over.</summary>
public sealed record IssueKeysRequest(Guid? DelegationId, string? ReceiverName, string? ReceiverIdNumber, string? HandedOverBy);

/// <summary>
/// Step 4 (national tier): issues an approved application's keys to a collector named in a valid delegation letter. Derives
/// a new version of every provincial key from the active national master (retiring the previous version), creates the
/// province's issuer SM2 key with its certificate signed by the root, and records the handover (交接单). The issuer is
/// none of the applicant, the reviewer and the letter's author (ADR 016).
/// </summary>
public sealed class IssueProvinceKeys(KeyStore store, AuditTrail audit, PersonalDataProtector protector, TimeProvider clock)
{
    public async Task<Result<HandoverView>> ExecuteAsync(Caller caller, Guid applicationId, IssueKeysRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Authorize(Capabilities.KeysNational) is { } denied)
        {
            return denied;
        }
        var errors = new FieldErrors();
        if (request.DelegationId is null)
        {
            errors.Add("delegationId", "应指定委派书", "delegationId is required");
        }
        KeyDocuments.Text(errors, "receiverName", request.ReceiverName, 50, "领取人姓名", "receiverName");
        KeyDocuments.Text(errors, "handedOverBy", request.HandedOverBy, 50, "交付人", "handedOverBy");
        if (string.IsNullOrWhiteSpace(request.ReceiverIdNumber))
        {
            errors.Add("receiverIdNumber", "应提供领取人身份证号码以核对委派书", "receiverIdNumber is required to check the delegation");
        }
        if (errors.Any)
        {
            return errors.ToError(KeyErrors.Invalid);
        }
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        var scope = new AuditScope("keys.issue", "key_application")
        {
            OnConcurrencyConflict = KeyErrors.ApplicationChangedMeanwhile,
        }.OnUniqueViolation(HealthCardDb.KeyHandoverNumberIndex, KeyErrors.NumberTaken)
            .OnUniqueViolation(HealthCardDb.KeyVersionIndex, KeyErrors.ApplicationChangedMeanwhile)
            .OnUniqueViolation(HealthCardDb.ActiveKeyIndex, KeyErrors.ApplicationChangedMeanwhile);
        return await audit.RunAsync<HandoverView>(caller, scope, async ct =>
        {
            var application = await store.Db.KeyApplications.FirstOrDefaultAsync(a => a.Id == applicationId, ct);
            if (application is null)
            {
                return KeyErrors.ApplicationNotFound;
            }
            scope.TargetId = application.Number;
            scope.RegionCode = application.ProvinceCode;
            var next = KeyApplicationLifecycle.Table.Next(application.Status, KeyApplicationTrigger.Issue);
            if (!next.IsSuccess)
            {
                return next.Error!;
            }
            var delegation = await store.Db.KeyDelegations.AsNoTracking()
                .FirstOrDefaultAsync(d => d.Id == request.DelegationId && d.ApplicationId == applicationId, ct);
            if (delegation is null)
            {
                return KeyErrors.DelegationNotFound;
            }
            if (caller.Actor == application.CreatedBy || caller.Actor == application.ReviewedBy || caller.Actor == delegation.CreatedBy)
            {
                return KeyErrors.IssuerTookAnEarlierStep;
            }
            if (delegation.ValidUntil < clock.Today())
            {
                return KeyErrors.DelegationExpired;
            }
            var presented = protector.IdNumberIndex(request.ReceiverIdNumber!);
            var receiver = delegation.Collectors.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(c.IdNumberIndex, presented)
                && c.Name == request.ReceiverName!.Trim());
            if (receiver is null)
            {
                return KeyErrors.NotDelegated;
            }

            var province = application.ProvinceCode;
            var handed = await DeriveProvinceAsync(province, application.IssuerCode, ct);
            if (!handed.IsSuccess)
            {
                return handed.Error!;
            }
            var now = clock.GetUtcNow();
            application.Status = next.Value;
            application.IssuedAt = now;
            application.IssuedBy = caller.Actor;
            application.Version++;
            var handover = new KeyHandover
            {
                Id = Guid.CreateVersion7(now),
                Number = KeyDocuments.Number("JJ" + province, now),
                ApplicationId = application.Id,
                DelegationId = delegation.Id,
                ProvinceCode = province,
                HandedOverBy = request.HandedOverBy!.Trim(),
                ReceivedBy = receiver.Name,
                ReceiverIdMasked = receiver.IdNumberMasked,
                Keys = handed.Value.Select(k => new HandedKey { KeyId = k.KeyId, Version = k.Version, CheckValue = k.CheckValue }).ToList(),
                Actor = caller.Actor,
                At = now,
            };
            store.Db.KeyHandovers.Add(handover);
            scope.Details = JsonSerializer.Serialize(new
            {
                handover = handover.Number,
                delegation = delegation.LetterNumber,
                keys = handover.Keys.Select(k => new { k.KeyId, k.Version, k.CheckValue }),
            });
            return HandoverView.Of(handover);
        }, cancellationToken);
    }

    /// <summary>
    /// Stages the province's key set: one provincial key per SAM key index, <c>SM4(national master, D ‖ ~D)</c> with the
    /// province diversifier (<see cref="KeyDerivation.ProvinceDiversifier"/>), and a new issuer key certified by the root.
    /// Refused when the province already holds keys derived from the current national masters.
    /// </summary>
    private async Task<Result<List<KeyRecord>>> DeriveProvinceAsync(string province, string issuerCode, CancellationToken ct)
    {
        var diversifier = KeyDerivation.ProvinceDiversifier(province);
        var created = new List<KeyRecord>();
        var derived = new List<(byte Index, KeyRecord National, KeyRecord? Previous)>();
        foreach (var slot in SamKeys.All)
        {
            var national = await store.ActiveAsync(KeyIds.NationalMaster(slot.Index), ct);
            if (national is null)
            {
                return KeyErrors.NotInitialized;
            }
            var previous = await store.ActiveAsync(KeyIds.Provincial(province, slot.Index), ct);
            derived.Add((slot.Index, national, previous));
        }
        if (derived.All(d => d.Previous is not null && d.Previous.ParentVersion == d.National.Version))
        {
            return KeyErrors.ProvinceAlreadyIssued(province);
        }
        foreach (var (index, national, previous) in derived)
        {
            var keyId = KeyIds.Provincial(province, index);
            var version = previous is null ? await store.NextVersionAsync(keyId, ct) : previous.Version + 1;
            if (previous is not null)
            {
                await store.RetireAsync(previous, ct);
            }
            var master = store.Open(national);
            var provincial = KeyDerivation.Diversify(master, diversifier);
            try
            {
                created.Add(store.Add(keyId, version, KeyUsage.ProvincialMaster, KeyAlgorithm.Sm4, province, provincial, "derived",
                    parentVersion: national.Version));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(master);
                CryptographicOperations.ZeroMemory(provincial);
            }
        }

        var issuerId = KeyIds.Issuer(province);
        var previousIssuer = await store.ActiveAsync(issuerId, ct);
        var issuerVersion = previousIssuer is null ? await store.NextVersionAsync(issuerId, ct) : previousIssuer.Version + 1;
        if (previousIssuer is not null)
        {
            await store.RetireAsync(previousIssuer, ct);
        }
        using var issuerKey = Sm2Algorithm.GenerateKey();
        var certificate = await store.CertifyIssuerAsync(issuerCode, issuerKey.PublicKey, ct);
        if (!certificate.IsSuccess)
        {
            return certificate.Error!;
        }
        created.Add(store.AddSm2(issuerId, issuerVersion, KeyUsage.Issuer, province, issuerKey, "generated", certificate.Value));
        return created;
    }
}
