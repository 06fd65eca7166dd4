using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Sm3;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

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
            .OnUniqueViolation(HealthCardDb.ApiKeyNameIndex, new Conflict("apikey.duplicate", new Message("已有同名密钥", "A key with this name exists")));
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

/// <summary>A key as the console lists it: never the secret, nor its hash.</summary>
public sealed record ApiKeyView(Guid Id, string Name, string RegionScope, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt, string? InstitutionCode = null);

/// <summary>
/// Lists and revokes API keys. An administrator sees and revokes the keys whose region lies within theirs (a national
/// administrator every key). A revoked key stops working within <see cref="ApiKeyAuthenticator.CacheFor"/>.
/// </summary>
public sealed class ManageApiKeys(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public static NotFound NotFound { get; } = new("api key");

    public async Task<Result<Paged<ApiKeyView>>> ListAsync(Caller caller, string? search, bool includeRevoked, PageRequest page,
        CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.UsersManage) is { } denied)
        {
            return denied;
        }
        var query = VisibleTo(caller).AsNoTracking();
        if (!includeRevoked)
        {
            query = query.Where(k => k.RevokedAt == null);
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(k => k.Name.Contains(term));
        }
        return await Paged<ApiKeyView>.ReadAsync(query.OrderBy(k => k.Name), page, View, cancellationToken);
    }

    public Task<Result<ApiKeyView>> RevokeAsync(Caller caller, Guid id, string? reason, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.UsersManage) is { } denied)
        {
            return Task.FromResult<Result<ApiKeyView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(caller);
        var scope = new AuditScope("apikey.revoke", "api_key") { TargetId = id.ToString() };
        return audit.RunAsync<ApiKeyView>(caller, scope, async ct =>
        {
            if (string.IsNullOrWhiteSpace(reason) || reason.Length > 200)
            {
                var errors = new FieldErrors();
                errors.Add("reason", "吊销原因不能为空，最多 200 个字符", "The reason is required, at most 200 characters");
                return errors.ToError("apikey.invalid");
            }
            var key = await VisibleTo(caller).FirstOrDefaultAsync(k => k.Id == id, ct);
            if (key is null)
            {
                return NotFound;
            }
            scope.TargetId = key.Name;
            scope.RegionCode = key.RegionScope.Length == 0 ? null : key.RegionScope;
            if (key.RevokedAt is not null)
            {
                return new Conflict("apikey.revoked", new Message("该密钥已被吊销", "The key is already revoked"));
            }
            key.RevokedAt = clock.GetUtcNow();
            scope.Details = JsonSerializer.Serialize(new { reason = reason.Trim() });
            return View(key);
        }, cancellationToken);
    }

    private IQueryable<ApiKey> VisibleTo(Caller caller)
    {
        var prefix = caller.RegionScope;
        return prefix.Length == 0 ? db.ApiKeys : db.ApiKeys.Where(k => k.RegionScope.StartsWith(prefix) && k.RegionScope != "");
    }

    private static ApiKeyView View(ApiKey k) => new(k.Id, k.Name, k.RegionScope, k.Scopes, k.CreatedAt, k.RevokedAt, k.InstitutionCode);
}

internal static class ApiKeyHash
{
    public static byte[] Of(string secret) => Sm3Hash.Hash(Encoding.UTF8.GetBytes(secret));
}

/// <summary>
/// Resolves a presented secret to its key. The lookup is by hash; the match is confirmed with a constant-time
/// comparison. Results are cached briefly, so that the status check does not pay a query per request; a revoked key
/// therefore keeps working for at most <see cref="CacheFor"/>.
/// </summary>
public sealed class ApiKeyAuthenticator(HealthCardDb db, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<ApiKey?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = ApiKeyHash.Of(presented);
        var cacheKey = "apikey:" + Convert.ToHexString(hash);
        if (cache.TryGetValue(cacheKey, out ApiKey? cached) && cached is not null)
        {
            return cached;
        }
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.SecretHash == hash && k.RevokedAt == null, cancellationToken);
        if (key is null || !CryptographicOperations.FixedTimeEquals(key.SecretHash, hash))
        {
            // Misses are not cached: otherwise every random key an attacker sends would take a cache entry.
            return null;
        }
        cache.Set(cacheKey, key, CacheFor);
        return key;
    }
}
