using System.Net;
using System.Text.Json;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Products;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.Web.Tests.Registry;

/// <summary>Builds institutions and approved products through the real API, and reads audit entries back.</summary>
internal static class RegistrySetup
{
    private static int _next;

    /// <summary>A fresh 18-character unified social credit code.</summary>
    public static string NewCode() => $"1213010{Interlocked.Increment(ref _next) + Random.Shared.Next(1_000_000) * 100:D10}A";

    public static async Task<string> InstitutionAsync(HttpClient client, string kind = "medical", string region = "130102", string? name = null)
    {
        var code = NewCode();
        var medical = kind == "medical";
        var response = await client.PostJsonAsync("/api/v1/institutions", new InstitutionRequest(code, kind, name ?? "石家庄市长安区社区卫生服务中心",
            medical ? "1A" : null, medical ? "community_health_centre" : null, region, "王主任", "0311-86000000"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return code;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HealthCardHost, Task<string>> Reviewers = new();

    /// <summary>A national product reviewer, another person than the submitter (a filing's submitter may not approve it).</summary>
    public static async Task<HttpClient> ReviewerAsync(HealthCardHost host) =>
        host.Client(await Reviewers.GetValue(host, h => h.CreateKeyAsync("product-reviewer", "", HealthCard.App.Common.Scope.RegistryRead,
            HealthCard.App.Common.Scope.InstitutionsWrite)));

    /// <summary>A manufacturer, its filing of <paramref name="kind"/> (submitted by <paramref name="client"/>), approved by a reviewer.</summary>
    public static async Task<Guid> ApprovedProductAsync(HealthCardHost host, HttpClient client, string kind, string? manufacturer = null)
    {
        manufacturer ??= await InstitutionAsync(client, "manufacturer", "130100", "河北华卡智能科技有限公司");
        var product = await client.PostJsonAsync("/api/v1/products", new ProductRequest(manufacturer, kind, $"{kind.ToUpperInvariant()}-{NewCode()[^6..]}",
            kind == "user_card" ? "32K" : null, "GJ-2026-0815", new DateOnly(2029, 12, 31)));
        product.StatusCode.ShouldBe(HttpStatusCode.Created, await product.Content.ReadAsStringAsync());
        var id = (await product.ReadJsonAsync()).GetProperty("id").GetGuid();
        var approved = await (await ReviewerAsync(host)).PostAsync($"/api/v1/products/{id}/approve", null);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>The audit entries about one target, oldest first: (action, outcome).</summary>
    public static async Task<List<(string Action, string Outcome)>> AuditOfAsync(HealthCardHost host, string targetId)
    {
        var entries = new List<(string, string)>();
        await host.WithDbAsync(async db => entries = await db.AuditEntries.Where(a => a.TargetId == targetId).OrderBy(a => a.Sequence)
            .Select(a => new ValueTuple<string, string>(a.Action, a.Outcome)).ToListAsync());
        return entries;
    }

    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadJsonAsync();
        problem.GetProperty("code").GetString().ShouldBe(code);
        return problem;
    }
}
