using System.Text.Json;
using System.Threading.RateLimiting;
using System.Net;
using HealthCard.App;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Demo;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Web.Api;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.HttpOverrides;
using MudBlazor.Services;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace HealthCard.Web.Hosting;

/// <summary>Composes the web host: services, middleware, endpoints and start-up work.</summary>
public static class HealthCardWeb
{
    public const string RateLimitPolicy = "per-key";

    public static WebApplicationBuilder AddHealthCardWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddHealthCard(builder.Configuration);
        services.AddHostedService<AuditChainMonitor>();
        services.AddTransport(builder.Configuration);
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<UnexpectedErrors>();
        services.AddConsoleSecurity();
        services.AddAuthorization(o => o.AddScopePolicies());
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, MudBlazorText>();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Pages carry Chinese as text, not as &#x...; entities (three times the bytes).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        var permits = builder.Configuration.GetValue("HealthCard:RateLimit:PermitsPerSecond", 2000);
        services.AddRateLimiter(o =>
        {
            // Per API key (or per address before authentication), so one client cannot starve the others.
            o.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = permits * 2,
                    TokensPerPeriod = permits,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            o.OnRejected = (context, _) => new ValueTask(Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests,
                "rate_limited", new("请求过于频繁，请稍后重试", "Too many requests; slow down and retry")));
        });
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<AuditChainHealthCheck>("audit-chain");
        return builder;
    }

    /// <summary>The API's JSON settings (<see cref="ApiJson"/>).</summary>
    public static void Configure(JsonSerializerOptions options) => ApiJson.Configure(options);

    public static WebApplication UseHealthCardWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Behind a trusted proxy (HealthCard:Proxy), the client's address and scheme come from its X-Forwarded-* headers:
        // the throttles then count the real client, and cookies are Secure when the client spoke HTTPS.
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // empty 404/405 answers outside the API become problem details too
        app.UseConsoleSecurity();
        app.UseRequestLocalization(ConsoleSecurity.Localization());
        app.UsePortalSignInLimit();
        app.UseAuthentication();
        app.UseForcedPasswordChange();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseRateLimiter();
        app.UsePageValidation();

        // The API contract and the health probe hold no personal data and stay open; every /api endpoint needs a key.
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapHealthChecks("/healthz");
        var api = app.MapGroup("/api/v1").RequireRateLimiting(RateLimitPolicy).RequireAuthorization();
        api.MapResidentEndpoints();
        api.MapCardEndpoints();
        api.MapInstitutionEndpoints();
        api.MapSamEndpoints();
        api.MapCheckEndpoints();
        api.MapAuditEndpoints();
        api.MapNetworkEndpoints();
        api.MapSystemEndpoints();
        api.MapKeyEndpoints();
        api.MapImportEndpoints();
        api.MapApplicationEndpoints();
        api.MapProductionEndpoints();
        api.MapStatisticsEndpoints();
        api.MapElectronicCardEndpoints();

        // The console (卡管平台) and the resident portal: Blazor, interactive on the server, on the same use cases.
        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapPortalEndpoints();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Applies migrations, creates the bootstrap key and, when enabled, seeds the demo data and prints its key.</summary>
    public static async Task InitializeAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
        // Verify the audit chains from their last signed checkpoints before serving (a broken chain is logged as critical
        // and reported by /healthz; the node still serves).
        await scope.ServiceProvider.GetRequiredService<AuditChainCheck>().RunAsync(app.Lifetime.ApplicationStopping);
        if (!app.Configuration.GetValue<bool>("HealthCard:Demo:Enabled"))
        {
            return;
        }
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        var keyFile = Path.Combine(Path.GetDirectoryName(settings.KeyFile)!, "demo-api-key.txt");
        var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
        var secret = await demo.SeedIfEmptyAsync(app.Lifetime.ApplicationStopping);
        if (secret is not null)
        {
            await WritePrivateAsync(keyFile, secret);
        }
        // DEMO ONLY: the demo holds its own key ceremony and keeps the custodians' shares beside its database, so that it
        // unseals itself on every start (a real platform is unsealed by its custodians, ADR 009).
        var sharesFile = Path.Combine(Path.GetDirectoryName(settings.KeyFile)!, "demo-key-shares.txt");
        var saved = File.Exists(sharesFile) ? await File.ReadAllLinesAsync(sharesFile) : null;
        if (await demo.EnsureKeysAsync(saved?.Where(l => l.Length > 0).ToList(), app.Lifetime.ApplicationStopping) is { } shares)
        {
            await WritePrivateAsync(sharesFile, string.Join('\n', shares));
        }
        // What needs the keys unsealed (production files, SAMs, key applications), once.
        await demo.SeedAfterKeysAsync(app.Lifetime.ApplicationStopping);
        var resident = await demo.PortalResidentAsync(app.Lifetime.ApplicationStopping);
        var accountsFile = Path.Combine(Path.GetDirectoryName(settings.KeyFile)!, "demo-accounts.txt");
        if (await scope.ServiceProvider.GetRequiredService<DemoAccounts>().SeedIfNoneAsync(app.Lifetime.ApplicationStopping) is { } accounts)
        {
            await WritePrivateAsync(accountsFile, string.Join('\n', accounts.Select(a =>
                $"{a.UserName,-18} {a.Password,-14} {a.Role,-22} {(a.Region.Length == 0 ? "national" : a.Region)}")));
        }
        var logins = File.Exists(accountsFile) ? await File.ReadAllTextAsync(accountsFile) : "(not available: the database was seeded elsewhere)";
        var url = (app.Configuration["urls"] ?? "http://localhost:5000").Split(';')[0];
        var demoKey = File.Exists(keyFile) ? (await File.ReadAllTextAsync(keyFile)).Trim() : "(not available: the database was seeded elsewhere)";
        // Printed to the console on purpose (not logged): the demo's whole point is to hand the operator a key.
        System.Console.WriteLine($"""

            ==================== HealthCard demo ====================
            Demo city: 石家庄市 (1301), {DemoData.Residents} synthetic residents
            Institutions: {string.Join("; ", DemoData.Institutions.Select(i => $"{i.Code} {i.Name}"))}
            Demo API key (national, every scope): {demoKey}
            Try:  curl -H "X-Api-Key: {demoKey}" {url}/api/v1/audit/verify
            API reference: {url}/scalar    OpenAPI: {url}/openapi/v1.json
            Console (卡管平台): {url}/   one account per role (user name, password, role, region):
            {logins}
            Portal demo resident: {(resident is null ? "(not available: the key service is sealed)" :
                $"card number {resident.CardNumber}, card serial {resident.CardSerial}, security code {resident.SecurityCode}, phone {resident.Phone}")}
            =========================================================

            """);
    }

    private static Task WritePrivateAsync(string path, string text) =>
        SecretFile.WriteTextAsync(path, text, overwrite: true, CancellationToken.None);
}

/// <summary>
/// /healthz: the audit chains held at the last check (start-up, then every <c>HealthCard:Audit:CheckInterval</c>).
/// A broken chain is Degraded, not Unhealthy: the node keeps serving (taking it out of the load balancer would not
/// repair the log), but monitoring sees it, and the log has a critical entry naming the first broken entry.
/// </summary>
public sealed class AuditChainHealthCheck(AuditChainStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Last switch
        {
            null => HealthCheckResult.Healthy("The audit chains have not been checked yet."),
            { Verification.FirstBroken: { } broken } => HealthCheckResult.Degraded(
                $"Audit chain broken at node {broken.Node}, sequence {broken.Sequence}: {broken.Problem}"),
            { } last => HealthCheckResult.Healthy($"Audit chains verified ({last.Verification.Entries} entries from the last checkpoints)."),
        });
}

/// <summary>/healthz: the database answers.</summary>
public sealed class DatabaseHealthCheck(HealthCardDbProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await probe.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database does not answer.");
}

/// <summary>Proxies, forwarded headers and cookie security (ADR 019).</summary>
internal static class Transport
{
    /// <summary>
    /// <c>HealthCard:Proxy:KnownProxies</c> / <c>KnownNetworks</c> name the proxies whose X-Forwarded-For/-Proto are
    /// believed (loopback always is); <c>HealthCard:Cookies:AlwaysSecure</c> marks every cookie Secure even on plain HTTP
    /// (set it when TLS ends at a proxy that does not send X-Forwarded-Proto). Otherwise cookies are Secure exactly when
    /// the request (as forwarded) is HTTPS.
    /// </summary>
    public static IServiceCollection AddTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("HealthCard:Proxy:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in configuration.GetSection("HealthCard:Proxy:KnownNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        var policy = configuration.GetValue<bool>("HealthCard:Cookies:AlwaysSecure") ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = policy);
        services.PostConfigureAll<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = policy);
        return services;
    }
}
