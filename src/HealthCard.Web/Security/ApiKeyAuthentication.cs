using System.Security.Claims;
using System.Text.Encodings.Web;
using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using HealthCard.Domain.Cards;
using HealthCard.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HealthCard.Web.Security;

/// <summary>Authenticates machine clients by the <c>X-Api-Key</c> header. 401 and 403 answers are problem details.</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
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
        var key = await authenticator.AuthenticateAsync(values[0]!, Context.RequestAborted);
        if (key is null)
        {
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

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status401Unauthorized, "auth.unauthenticated",
            new("缺少或无效的 API 密钥（请求头 X-Api-Key）", "A valid API key is required in the X-Api-Key header"));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "auth.forbidden",
            new("该 API 密钥没有此操作所需的权限", "The API key lacks the scope this operation needs"));
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
