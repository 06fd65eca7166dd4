using System.Net;
using HealthCard.App.Common;
using HealthCard.App.Features.Audit;
using HealthCard.App.Features.Staff;
using HealthCard.App.Security;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HealthCard.Web.Tests.Security;

/// <summary>
/// Issue 14, finding 13 (API key floods, Secure cookies behind TLS, the Data Protection key ring) and the authorization
/// of the audit and account use cases, through the real host.
/// </summary>
public sealed class TransportAndKeyRingTests
{
    private const string Password = "tea-kettle-4-two";

    private static async Task CreateStaffAsync(HealthCardHost host, string name, string role, string region)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(Caller.System,
            new StaffAccountRequest(name, role, region, Password, name, MustChangePassword: false), CancellationToken.None);
        created.IsSuccess.ShouldBeTrue(created.Error?.ToString());
    }

    [Fact]
    public async Task AFloodOfBadApiKeys_FromOneAddress_IsAnswered429_WithoutSlowingOtherAddresses()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        async Task<HttpResponseMessage> CallAsync(string address, string key)
        {
            var context = await host.Server.SendAsync(c =>
            {
                c.Request.Method = "GET";
                c.Request.Path = "/api/v1/about";
                c.Connection.RemoteIpAddress = IPAddress.Parse(address);
                c.Request.Headers["X-Api-Key"] = key;
            });
            var response = new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode);
            response.Content = new StreamContent(context.Response.Body);
            return response;
        }

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 35; i++)
        {
            answers.Add((await CallAsync("203.0.113.9", $"hc_guess-{i}")).StatusCode);
        }
        var flooded = await CallAsync("203.0.113.9", "hc_guess-last");
        var elsewhere = await CallAsync("192.0.2.9", "hc_typo");
        var good = await CallAsync("192.0.2.9", HealthCardHost.AdminKey);

        answers.Take(30).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        answers.Skip(30).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        flooded.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await flooded.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("auth.rate_limited");
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        good.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task BehindATlsProxy_CookiesAreSecure()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        await CreateStaffAsync(host, "clerk.tls", StaffRoles.Auditor, "1301");
        // The proxy on the loopback address (trusted by default) says the client spoke HTTPS.
        var browser = new FormClient(host, "127.0.0.1", new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "198.51.100.77" });

        var page = await browser.GetAsync("/account/login");
        var signedIn = await browser.PostFormAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Input.UserName"] = "clerk.tls",
            ["Input.Password"] = Password,
        });

        signedIn.RedirectsTo("/").ShouldBeTrue($"{signedIn.Status} {signedIn.Location}");
        var cookies = page.SetCookies.Concat(signedIn.SetCookies).ToList();
        cookies.ShouldContain(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        cookies.ShouldContain(c => c.StartsWith("hc.console=", StringComparison.Ordinal));
        cookies.ShouldAllBe(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        // Over plain HTTP (no proxy), the same cookies are not marked Secure (the browser would drop them).
        var plain = await new FormClient(host, "192.0.2.77").GetAsync("/account/login");
        plain.SetCookies.ShouldAllBe(c => !c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheKeyRing_IsInTheDatabase_Encrypted_AndASecondNodeReadsTheSessions()
    {
        var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        HealthCardHost? second = null;
        try
        {
            await CreateStaffAsync(host, "clerk.ring", StaffRoles.Auditor, "1301");
            var browser = new FormClient(host, "192.0.2.5");
            (await browser.PostFormAsync("/account/login", "login", new Dictionary<string, string>
            {
                ["Input.UserName"] = "clerk.ring",
                ["Input.Password"] = Password,
            })).RedirectsTo("/").ShouldBeTrue();
            host.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository.ShouldBeOfType<DatabaseXmlRepository>();
            await host.WithDbAsync(async db =>
            {
                var ring = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
                ring.ShouldNotBeEmpty();
                ring.ShouldAllBe(x => x.Contains("Sm4GcmXmlDecryptor") && !x.Contains("masterKey p4:requiresEncryption=\"true\"><!--"));
                ring.ShouldAllBe(x => !x.Contains("unencrypted form"));
            });

            // Another node behind the same load balancer (same database, same key file) accepts the session.
            second = host.SecondNode();
            var onSecondNode = await browser.On(second).GetAsync("/system/audit");
            onSecondNode.Status.ShouldBe(200, onSecondNode.Location);
            (await new FormClient(second, "192.0.2.6").GetAsync("/system/audit")).Status.ShouldBe(302, "without the cookie, the page asks to sign in");
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task AuditAndAccountUseCases_RefuseCallersWithoutTheCapability()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        await using var scope = host.Services.CreateAsyncScope();
        var operatorCaller = new Caller("op", "1301", new HashSet<string> { Scope.RegistryRead, Scope.RegistryWrite }, Channel.Console);
        var sp = scope.ServiceProvider;

        (await sp.GetRequiredService<ListAudit>().SearchAsync(operatorCaller, new AuditFilter(), new PageRequest(), CancellationToken.None))
            .Error.ShouldBeOfType<Forbidden>().Code.ShouldBe("auth.forbidden");
        (await sp.GetRequiredService<App.Audit.AuditVerifier>().VerifyAsync(operatorCaller, CancellationToken.None)).Error.ShouldBeOfType<Forbidden>();
        (await sp.GetRequiredService<StaffAccounts>().ListAsync(operatorCaller, null, new PageRequest(), CancellationToken.None)).Error.ShouldBeOfType<Forbidden>();
        (await sp.GetRequiredService<StaffAccounts>().CreateAsync(operatorCaller,
            new StaffAccountRequest("sneaky", StaffRoles.CardOperator, "1301", Password), CancellationToken.None)).Error.ShouldBeOfType<Forbidden>();
        var reader = await host.CreateKeyAsync("reader", "", Scope.RegistryRead);
        var refused = await host.Client(reader).GetAsync("/api/v1/audit");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("auth.forbidden");
    }
}
