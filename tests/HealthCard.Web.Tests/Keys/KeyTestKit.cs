using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using HealthCard.App.Features.Keys;
using HealthCard.Crypto.Keys;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Keys;

/// <summary>The key ceremony and the provincial issuance, run the way custodians would, for the key service tests.</summary>
internal static class KeyTestKit
{
    public const string CollectorIdNumber = "130102198001010010";

    /// <summary>
    /// Runs <c>keys init</c> through the real use case, by a custodian of <paramref name="region"/> (empty: the national
    /// tier); the host stays unsealed (the ceremony's KEK is in its vault).
    /// </summary>
    public static async Task<CeremonyResult> InitAsync(HealthCardHost host, int custodians = 3, int threshold = 2, string region = "")
    {
        await using var scope = host.Services.CreateAsyncScope();
        var caller = region.Length == 0
            ? Caller.CommandLine("ceremony")
            : new Caller("ceremony-" + region, region, new HashSet<string> { Scope.KeysManage }, Channel.Cli);
        var result = await scope.ServiceProvider.GetRequiredService<KeyCeremony>().InitAsync(caller, custodians, threshold, CancellationToken.None);
        result.IsSuccess.ShouldBeTrue(result.Error?.ToString());
        return result.Value;
    }

    /// <summary>A client for a new key custodian (an API key with <c>keys:manage</c> only) of <paramref name="region"/>.</summary>
    public static Task<HttpClient> CustodianAsync(HealthCardHost host, string name, string region) => CustodianAsync(host, host.Services, name, region);

    /// <summary>The same, on another server of the same database (<paramref name="server"/>, with its own services).</summary>
    public static async Task<HttpClient> CustodianAsync(WebApplicationFactory<Program> server, IServiceProvider services, string name, string region)
    {
        await using var scope = services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<CreateApiKey>().ExecuteAsync(Caller.System,
            $"{name}-{Guid.NewGuid().ToString("N")[..6]}", region, [Scope.KeysManage], secret: null, CancellationToken.None);
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Value.Secret);
        return client;
    }

    /// <summary>
    /// Application (a custodian of the province) → approval (a national custodian) → delegation (another custodian of
    /// the province) → issue (another national custodian) through the API; returns the handover record.
    /// </summary>
    public static Task<JsonElement> IssueProvinceAsync(HealthCardHost host, string province, string issuerCode) =>
        IssueProvinceAsync(host, host.Services, province, issuerCode);

    public static async Task<JsonElement> IssueProvinceAsync(WebApplicationFactory<Program> server, IServiceProvider services, string province, string issuerCode)
    {
        var applicant = await CustodianAsync(server, services, $"applicant-{province}", province);
        var reviewer = await CustodianAsync(server, services, "reviewer", "");
        var delegator = await CustodianAsync(server, services, $"delegator-{province}", province);
        var issuer = await CustodianAsync(server, services, "issuer", "");
        var applied = await applicant.PostJsonAsync("/api/v1/keys/applications", new
        {
            provinceCode = province,
            issuerCode,
            applicantInstitution = $"省卫生健康委员会 {province}",
            applicantPerson = "张主任",
            reason = "居民健康卡省级密钥申领",
        });
        applied.StatusCode.ShouldBe(HttpStatusCode.Created, await applied.Content.ReadAsStringAsync());
        var id = (await applied.ReadJsonAsync()).GetProperty("id").GetGuid();
        var approved = await reviewer.PostJsonAsync($"/api/v1/keys/applications/{id}/approve", new { note = "同意" });
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var delegated = await delegator.PostJsonAsync($"/api/v1/keys/applications/{id}/delegations", new
        {
            letterNumber = $"WP-{province}-{Guid.NewGuid().ToString("N")[..8]}",
            delegator = $"省卫生健康委员会 {province}",
            validUntil = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10),
            collectors = new[] { new { name = "李领取", idNumber = CollectorIdNumber } },
        });
        delegated.StatusCode.ShouldBe(HttpStatusCode.Created, await delegated.Content.ReadAsStringAsync());
        var delegationId = (await delegated.ReadJsonAsync()).GetProperty("id").GetGuid();
        var issued = await issuer.PostJsonAsync($"/api/v1/keys/applications/{id}/issue", new
        {
            delegationId,
            receiverName = "李领取",
            receiverIdNumber = CollectorIdNumber,
            handedOverBy = "王保管",
        });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        return await issued.ReadJsonAsync();
    }

    /// <summary>A fresh transport key component and its KCV, as a custodian makes it (<c>hcard keys component</c>).</summary>
    public static (string Component, string CheckValue) Component()
    {
        var component = RandomNumberGenerator.GetBytes(16);
        return (Convert.ToHexString(component), Convert.ToHexString(KeyDerivation.CheckValue(component)));
    }

    /// <summary>The transport key the components make: their XOR (what no single custodian ever holds).</summary>
    public static byte[] TransportKeyOf(params string[] components)
    {
        var key = new byte[16];
        foreach (var component in components)
        {
            var bytes = Convert.FromHexString(component);
            for (var i = 0; i < key.Length; i++)
            {
                key[i] ^= bytes[i];
            }
        }
        return key;
    }

    /// <summary>Each custodian gives their component of <paramref name="region"/>'s transport key; returns the last answer.</summary>
    public static async Task<JsonElement> RegisterTransportKeyAsync(IEnumerable<HttpClient> custodians, string region, IReadOnlyList<string> components)
    {
        JsonElement last = default;
        var i = 0;
        foreach (var custodian in custodians)
        {
            var component = components[i++];
            var kcv = Convert.ToHexString(KeyDerivation.CheckValue(Convert.FromHexString(component)));
            var response = await custodian.PostJsonAsync("/api/v1/keys/transport-keys", new { regionCode = region, component, checkValue = kcv });
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            last = await response.ReadJsonAsync();
        }
        return last;
    }

    public static async Task<T> WithAsync<T>(HealthCardHost host, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
