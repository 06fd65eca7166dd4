using System.Security.Claims;
using System.Threading.RateLimiting;
using HealthCard.App.Common;
using HealthCard.App.Features.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace HealthCard.Web.Security;

/// <summary>
/// The resident portal's session (ADR 015): its own cookie on /portal, holding the resident's id, county and masked
/// card number, never the number itself, and the account's security stamp at sign-in: every request checks it, so a new
/// password (a reset with the card's proof, or a change) ends every other session at once (ADR 019). Form posts are
/// rate-limited per address on top of the per-card and per-address back-off of the use cases.
/// </summary>
public static class PortalSecurity
{
    public const string Policy = "portal";
    public const string ResidentClaim = "resident_id";
    public const string StampClaim = "portal_stamp";
    public const int SignInAttemptsPerMinute = 10;

    private static readonly PartitionedRateLimiter<HttpContext> SignInLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public static AuthorizationBuilder AddPortalPolicy(this AuthorizationBuilder builder) =>
        builder.AddPolicy(Policy, p => p.AddAuthenticationSchemes(ConsoleSecurity.PortalScheme).RequireAuthenticatedUser().RequireClaim(ResidentClaim));

    public static Task SignInAsync(HttpContext context, PortalSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var identity = new ClaimsIdentity(
        [
            new Claim(ResidentClaim, session.ResidentId.ToString()),
            new Claim(ClaimTypes.Name, session.MaskedCardNumber),
            new Claim(ApiKeyAuthenticationHandler.RegionClaim, session.RegionCode),
            new Claim(StampClaim, session.SecurityStamp),
        ], ConsoleSecurity.PortalScheme);
        return context.SignInAsync(ConsoleSecurity.PortalScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>
    /// Every portal request: the session is over when its account has a newer security stamp (a new password anywhere)
    /// or no password any more.
    /// </summary>
    public static async Task ValidateAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!await IsCurrentAsync(context.HttpContext.RequestServices, context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleSecurity.PortalScheme);
        }
    }

    /// <summary>Whether a resident's principal is still a current session (also for an open page's circuit).</summary>
    public static async Task<bool> IsCurrentAsync(IServiceProvider services, ClaimsPrincipal? principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (principal?.FindFirstValue(ResidentClaim) is not { } id || !Guid.TryParse(id, out var residentId))
        {
            return false;
        }
        return await services.GetRequiredService<PortalSessions>().IsCurrentAsync(residentId, principal.FindFirstValue(StampClaim), cancellationToken);
    }

    /// <summary>The signed-in resident as the use cases' caller.</summary>
    public static Caller ToResidentCaller(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Caller.Portal(Guid.Parse(user.FindFirstValue(ResidentClaim)!), user.FindFirstValue(ApiKeyAuthenticationHandler.RegionClaim)!,
            user.Identity!.Name!);
    }

    /// <summary>Password guessing from one address is slowed down before any account locks: 10 form posts a minute.</summary>
    public static WebApplication UsePortalSignInLimit(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && (context.Request.Path.StartsWithSegments("/portal/login") || context.Request.Path.StartsWithSegments("/portal/activate")))
            {
                using var lease = SignInLimiter.AttemptAcquire(context);
                if (!lease.IsAcquired)
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync("登录尝试过于频繁，请一分钟后再试。 Too many sign-in attempts; wait a minute.");
                    return;
                }
            }
            await next(context);
        });
        return app;
    }

    public static void MapPortalEndpoints(this WebApplication app)
    {
        app.MapPost("/portal/logout", async (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            await context.SignOutAsync(ConsoleSecurity.PortalScheme);
            return Results.LocalRedirect("/portal/login");
        }).DisableAntiforgery(); // validated explicitly above
    }
}
