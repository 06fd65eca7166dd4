using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
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

public sealed record KeyApplicationRequest(string? ProvinceCode, string? IssuerCode, string? ApplicantInstitution, string? ApplicantPerson, string? Reason);

public sealed record ReviewRequest(string? Note);

public sealed record CollectorRequest(string? Name, string? IdNumber);

public sealed record DelegationRequest(string? LetterNumber, string? Delegator, DateOnly? ValidUntil, IReadOnlyList<CollectorRequest>? Collectors);

/// <summary>Issuing: which delegation, which of its collectors (checked by ID number) receives, and who hands over.</summary>
public sealed record IssueKeysRequest(Guid? DelegationId, string? ReceiverName, string? ReceiverIdNumber, string? HandedOverBy);

/// <summary>An application as shown; <c>Actions</c> are the steps its state allows (<see cref="KeyApplicationFlow"/>).</summary>
public sealed record KeyApplicationView(Guid Id, string Number, string ProvinceCode, string IssuerCode, string ApplicantInstitution,
    string ApplicantPerson, string Reason, string Status, string? ReviewNote, string? ReviewedBy, DateTimeOffset? ReviewedAt,
    DateTimeOffset? IssuedAt, DateTimeOffset CreatedAt, string CreatedBy, string? IssuedBy, IReadOnlyList<string> Actions)
{
    internal static KeyApplicationView Of(KeyApplication a) => new(a.Id, a.Number, a.ProvinceCode, a.IssuerCode, a.ApplicantInstitution,
        a.ApplicantPerson, a.Reason, EnumNames.Of(a.Status), a.ReviewNote, a.ReviewedBy, a.ReviewedAt, a.IssuedAt, a.CreatedAt, a.CreatedBy, a.IssuedBy,
        KeyApplicationFlow.ActionsOf(a.Status));
}

/// <summary>
/// The application's state machine, in one table: which step each state allows. The use case refuses anything else, and
/// the console offers exactly these steps (it keeps no copy of its own).
/// </summary>
public static class KeyApplicationFlow
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Delegate = "delegate";
    public const string Issue = "issue";

    private static readonly Dictionary<KeyApplicationStatus, string[]> Steps = new()
    {
        [KeyApplicationStatus.Submitted] = [Approve, Reject, Delegate],
        [KeyApplicationStatus.Approved] = [Delegate, Issue],
        [KeyApplicationStatus.Rejected] = [],
        [KeyApplicationStatus.Issued] = [],
    };

    public static IReadOnlyList<string> ActionsOf(KeyApplicationStatus status) => Steps[status];

    public static bool Allows(KeyApplicationStatus status, string step) => Steps[status].Contains(step);
}

public sealed record CollectorView(string Name, string IdNumber);

public sealed record DelegationView(Guid Id, Guid ApplicationId, string LetterNumber, string Delegator, DateOnly ValidUntil,
    IReadOnlyList<CollectorView> Collectors, DateTimeOffset CreatedAt)
{
    internal static DelegationView Of(KeyDelegation d) => new(d.Id, d.ApplicationId, d.LetterNumber, d.Delegator, d.ValidUntil,
        d.Collectors.Select(c => new CollectorView(c.Name, c.IdNumberMasked)).ToList(), d.CreatedAt);
}

public sealed record HandedKeyView(string KeyId, int Version, string CheckValue);

public sealed record HandoverView(Guid Id, string Number, Guid ApplicationId, Guid DelegationId, string ProvinceCode, string HandedOverBy,
    string ReceivedBy, string ReceiverIdNumber, IReadOnlyList<HandedKeyView> Keys, DateTimeOffset At)
{
    internal static HandoverView Of(KeyHandover h) => new(h.Id, h.Number, h.ApplicationId, h.DelegationId, h.ProvinceCode, h.HandedOverBy,
        h.ReceivedBy, h.ReceiverIdMasked, h.Keys.Select(k => new HandedKeyView(k.KeyId, k.Version, k.CheckValue)).ToList(), h.At);
}

/// <summary>
/// The provincial key issuance workflow: application (申领) → approve | reject → delegation letter (委派) naming the
/// collectors → issue, which derives the province's keys from the active national masters, creates the province's
/// issuer key and certificate, and writes the handover record (交接单). Every step is audited; collectors' ID numbers
/// are kept only masked and as a blind index, never in clear, never in the audit log.
/// Tiers and people (ADR 016): a province applies for itself and writes its own delegation letter; the national tier
/// reviews and issues; applicant, reviewer, the letter's author and the issuer are four different people. Applications
/// outside the caller's region are not found.
/// </summary>
public sealed class KeyIssuance(KeyStore store, AuditTrail audit, IRegionDirectory regions, PersonalDataProtector protector, TimeProvider clock,
    IOptions<KeyServiceOptions> options)
{
    private HealthCardDb Db => store.Db;

    public Task<Result<KeyApplicationView>> ApplyAsync(Caller caller, KeyApplicationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Authorize(Capabilities.KeysManage) is { } denied)
        {
            return Task.FromResult(Result<KeyApplicationView>.Failure(denied));
        }
        var scope = new AuditScope("keys.application.submit", "key_application") { RegionCode = request.ProvinceCode }
            .OnUniqueViolation(HealthCardDb.KeyApplicationNumberIndex, Busy);
        return audit.RunAsync<KeyApplicationView>(caller, scope, ct =>
        {
            var errors = new FieldErrors();
            if (request.ProvinceCode is not { Length: 2 } p || !p.All(char.IsAsciiDigit) || !regions.Exists(p + "0000"))
            {
                errors.Add("provinceCode", "省份代码应为 GB/T 2260 的 2 位省级代码", "provinceCode is a 2-digit GB/T 2260 province code");
            }
            if (request.IssuerCode is not { Length: >= 1 and <= 16 } i || !i.All(char.IsAsciiDigit))
            {
                errors.Add("issuerCode", "发卡机构代码应为 1 至 16 位数字（证书主体标识）", "issuerCode is 1 to 16 digits (the certificate subject id)");
            }
            Text(errors, "applicantInstitution", request.ApplicantInstitution, 100, "申请单位", "applicantInstitution");
            Text(errors, "applicantPerson", request.ApplicantPerson, 50, "申请人", "applicantPerson");
            Text(errors, "reason", request.Reason, 500, "申请事由", "reason");
            if (errors.Any)
            {
                return Task.FromResult(Result<KeyApplicationView>.Failure(errors.ToError("keys.invalid")));
            }
            if (caller.RegionScope != request.ProvinceCode)
            {
                // A province applies only for itself: not a city of it, not another province, not the national tier.
                return Task.FromResult(Result<KeyApplicationView>.Failure(OwnProvinceOnly));
            }
            var now = clock.GetUtcNow();
            var application = new KeyApplication
            {
                Id = Guid.CreateVersion7(now),
                Number = Number("KA", now),
                ProvinceCode = request.ProvinceCode!,
                IssuerCode = request.IssuerCode!,
                ApplicantInstitution = request.ApplicantInstitution!.Trim(),
                ApplicantPerson = request.ApplicantPerson!.Trim(),
                Reason = request.Reason!.Trim(),
                Status = KeyApplicationStatus.Submitted,
                CreatedBy = caller.Actor,
                CreatedAt = now,
            };
            Db.KeyApplications.Add(application);
            scope.TargetId = application.Number;
            scope.Details = JsonSerializer.Serialize(new { province = application.ProvinceCode, issuerCode = application.IssuerCode });
            return Task.FromResult(Result<KeyApplicationView>.Success(KeyApplicationView.Of(application)));
        }, cancellationToken);
    }

    public Task<Result<KeyApplicationView>> ReviewAsync(Caller caller, Guid id, bool approve, ReviewRequest? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysNational) is { } denied)
        {
            return Task.FromResult(Result<KeyApplicationView>.Failure(denied));
        }
        var note = request?.Note?.Trim();
        var scope = new AuditScope(approve ? "keys.application.approve" : "keys.application.reject", "key_application")
        {
            OnConcurrencyConflict = ChangedMeanwhile,
        };
        return audit.RunAsync<KeyApplicationView>(caller, scope, async ct =>
        {
            if (note is { Length: > 500 } || (!approve && string.IsNullOrEmpty(note)))
            {
                var errors = new FieldErrors();
                errors.Add("note", "驳回须说明理由，最多 500 个字符", "A rejection needs a note; at most 500 characters");
                return errors.ToError("keys.invalid");
            }
            var application = await Db.KeyApplications.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (application is null)
            {
                return new NotFound("key application");
            }
            scope.TargetId = application.Number;
            scope.RegionCode = application.ProvinceCode;
            var step = approve ? KeyApplicationFlow.Approve : KeyApplicationFlow.Reject;
            if (!KeyApplicationFlow.Allows(application.Status, step))
            {
                return new InvalidTransition("key_application", EnumNames.Of(application.Status), step);
            }
            if (application.CreatedBy == caller.Actor)
            {
                return Authorization.SamePerson("审核密钥申请（申请人之外）", "Reviewing a key application (not its applicant)");
            }
            application.Status = approve ? KeyApplicationStatus.Approved : KeyApplicationStatus.Rejected;
            application.ReviewNote = note;
            application.ReviewedBy = caller.Actor;
            application.ReviewedAt = clock.GetUtcNow();
            application.Version++;
            scope.Details = JsonSerializer.Serialize(new { status = EnumNames.Of(application.Status) });
            return KeyApplicationView.Of(application);
        }, cancellationToken);
    }

    public async Task<Result<KeyApplicationView>> GetApplicationAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        return await Applications(caller).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } a
            ? KeyApplicationView.Of(a)
            : new NotFound("key application");
    }

    /// <summary>The applications in the caller's region (the national tier: all; a province: its own), oldest first.</summary>
    public async Task<Result<IReadOnlyList<KeyApplicationView>>> ListApplicationsAsync(Caller caller, string? province, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        var query = Applications(caller).AsNoTracking();
        if (!string.IsNullOrEmpty(province))
        {
            query = query.Where(a => a.ProvinceCode == province);
        }
        return (await query.OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken)).Select(KeyApplicationView.Of).ToList();
    }

    /// <summary>Applications whose province lies within the caller's region; the others are "not found".</summary>
    private IQueryable<KeyApplication> Applications(Caller caller)
    {
        var prefix = caller.RegionScope;
        return prefix.Length == 0 ? Db.KeyApplications : Db.KeyApplications.Where(a => a.ProvinceCode.StartsWith(prefix));
    }

    /// <summary>Records the delegation letter of an application that is submitted or approved.</summary>
    public Task<Result<DelegationView>> DelegateAsync(Caller caller, Guid applicationId, DelegationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Authorize(Capabilities.KeysManage) is { } denied)
        {
            return Task.FromResult(Result<DelegationView>.Failure(denied));
        }
        var scope = new AuditScope("keys.delegation.create", "key_delegation") { TargetId = request.LetterNumber }
            .OnUniqueViolation(HealthCardDb.KeyDelegationLetterIndex, new Conflict("keys.delegation_duplicate",
                new Message("委派书编号已存在", "A delegation letter with this number exists")));
        return audit.RunAsync<DelegationView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            Text(errors, "letterNumber", request.LetterNumber, 32, "委派书编号", "letterNumber");
            Text(errors, "delegator", request.Delegator, 100, "委派单位", "delegator");
            if (request.ValidUntil is not { } validUntil || validUntil < clock.Today())
            {
                errors.Add("validUntil", "委派有效期应为今天或以后的日期", "validUntil is a date from today on");
            }
            if (request.Collectors is not { Count: >= 1 and <= 5 })
            {
                errors.Add("collectors", "应指定 1 至 5 名领取人", "Name 1 to 5 collectors");
            }
            else
            {
                for (var n = 0; n < request.Collectors.Count; n++)
                {
                    var collector = request.Collectors[n];
                    Text(errors, $"collectors[{n}].name", collector.Name, 50, "领取人姓名", "name");
                    if (CitizenIdNumber.TryParse(collector.IdNumber, out _) != CitizenIdNumber.Problem.None)
                    {
                        errors.Add($"collectors[{n}].idNumber", "领取人身份证号码无效", "The collector's citizen ID number is not valid");
                    }
                }
            }
            if (errors.Any)
            {
                return errors.ToError("keys.invalid");
            }
            var application = await Applications(caller).AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId, ct);
            if (application is null)
            {
                return new NotFound("key application");
            }
            scope.RegionCode = application.ProvinceCode;
            if (!KeyApplicationFlow.Allows(application.Status, KeyApplicationFlow.Delegate))
            {
                return new InvalidTransition("key_application", EnumNames.Of(application.Status), KeyApplicationFlow.Delegate);
            }
            if (caller.RegionScope != application.ProvinceCode)
            {
                // The delegation letter is the applying province's own document.
                return OwnProvinceOnly;
            }
            if (caller.Actor == application.CreatedBy || caller.Actor == application.ReviewedBy)
            {
                return Authorization.SamePerson("出具委派书（申请人、审核人之外）", "Delegating the collection (neither the applicant nor the reviewer)");
            }
            var delegation = new KeyDelegation
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                ApplicationId = application.Id,
                LetterNumber = request.LetterNumber!.Trim(),
                Delegator = request.Delegator!.Trim(),
                ValidUntil = request.ValidUntil!.Value,
                Collectors = request.Collectors!.Select(c => new KeyCollector
                {
                    Name = c.Name!.Trim(),
                    IdNumberMasked = Masking.IdNumber(c.IdNumber!.Trim().ToUpperInvariant()),
                    IdNumberIndex = protector.IdNumberIndex(c.IdNumber!),
                }).ToList(),
                CreatedBy = caller.Actor,
                CreatedAt = clock.GetUtcNow(),
            };
            Db.KeyDelegations.Add(delegation);
            scope.Details = JsonSerializer.Serialize(new { application = application.Number, collectors = delegation.Collectors.Count });
            return DelegationView.Of(delegation);
        }, cancellationToken);
    }

    public async Task<Result<IReadOnlyList<DelegationView>>> ListDelegationsAsync(Caller caller, Guid applicationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        if (!await Applications(caller).AnyAsync(a => a.Id == applicationId, cancellationToken))
        {
            return new NotFound("key application");
        }
        return (await Db.KeyDelegations.AsNoTracking().Where(d => d.ApplicationId == applicationId).OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken))
            .Select(DelegationView.Of).ToList();
    }

    /// <summary>
    /// Issues the province's keys to a collector named in a valid delegation: derives a new version of every provincial
    /// key from the active national master (retiring the previous version), creates the province's issuer SM2 key with
    /// its certificate signed by the root, and records the handover.
    /// </summary>
    public async Task<Result<HandoverView>> IssueAsync(Caller caller, Guid applicationId, IssueKeysRequest request, CancellationToken cancellationToken)
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
        Text(errors, "receiverName", request.ReceiverName, 50, "领取人姓名", "receiverName");
        Text(errors, "handedOverBy", request.HandedOverBy, 50, "交付人", "handedOverBy");
        if (string.IsNullOrWhiteSpace(request.ReceiverIdNumber))
        {
            errors.Add("receiverIdNumber", "应提供领取人身份证号码以核对委派书", "receiverIdNumber is required to check the delegation");
        }
        if (errors.Any)
        {
            return errors.ToError("keys.invalid");
        }
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        var scope = new AuditScope("keys.issue", "key_application")
        {
            OnConcurrencyConflict = ChangedMeanwhile,
        }.OnUniqueViolation(HealthCardDb.KeyHandoverNumberIndex, Busy)
            .OnUniqueViolation(HealthCardDb.KeyVersionIndex, ChangedMeanwhile)
            .OnUniqueViolation(HealthCardDb.ActiveKeyIndex, ChangedMeanwhile);
        return await audit.RunAsync<HandoverView>(caller, scope, async ct =>
        {
            var application = await Db.KeyApplications.FirstOrDefaultAsync(a => a.Id == applicationId, ct);
            if (application is null)
            {
                return new NotFound("key application");
            }
            scope.TargetId = application.Number;
            scope.RegionCode = application.ProvinceCode;
            if (!KeyApplicationFlow.Allows(application.Status, KeyApplicationFlow.Issue))
            {
                return new InvalidTransition("key_application", EnumNames.Of(application.Status), KeyApplicationFlow.Issue);
            }
            var delegation = await Db.KeyDelegations.AsNoTracking().FirstOrDefaultAsync(d => d.Id == request.DelegationId && d.ApplicationId == applicationId, ct);
            if (delegation is null)
            {
                return new NotFound("key delegation");
            }
            if (caller.Actor == application.CreatedBy || caller.Actor == application.ReviewedBy || caller.Actor == delegation.CreatedBy)
            {
                return Authorization.SamePerson("签发省级密钥（申请人、审核人、委派书出具人之外）", "Issuing a province's keys (none of the applicant, the reviewer and the delegation's author)");
            }
            if (delegation.ValidUntil < clock.Today())
            {
                return new Conflict("keys.delegation_expired", new Message("委派书已过期", "The delegation letter has expired"));
            }
            var presented = protector.IdNumberIndex(request.ReceiverIdNumber!);
            var receiver = delegation.Collectors.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(c.IdNumberIndex, presented)
                && c.Name == request.ReceiverName!.Trim());
            if (receiver is null)
            {
                return new Conflict("keys.not_delegated", new Message("领取人不在委派书所列人员中", "The receiver is not named in the delegation letter"));
            }

            var province = application.ProvinceCode;
            var handed = await DeriveProvinceAsync(province, application.IssuerCode, ct);
            if (!handed.IsSuccess)
            {
                return handed.Error!;
            }
            var now = clock.GetUtcNow();
            application.Status = KeyApplicationStatus.Issued;
            application.IssuedAt = now;
            application.IssuedBy = caller.Actor;
            application.Version++;
            var handover = new KeyHandover
            {
                Id = Guid.CreateVersion7(now),
                Number = Number("JJ" + province, now),
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
            Db.KeyHandovers.Add(handover);
            scope.Details = JsonSerializer.Serialize(new
            {
                handover = handover.Number,
                delegation = delegation.LetterNumber,
                keys = handover.Keys.Select(k => new { k.KeyId, k.Version, k.CheckValue }),
            });
            return HandoverView.Of(handover);
        }, cancellationToken);
    }

    public async Task<Result<IReadOnlyList<HandoverView>>> ListHandoversAsync(Caller caller, string? province, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        var query = Handovers(caller).AsNoTracking();
        if (!string.IsNullOrEmpty(province))
        {
            query = query.Where(h => h.ProvinceCode == province);
        }
        return (await query.OrderBy(h => h.At).ToListAsync(cancellationToken)).Select(HandoverView.Of).ToList();
    }

    public async Task<Result<HandoverView>> GetHandoverAsync(Caller caller, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.KeysRead) is { } denied)
        {
            return denied;
        }
        return await Handovers(caller).AsNoTracking().FirstOrDefaultAsync(h => h.Number == number, cancellationToken) is { } h
            ? HandoverView.Of(h)
            : new NotFound("handover record");
    }

    private IQueryable<KeyHandover> Handovers(Caller caller)
    {
        var prefix = caller.RegionScope;
        return prefix.Length == 0 ? Db.KeyHandovers : Db.KeyHandovers.Where(h => h.ProvinceCode.StartsWith(prefix));
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
            return new Conflict("keys.province_already_issued", new Message(
                $"省份 {province} 已持有由当前国家主密钥分散的密钥；请先轮换国家主密钥",
                $"Province {province} already holds keys derived from the current national masters; rotate the national masters first"));
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

        var root = await store.ActiveAsync(KeyIds.Root, ct);
        if (root is null)
        {
            return KeyErrors.NotInitialized;
        }
        var issuerId = KeyIds.Issuer(province);
        var previousIssuer = await store.ActiveAsync(issuerId, ct);
        var issuerVersion = previousIssuer is null ? await store.NextVersionAsync(issuerId, ct) : previousIssuer.Version + 1;
        if (previousIssuer is not null)
        {
            await store.RetireAsync(previousIssuer, ct);
        }
        using var issuerKey = Sm2Algorithm.GenerateKey();
        using var rootKey = store.OpenSm2(root);
        var today = clock.Today();
        var certificate = CompactCertificate.Issue(issuerCode, KeyIds.RootCertificateId, today, today.AddYears(options.Value.CertificateValidityYears),
            CertificateUsage.Issuer, issuerKey.PublicKey, null, rootKey);
        created.Add(store.AddSm2(issuerId, issuerVersion, KeyUsage.Issuer, province, issuerKey, "generated", certificate));
        return created;
    }

    private static readonly Forbidden OwnProvinceOnly = new("auth.tier",
        new Message("省级密钥的申领与委派只能由该省本级办理", "Only the province itself applies for its keys and delegates their collection"));

    private static readonly Conflict Busy = new("keys.number_taken", new Message("编号冲突，请重试", "A number collided; retry"));

    private static readonly Conflict ChangedMeanwhile = new("keys.concurrent_change",
        new Message("该申请同时被其他操作修改，请重试", "Another operation changed this application at the same time; retry"));

    /// <summary>A document number: prefix, China-time date, six random digits (unique index; a collision is a clean conflict).</summary>
    private static string Number(string prefix, DateTimeOffset now) =>
        $"{prefix}{now.ToOffset(ChinaTime.Offset):yyyyMMdd}{RandomNumberGenerator.GetInt32(1_000_000):D6}";

    private static void Text(FieldErrors errors, string field, string? value, int max, string zh, string en)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > max)
        {
            errors.Add(field, $"{zh}不能为空，最多 {max} 个字符", $"{en} is required, at most {max} characters");
        }
    }
}
