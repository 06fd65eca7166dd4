using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Keys;

/// <summary>The key ceremony and the provincial issuance, run the way an operator would, for the key service tests.</summary>
internal static class KeyTestKit
{
    public const string CollectorIdNumber = "130102198001010010";

    /// <summary>Runs <c>keys init</c> through the real use case; the host stays unsealed (the ceremony's KEK is in its vault).</summary>
    public static async Task<CeremonyResult> InitAsync(HealthCardHost host, int custodians = 3, int threshold = 2)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<KeyCeremony>()
            .InitAsync(Caller.CommandLine("ceremony"), custodians, threshold, CancellationToken.None);
        result.IsSuccess.ShouldBeTrue(result.Error?.ToString());
        return result.Value;
    }

    /// <summary>Application → approval → delegation → issue through the API; returns the handover record.</summary>
    public static async Task<JsonElement> IssueProvinceAsync(HttpClient client, string province, string issuerCode)
    {
        var applied = await client.PostJsonAsync("/api/v1/keys/applications", new
        {
            provinceCode = province,
            issuerCode,
            applicantInstitution = $"省卫生健康委员会 {province}",
            applicantPerson = "张主任",
            reason = "居民健康卡省级密钥申领",
        });
        applied.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await applied.Content.ReadAsStringAsync());
        var id = (await applied.ReadJsonAsync()).GetProperty("id").GetGuid();
        (await client.PostJsonAsync($"/api/v1/keys/applications/{id}/approve", new { note = "同意" })).EnsureSuccessStatusCode();
        var delegated = await client.PostJsonAsync($"/api/v1/keys/applications/{id}/delegations", new
        {
            letterNumber = $"WP-{province}-{Guid.NewGuid().ToString("N")[..8]}",
            delegator = $"省卫生健康委员会 {province}",
            validUntil = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10),
            collectors = new[] { new { name = "李领取", idNumber = CollectorIdNumber } },
        });
        delegated.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await delegated.Content.ReadAsStringAsync());
        var delegationId = (await delegated.ReadJsonAsync()).GetProperty("id").GetGuid();
        var issued = await client.PostJsonAsync($"/api/v1/keys/applications/{id}/issue", new
        {
            delegationId,
            receiverName = "李领取",
            receiverIdNumber = CollectorIdNumber,
            handedOverBy = "王保管",
        });
        issued.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        return await issued.ReadJsonAsync();
    }

    public static async Task<T> WithAsync<T>(HealthCardHost host, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
