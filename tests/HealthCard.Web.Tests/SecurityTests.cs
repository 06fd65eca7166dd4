using System.Net;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests;

public sealed class SecurityTests
{
    [Theory]
    [InlineData("GET", "/api/v1/residents?idNumber=1")]
    [InlineData("POST", "/api/v1/residents")]
    [InlineData("GET", "/api/v1/cards/110105194912310021/status")]
    [InlineData("POST", "/api/v1/cards/110105194912310021/freeze")]
    [InlineData("GET", "/api/v1/audit")]
    public async Task EveryApiEndpoint_WithoutKey_Returns401Problem(string method, string url)
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);

        var response = await host.Client(apiKey: null).SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("auth.unauthenticated");
    }

    [Fact]
    public async Task WrongKey_Returns401()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);

        (await host.Client("hc_not-a-key").GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnknownKeys_AreNotCached_SoRandomKeysCannotFillMemory()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var cache = (Microsoft.Extensions.Caching.Memory.MemoryCache)host.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>();
        (await host.Client().GetAsync("/api/v1/about")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = cache.Count;

        for (var i = 0; i < 20; i++)
        {
            (await host.Client($"hc_random-{i}").GetAsync("/api/v1/about")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        cache.Count.ShouldBe(before);
        before.ShouldBeGreaterThan(0); // the valid key is cached, so the count can move
    }

    [Fact]
    public async Task KeyWithoutWriteScope_Returns403Problem()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var reader = await host.CreateKeyAsync("reader", "", "registry:read");

        var response = await host.Client(reader).PostJsonAsync("/api/v1/residents", Residents.Valid());

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("auth.forbidden");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task RegionScopedKey_SeesOtherRegionsAsNotFound_ButStatusAnswersNationwide(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var (beijingResident, beijingCard) = await CardApiTests.RegisterAsync(host.Client(), county: "110105");
        await CardApiTests.IssueAsync(host.Client(), beijingResident);
        var hebei = host.Client(await host.CreateKeyAsync("hebei", "13", "registry:read", "registry:write"));

        (await hebei.GetAsync($"/api/v1/residents/{beijingResident}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await hebei.GetAsync($"/api/v1/cards/{beijingCard}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await hebei.GetAsync($"/api/v1/cards/{beijingCard}/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await hebei.GetAsync($"/api/v1/residents?idNumber={beijingCard}")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);
        (await hebei.PostAsync($"/api/v1/cards/{beijingCard}/freeze", ResidentApiTests.Json(new { reason = "测试" }))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var outside = await hebei.PostJsonAsync("/api/v1/residents", Residents.Valid(county: "110105"));
        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var status = await hebei.GetAsync($"/api/v1/cards/{beijingCard}/status");

        status.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await status.ReadJsonAsync();
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["cardNumber", "serial", "status"]);
        body.GetProperty("cardNumber").GetString().ShouldBe(new string('*', beijingCard.Length));
    }

    [Fact]
    public async Task WithoutPiiScope_IdNumbersPhonesAndAddressesAreMasked()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(host.Client());
        await CardApiTests.IssueAsync(host.Client(), residentId);
        var reader = host.Client(await host.CreateKeyAsync("reader", "", "registry:read"));

        var resident = await (await reader.GetAsync($"/api/v1/residents/{residentId}")).ReadJsonAsync();
        var card = await (await reader.GetAsync($"/api/v1/cards/{cardNumber}")).ReadJsonAsync();

        // ADR 017: no character of the ID number, and never a phone's last four (part of the portal's first-password proof).
        resident.GetProperty("idNumber").GetString().ShouldBe(new string('*', cardNumber.Length));
        resident.GetProperty("phones")[0].GetString().ShouldBe("139********");
        resident.GetProperty("addresses")[0].GetProperty("text").GetString().ShouldBe("河北省石家庄****");
        resident.GetProperty("contacts")[0].GetProperty("phone").GetString().ShouldBe("138********");
        card.GetProperty("cardNumber").GetString().ShouldBe(new string('*', cardNumber.Length));
        card.GetProperty("bankCardNumber").GetString().ShouldBe("622202*********5679");
    }

    [Fact]
    public async Task OpenEndpoints_ServeTheContractAndHealth()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client(apiKey: null);

        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        openApi.ShouldContain("/api/v1/cards/{cardNumber}/status");
        (await client.GetAsync("/scalar")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
