using System.Globalization;
using System.Security.Claims;
using HealthCard.App.Common;
using HealthCard.App.Features.Staff;
using HealthCard.Domain.Common;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace HealthCard.Web.Security;

/// <summary>
/// How the three kinds of client are told apart and protected (ADR 014): machine clients send an API key to /api, staff
/// sign in to the console with an Identity cookie, residents sign in to /portal with a cookie of their own. One policy
/// scheme picks the handler by path, so an API call can never ride on a browser cookie.
/// </summary>
public static class ConsoleSecurity
{
    public const string SelectorScheme = "ByPath";
    public const string StaffScheme = "Identity.Application"; // IdentityConstants.ApplicationScheme: SignInManager signs in here
    public const string PortalScheme = "Portal";
    public const string StaffCookie = "hc.console";
    public const string PortalCookie = "hc.portal";
    public const string MustChangePasswordClaim = "must_change_password";
    public const string RoleClaim = "staff_role";
    public const string DisplayNameClaim = "display_name";
    public const string LoginPath = "/account/login";
    public const string ChangePasswordPath = "/account/change-password";

    /// <summary>Staff may use the console at all.</summary>
    public const string StaffPolicy = "console";

    private static string PolicyFor(string scope) => ConsolePolicy.Prefix + scope;

    public static IServiceCollection AddConsoleSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectorScheme;
                o.DefaultChallengeScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, null, o => o.ForwardDefaultSelector = SchemeFor)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(StaffScheme, o =>
            {
                o.Cookie.Name = StaffCookie;
                o.LoginPath = LoginPath;
                o.AccessDeniedPath = "/account/access-denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                Harden(o);
                // A locked account, a reset password or a changed role ends existing sessions (the security stamp moves).
                o.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync;
            })
            .AddCookie(PortalScheme, o =>
            {
                o.Cookie.Name = PortalCookie;
                o.LoginPath = "/portal/login";
                o.AccessDeniedPath = "/portal/login";
                o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                o.SlidingExpiration = true;
                Harden(o);
                // A new password (reset or change) ends every other session: the stamp is checked on every request.
                o.Events.OnValidatePrincipal = PortalSecurity.ValidateAsync;
            });
        // Identity itself (store, password policy, lockout) is registered by the App for every host; the web adds sign-in.
        new IdentityBuilder(typeof(StaffUser), services)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));
        services.AddAuthorizationBuilder().AddConsolePolicies().AddPortalPolicy();
        services.AddCascadingAuthenticationState();
        services.AddScoped<StaffSignIn>();
        services.AddSingleton<FailedApiKeys>();
        services.AddScoped<AuthenticationStateProvider, StaffRevalidation>();
        return services;
    }

    /// <summary>
    /// Which handler authenticates a request. Pages under /portal are the resident's; the Blazor circuit's own connection
    /// (/_blazor) carries no page path, so it is the resident's when the browser holds only the portal cookie.
    /// </summary>
    private static string SchemeFor(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api"))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }
        var residentOnly = context.Request.Cookies.ContainsKey(PortalCookie) && !context.Request.Cookies.ContainsKey(StaffCookie);
        return path.StartsWithSegments("/portal") || (residentOnly && path.StartsWithSegments("/_blazor")) ? PortalScheme : StaffScheme;
    }

    private static void Harden(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions o)
    {
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }

    private static AuthorizationBuilder AddConsolePolicies(this AuthorizationBuilder builder)
    {
        builder.AddPolicy(StaffPolicy, p => p.AddAuthenticationSchemes(StaffScheme).RequireAuthenticatedUser().RequireClaim(RoleClaim));
        foreach (var scope in Scope.All)
        {
            builder.AddPolicy(PolicyFor(scope), p => p.AddAuthenticationSchemes(StaffScheme).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope, Scope.Admin));
        }
        return builder;
    }

    /// <summary>Security headers, antiforgery, the forced password change, the culture switch, sign-out.</summary>
    public static WebApplication UseConsoleSecurity(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/scalar"))
            {
                // The console serves everything itself: no inline script, no third-party origin, no framing.
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
                    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            }
            await next(context);
        });
        return app;
    }

    /// <summary>After authentication: staff who must change their password may do nothing else.</summary>
    public static WebApplication UseForcedPasswordChange(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (context.User.HasClaim(MustChangePasswordClaim, "true")
                && !path.StartsWithSegments("/account") && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content")
                && !path.StartsWithSegments("/api") && !path.StartsWithSegments("/portal") && !Path.HasExtension(path.Value))
            {
                context.Response.Redirect(ChangePasswordPath);
                return;
            }
            await next(context);
        });
        return app;
    }

    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<StaffUser> signIn) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            await signIn.SignOutAsync();
            return Results.LocalRedirect(LoginPath);
        }).DisableAntiforgery(); // validated explicitly above: the endpoint reads no form fields
        app.MapGet("/culture", (HttpContext context, string? c, string? redirect) =>
        {
            var culture = c == "en" ? "en" : "zh-CN";
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true,
                    Secure = DeviceCookies.IsSecure(context) });
            return Results.LocalRedirect(redirect is { Length: > 0 } && redirect.StartsWith('/') && !redirect.StartsWith("//", StringComparison.Ordinal) ? redirect : "/");
        }).AllowAnonymous();
    }

    /// <summary>Chinese by default, English on request; dates in the console are always yyyy-MM-dd (see <see cref="Display"/>).</summary>
    public static RequestLocalizationOptions Localization() => new RequestLocalizationOptions
    {
        DefaultRequestCulture = new RequestCulture("zh-CN"),
        SupportedCultures = [new CultureInfo("zh-CN"), new CultureInfo("en")],
        SupportedUICultures = [new CultureInfo("zh-CN"), new CultureInfo("en")],
        // Only the explicit choice counts; the browser's Accept-Language does not switch a Chinese console to English.
        RequestCultureProviders = [new CookieRequestCultureProvider()],
    };
}

/// <summary>The console's authorization policies, one per scope, as constants for <c>[Authorize(Policy = …)]</c>.</summary>
public static class ConsolePolicy
{
    public const string Prefix = "console:";
    public const string RegistryRead = Prefix + Scope.RegistryRead;
    public const string RegistryWrite = Prefix + Scope.RegistryWrite;
    public const string PiiRead = Prefix + Scope.PiiRead;
    public const string AuditRead = Prefix + Scope.AuditRead;
    public const string InstitutionsWrite = Prefix + Scope.InstitutionsWrite;
    public const string SamsWrite = Prefix + Scope.SamsWrite;
    public const string KeysManage = Prefix + Scope.KeysManage;
    public const string UsersManage = Prefix + Scope.UsersManage;
}

/// <summary>
/// A console session's claims: the region and the role's scopes, named like an API key's, so that
/// <see cref="CallerPrincipal.ToCaller"/> turns both into the same <see cref="Caller"/>.
/// </summary>
public sealed class StaffClaimsFactory(UserManager<StaffUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ConsoleSecurity.RoleClaim, user.Role));
        identity.AddClaim(new Claim(ConsoleSecurity.DisplayNameClaim, user.DisplayName));
        identity.AddClaim(new Claim(ApiKeyAuthenticationHandler.RegionClaim, user.RegionScope));
        foreach (var scope in StaffRoles.ScopesOf(user.Role))
        {
            identity.AddClaim(new Claim(ApiKeyAuthenticationHandler.ScopeClaim, scope));
        }
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(ConsoleSecurity.MustChangePasswordClaim, "true"));
        }
        return identity;
    }
}

/// <summary>Re-checks an open circuit's account every minute: a locked or reset staff account, or a resident whose
/// password changed elsewhere, loses the page too.</summary>
public sealed class StaffRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        var principal = authenticationState.User;
        await using var scope = scopes.CreateAsyncScope();
        if (!principal.HasClaim(c => c.Type == ConsoleSecurity.RoleClaim))
        {
            // A resident's open portal page: over when the account's password changed elsewhere.
            return await PortalSecurity.IsCurrentAsync(scope.ServiceProvider, principal, cancellationToken);
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return false;
        }
        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}

/// <summary>The console's caller: the signed-in account as the same <see cref="Caller"/> the API builds from a key.</summary>
public static class StaffCaller
{
    public static Caller ToStaffCaller(this ClaimsPrincipal user) => user.ToCaller(Channel.Console);
}
