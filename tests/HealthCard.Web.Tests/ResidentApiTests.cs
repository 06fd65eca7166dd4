using System.Net;
using System.Text.Json;
using HealthCard.TestKit;

namespace HealthCard.Web.Tests;

public sealed class ResidentApiTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Register_ValidResident_Returns201WithLocationAndStoredData(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var draft = Residents.Valid();

        var created = await client.PostJsonAsync("/api/v1/residents", draft);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.ReadJsonAsync();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/residents/{body.GetProperty("id").GetGuid()}");
        var fetched = await (await client.GetAsync(created.Headers.Location)).ReadJsonAsync();
        fetched.GetProperty("idNumber").GetString().ShouldBe(draft.IdNumber);
        fetched.GetProperty("name").GetString().ShouldBe("测试居民");
        fetched.GetProperty("phones")[0].GetString().ShouldBe(Residents.Phone);
        fetched.GetProperty("addresses")[0].GetProperty("text").GetString().ShouldBe(Residents.AddressText);
        fetched.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["poverty", "ncms"]);
        fetched.GetProperty("health").GetProperty("flags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["asthma", "diabetes"]);
        fetched.GetProperty("version").GetInt32().ShouldBe(1);
        fetched.TryGetProperty("warnings", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Register_WritesChineseAsUtf8_NotEscaped()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var response = await host.Client().PostJsonAsync("/api/v1/residents", Residents.Valid());

        var text = await response.Content.ReadAsStringAsync();

        text.ShouldContain("\"name\":\"测试居民\"");
        text.ShouldContain("\"regionName\":\"新华区\"");
    }

    [Fact]
    public async Task Register_InvalidFields_Returns400ProblemWithBilingualMessagesPerField()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var draft = Residents.Valid() with
        {
            IdNumber = "11010519491231002Y",
            Name = "",
            Ethnicity = "99",
            RegionCode = "999999",
            Phones = ["12", "13", "14"],
        };

        var response = await host.Client().PostJsonAsync("/api/v1/residents", draft);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadJsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("resident.invalid");
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe(["idNumber", "ethnicity", "name", "regionCode", "phones"], ignoreOrder: true);
        var ethnicity = errors.GetProperty("ethnicity").EnumerateArray().Select(e => e.GetString()!).ToList();
        ethnicity[0].ShouldContain("民族");
        ethnicity[1].ShouldContain("GB 3304");
    }

    [Fact]
    public async Task Register_BirthDateAndGenderMustAgreeWithIdNumber()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var draft = Residents.Valid(IdNumbers.Next(male: true)) with { Gender = "2", BirthDate = "1900-01-01" };

        var problem = await (await host.Client().PostJsonAsync("/api/v1/residents", draft)).ReadJsonAsync();

        problem.GetProperty("errors").GetProperty("gender")[1].GetString()!.ShouldContain("odd sequence = male");
        problem.GetProperty("errors").GetProperty("birthDate")[1].GetString()!.ShouldContain("does not match");
    }

    [Fact]
    public async Task Register_UnknownAddressCodeInId_IsAWarningNotAnError()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        // 139999 is no current region, but old ID numbers keep retired address codes for life.
        var draft = Residents.Valid(IdNumbers.Build("139999", new DateOnly(1980, 1, 1), 123));

        var response = await host.Client().PostJsonAsync("/api/v1/residents", draft);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var warning = (await response.ReadJsonAsync()).GetProperty("warnings")[0];
        warning.GetProperty("code").GetString().ShouldBe("resident.unknown_address_code");
    }

    [Fact]
    public async Task Register_MalformedJson_Returns400Problem()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        using var content = new StringContent("{\"idType\": ", System.Text.Encoding.UTF8, "application/json");

        var response = await host.Client().PostAsync("/api/v1/residents", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("request.malformed");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Register_SameLivingIdTwice_Returns409Duplicate(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var draft = Residents.Valid();
        (await host.Client().PostJsonAsync("/api/v1/residents", draft)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var second = await host.Client().PostJsonAsync("/api/v1/residents", draft);

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("resident.duplicate");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task FindByIdNumber_UsesTheBlindIndex(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var draft = Residents.Valid();
        await host.Client().PostJsonAsync("/api/v1/residents", draft);
        await host.Client().PostJsonAsync("/api/v1/residents", Residents.Valid());

        var found = await (await host.Client().GetAsync($"/api/v1/residents?idNumber={draft.IdNumber}")).ReadJsonAsync();

        found.GetArrayLength().ShouldBe(1);
        found[0].GetProperty("idNumber").GetString().ShouldBe(draft.IdNumber);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Patch_ChangesFieldsBumpsVersionAndKeepsHistory(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var id = (await (await client.PostJsonAsync("/api/v1/residents", Residents.Valid())).ReadJsonAsync()).GetProperty("id").GetGuid();

        var patched = await client.PatchAsync($"/api/v1/residents/{id}", Json(new { version = 1, reason = "更正姓名", name = "王小明", phones = new[] { "13700000000" }, education = (string?)null }));

        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await patched.ReadJsonAsync();
        body.GetProperty("name").GetString().ShouldBe("王小明");
        body.GetProperty("phones")[0].GetString().ShouldBe("13700000000");
        body.GetProperty("education").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("maritalStatus").GetString().ShouldBe("20"); // absent members stay
        body.GetProperty("version").GetInt32().ShouldBe(2);
        var history = await (await client.GetAsync($"/api/v1/residents/{id}/history")).ReadJsonAsync();
        history.GetArrayLength().ShouldBe(1);
        history[0].GetProperty("reason").GetString().ShouldBe("更正姓名");
        history[0].GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()).ShouldBe(["name", "phones", "education"], ignoreOrder: true);
        history[0].GetProperty("previous").GetProperty("name").GetString().ShouldBe("测试居民");
    }

    [Fact]
    public async Task Patch_StaleVersion_Returns409AndChangesNothing()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();
        var id = (await (await client.PostJsonAsync("/api/v1/residents", Residents.Valid())).ReadJsonAsync()).GetProperty("id").GetGuid();
        (await client.PatchAsync($"/api/v1/residents/{id}", Json(new { version = 1, name = "第一次" }))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var stale = await client.PatchAsync($"/api/v1/residents/{id}", Json(new { version = 1, name = "第二次" }));

        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await stale.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("resident.version_conflict");
        (await (await client.GetAsync($"/api/v1/residents/{id}")).ReadJsonAsync()).GetProperty("name").GetString().ShouldBe("第一次");
    }

    [Fact]
    public async Task Patch_InvalidOrImmutableFields_Returns400AndChangesNothing()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();
        var id = (await (await client.PostJsonAsync("/api/v1/residents", Residents.Valid())).ReadJsonAsync()).GetProperty("id").GetGuid();

        var response = await client.PatchAsync($"/api/v1/residents/{id}", Json(new { idNumber = IdNumbers.Next(), gender = "7", name = "改名" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        errors.TryGetProperty("idNumber", out _).ShouldBeTrue();
        var after = await (await client.GetAsync($"/api/v1/residents/{id}")).ReadJsonAsync();
        after.GetProperty("name").GetString().ShouldBe("测试居民");
        after.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Get_UnknownResident_Returns404Problem()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);

        var response = await host.Client().GetAsync($"/api/v1/residents/{Guid.NewGuid()}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("not_found");
    }

    internal static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body, HealthCardHost.Json), System.Text.Encoding.UTF8, "application/json");
}
