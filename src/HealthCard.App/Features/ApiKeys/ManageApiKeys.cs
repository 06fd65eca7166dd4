using System.Text;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Sm3;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.ApiKeys;

/// <summary>A key as the console lists it: never the secret, nor its hash.</summary>
public sealed record ApiKeyView(Guid Id, string Name, string RegionScope, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt, string? InstitutionCode = null);

/// <summary>
/// Lists and revokes API keys. An administrator sees and revokes the keys whose region lies within theirs (a national
/// administrator every key). A revoked key stops working within <see cref="ApiKeyAuthenticator.CacheFor"/>.
/// </summary>
public sealed class ManageApiKeys(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
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
                return ApiKeyErrors.NotFound;
            }
            scope.TargetId = key.Name;
            scope.RegionCode = key.RegionScope.Length == 0 ? null : key.RegionScope;
            if (key.RevokedAt is not null)
            {
                return ApiKeyErrors.Revoked;
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
