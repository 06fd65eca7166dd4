using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.ApiKeys;

/// <summary>A new key: the secret is shown once, here, and never stored.</summary>
public sealed record CreatedApiKey(string Name, string RegionScope, IReadOnlyList<string> Scopes, string Secret, string? InstitutionCode = null);

/// <summary>
/// Creates API keys. Only the SM3 hash of a secret is stored. The creator needs <see cref="Scope.UsersManage"/>, and a key
/// gets neither a wider region nor a scope its creator lacks; a <see cref="Scope.KeysManage"/> key (key custody) only from a
/// national administrator (<see cref="Capabilities.CustodyGrant"/>).
/// </summary>
public sealed class CreateApiKey(HealthCardDb db, AuditTrail audit, IRegionDirectory regions, TimeProvider clock)
{
    public Task<Result<CreatedApiKey>> ExecuteAsync(Caller caller, string name, string regionScope, IReadOnlyList<string> scopes,
        string? secret, CancellationToken cancellationToken) =>
        ExecuteAsync(caller, name, regionScope, scopes, secret, institutionCode: null, cancellationToken);

    /// <summary>
    /// With <paramref name="institutionCode"/>: a key for that institution's systems (HIS, terminals). The institution must
    /// be registered within the key's region; online checks and card-use events from the key are bound to it and to its
    /// terminals (issue 14, finding 10).
    /// </summary>
    public Task<Result<CreatedApiKey>> ExecuteAsync(Caller caller, string name, string regionScope, IReadOnlyList<string> scopes,
        string? secret, string? institutionCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scopes);
        if (caller.Authorize(Capabilities.UsersManage) is { } forbidden)
        {
            return Task.FromResult(Result<CreatedApiKey>.Failure(forbidden));
        }
        institutionCode = string.IsNullOrWhiteSpace(institutionCode) ? null : institutionCode.Trim().ToUpperInvariant();
        if (scopes.Contains(Scope.KeysManage) && caller.Has(Scope.KeysManage) && caller.Authorize(Capabilities.CustodyGrant) is { } denied)
        {
            // A keys:manage key is key custody: only national administrators grant it (ADR 016), even a creator who holds
            // keys:manage itself. (A creator without keys:manage is refused below, with the other scopes it lacks.)
            return Task.FromResult(Result<CreatedApiKey>.Failure(denied));
        }
        var scope = new AuditScope("apikey.create", "api_key") { TargetId = name, RegionCode = regionScope }
            .OnUniqueViolation(HealthCardDb.ApiKeyNameIndex, ApiKeyErrors.Duplicate);
        return audit.RunAsync<CreatedApiKey>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            if (institutionCode is not null)
            {
                var region = await db.Institutions.AsNoTracking().Where(i => i.Code == institutionCode).Select(i => i.RegionCode).FirstOrDefaultAsync(ct);
                if (region is null || !region.StartsWith(regionScope, StringComparison.Ordinal) || !caller.Covers(region))
                {
                    errors.Add("institution", "机构未登记，或不在该密钥的地区范围内", "The institution is not registered within the key's region");
                }
            }
            if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            {
                errors.Add("name", "名称不能为空，最多 100 个字符", "The name is required, at most 100 characters");
            }
            var prefix = RegionPrefix.Parse(regionScope, regions, errors, "region", nationalAllowed: true);
            regionScope = prefix?.Value ?? regionScope;
            if (prefix is not null && !caller.Covers(regionScope))
            {
                errors.Add("region", "不能创建超出自身管辖范围的密钥", "A key cannot be given a wider region than its creator's");
            }
            foreach (var unknown in scopes.Except(Scope.All))
            {
                errors.Add("scopes", $"未知的权限：{unknown}", $"Unknown scope '{unknown}'; expected {string.Join(", ", Scope.All)}");
            }
            // A key never carries more than its creator holds: otherwise an account could mint itself wider powers.
            foreach (var withheld in scopes.Intersect(Scope.All).Where(s => !caller.Has(s)))
            {
                errors.Add("scopes", $"不能授予自身没有的权限：{withheld}", $"A key cannot be given the scope '{withheld}', which its creator lacks");
            }
            if (secret is { Length: < 16 })
            {
                errors.Add("secret", "密钥至少 16 个字符", "A key secret has at least 16 characters");
            }
            if (errors.Any)
            {
                return errors.ToError("apikey.invalid");
            }
            secret ??= NewSecret();
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                Name = name,
                SecretHash = ApiKeyHash.Of(secret),
                RegionScope = regionScope,
                Scopes = scopes.Distinct().ToList(),
                InstitutionCode = institutionCode,
                CreatedAt = clock.GetUtcNow(),
            });
            scope.Details = JsonSerializer.Serialize(new { scopes, institution = institutionCode });
            return new CreatedApiKey(name, regionScope, scopes, secret, institutionCode);
        }, cancellationToken);
    }

    /// <summary>32 random bytes from the cryptographic RNG, as <c>hc_</c> + base64url.</summary>
    public static string NewSecret() => "hc_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
