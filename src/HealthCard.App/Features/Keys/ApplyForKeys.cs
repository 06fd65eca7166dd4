using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Keys;

namespace HealthCard.App.Features.Keys;

public sealed record KeyApplicationRequest(string? ProvinceCode, string? IssuerCode, string? ApplicantInstitution, string? ApplicantPerson, string? Reason);

/// <summary>
/// Step 1 of a province's key issuance (申领, ADR 009): a custodian of the province itself applies for its keys; the
/// application starts <see cref="KeyApplicationStatus.Submitted"/>. Not a city of the province, not another province,
/// not the national tier (ADR 016).
/// </summary>
public sealed class ApplyForKeys(HealthCardDb db, AuditTrail audit, IRegionDirectory regions, TimeProvider clock)
{
    public Task<Result<KeyApplicationView>> ExecuteAsync(Caller caller, KeyApplicationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Authorize(Capabilities.KeysManage) is { } denied)
        {
            return Task.FromResult(Result<KeyApplicationView>.Failure(denied));
        }
        var scope = new AuditScope("keys.application.submit", "key_application") { RegionCode = request.ProvinceCode }
            .OnUniqueViolation(HealthCardDb.KeyApplicationNumberIndex, KeyErrors.NumberTaken);
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
            KeyDocuments.Text(errors, "applicantInstitution", request.ApplicantInstitution, 100, "申请单位", "applicantInstitution");
            KeyDocuments.Text(errors, "applicantPerson", request.ApplicantPerson, 50, "申请人", "applicantPerson");
            KeyDocuments.Text(errors, "reason", request.Reason, 500, "申请事由", "reason");
            if (errors.Any)
            {
                return Task.FromResult(Result<KeyApplicationView>.Failure(errors.ToError(KeyErrors.Invalid)));
            }
            if (caller.RegionScope != request.ProvinceCode)
            {
                // A province applies only for itself: not a city of it, not another province, not the national tier.
                return Task.FromResult(Result<KeyApplicationView>.Failure(KeyErrors.OwnProvinceOnly));
            }
            var now = clock.GetUtcNow();
            var application = new KeyApplication
            {
                Id = Guid.CreateVersion7(now),
                Number = KeyDocuments.Number("KA", now),
                ProvinceCode = request.ProvinceCode!,
                IssuerCode = request.IssuerCode!,
                ApplicantInstitution = request.ApplicantInstitution!.Trim(),
                ApplicantPerson = request.ApplicantPerson!.Trim(),
                Reason = request.Reason!.Trim(),
                Status = KeyApplicationStatus.Submitted,
                CreatedBy = caller.Actor,
                CreatedAt = now,
            };
            db.KeyApplications.Add(application);
            scope.TargetId = application.Number;
            scope.Details = JsonSerializer.Serialize(new { province = application.ProvinceCode, issuerCode = application.IssuerCode });
            return Task.FromResult(Result<KeyApplicationView>.Success(KeyApplicationView.Of(application)));
        }, cancellationToken);
    }
}
