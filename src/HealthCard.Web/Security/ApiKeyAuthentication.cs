using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using HealthCard.Domain.Common;
using HealthCard.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HealthCard.Web.Security;

/// <summary>Authenticates machine clients by the <c>X-Api-Key</c> header. 401 and 403 answers are problem details.</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ApiKeyAuthenticator authenticator, FailedApiKeys failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private bool _tooManyFailures;

    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string RegionClaim = "region";
    public const string ScopeClaim = "scope";
    public const string InstitutionClaim = "institution";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }
        var source = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (failures.IsExhausted(source))
        {
            // This address sent too many bad keys: no lookup at all until its window passes (ADR 019).
            _tooManyFailures = true;
            return AuthenticateResult.Fail("Too many failed API keys from this address.");
        }
        var key = await authenticator.AuthenticateAsync(values[0]!, Context.RequestAborted);
        if (key is null)
        {
            _tooManyFailures = !failures.Count(source);
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(RegionClaim, key.RegionScope) };
        claims.AddRange(key.Scopes.Select(s => new Claim(ScopeClaim, s)));
        if (key.InstitutionCode is { } institution)
        {
            claims.Add(new Claim(InstitutionClaim, institution));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_tooManyFailures)
        {
            Context.Response.Headers.RetryAfter = ((int)FailedApiKeys.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Write(Context, StatusCodes.Status429TooManyRequests, "auth.rate_limited",
                new("该地址提交的无效 API 密钥过多，请稍后再试", "Too many invalid API keys from this address; wait before trying again"));
        }
        return Problems.Write(Context, StatusCodes.Status401Unauthorized, "auth.unauthenticated",
            new("缺少或无效的 API 密钥（请求头 X-Api-Key）", "A valid API key is required in the X-Api-Key header"));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "auth.forbidden",
            new("该 API 密钥没有此操作所需的权限", "The API key lacks the scope this operation needs"));
}

/// <summary>
/// Failed API key authentications per source address (ADR 019): <c>HealthCard:RateLimit:FailedApiKeysPerMinute</c>
/// (default 30) in a fixed one-minute window; past that, the address is answered 429 without a lookup. Per node, in
/// memory: a flood is a burst, and each node protects its own database connections. Singleton.
/// </summary>
public sealed class FailedApiKeys(IConfiguration configuration) : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(source =>
        RateLimitPartition.GetFixedWindowLimiter(source, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, configuration.GetValue("HealthCard:RateLimit:FailedApiKeysPerMinute", 30)),
            Window = Window,
            QueueLimit = 0,
        }));

    /// <summary>Whether <paramref name="source"/> has used up its failures for this window.</summary>
    public bool IsExhausted(string source) => _limiter.GetStatistics(source)?.CurrentAvailablePermits == 0;

    /// <summary>Counts one failure; false when it was one too many.</summary>
    public bool Count(string source)
    {
        using var lease = _limiter.AttemptAcquire(source);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>Turns the authenticated principal into the <see cref="Caller"/> that use cases take.</summary>
public static class CallerPrincipal
{
    public static Caller ToCaller(this ClaimsPrincipal user, Channel channel = Channel.Api)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new Caller(
            user.Identity?.Name ?? throw new InvalidOperationException("An endpoint without authentication asked for its caller."),
            user.FindFirst(ApiKeyAuthenticationHandler.RegionClaim)?.Value ?? "",
            user.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            channel)
        {
            InstitutionCode = user.FindFirst(ApiKeyAuthenticationHandler.InstitutionClaim)?.Value,
        };
    }

    /// <summary>One policy per scope; <c>admin</c> satisfies all of them.</summary>
    public static void AddScopePolicies(this Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var scope in Scope.All)
        {
            options.AddPolicy(scope, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope, Scope.Admin));
        }
    }
}
