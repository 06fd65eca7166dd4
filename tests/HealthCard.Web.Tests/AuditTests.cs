using System.Net;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.Web.Tests;

public sealed class AuditTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task EveryChange_AppendsAChainedEntry_WithoutPersonalData(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(client);
        var serial = (await CardApiTests.IssueAsync(client, residentId)).GetProperty("serial").GetString();
        await client.PostAsync($"/api/v1/cards/{cardNumber}/freeze", ResidentApiTests.Json(new { reason = "测试" }));
        await client.PostAsync($"/api/v1/cards/{cardNumber}/unfreeze", ResidentApiTests.Json(new { reason = "测试" }));
        await client.PostAsync($"/api/v1/cards/{cardNumber}/unfreeze", ResidentApiTests.Json(new { reason = "测试" })); // refused: audited with its error code

        var response = await client.GetAsync("/api/v1/audit");
        var text = await response.Content.ReadAsStringAsync();
        var entries = await response.ReadJsonAsync();

        var ours = entries.EnumerateArray().Where(e => e.GetProperty("actor").GetString() == "bootstrap-admin").ToList();
        ours.Select(e => $"{e.GetProperty("action").GetString()}:{e.GetProperty("outcome").GetString()}").ShouldBe(
            ["resident.register:success", "card.issue:success", "card.freeze:success", "card.unfreeze:success", "card.unfreeze:card.invalid_transition"]);
        ours[0].GetProperty("targetId").GetString().ShouldBe(residentId.ToString());
        ours[1].GetProperty("targetId").GetString().ShouldBe(serial);
        ours[1].GetProperty("regionCode").GetString().ShouldBe("130105");
        text.ShouldNotContain(cardNumber);
        text.ShouldNotContain(Residents.Phone);
        var verify = await (await client.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
        verify.GetProperty("valid").GetBoolean().ShouldBeTrue();
        verify.GetProperty("entries").GetInt64().ShouldBe(entries.GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Verify_AfterOneRowIsAlteredInTheDatabase_FailsAtThatEntry(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        for (var i = 0; i < 4; i++)
        {
            await CardApiTests.RegisterAsync(client);
        }
        long tampered = 0;
        await host.WithDbAsync(async db =>
        {
            var target = await db.AuditEntries.OrderBy(a => a.Sequence).Skip(2).FirstAsync();
            tampered = target.Sequence;
            // A direct UPDATE, as an attacker with database access would do it.
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Actor\" = 'mallory' WHERE \"Id\" = {target.Id}");
        });

        var verify = await (await client.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();

        verify.GetProperty("valid").GetBoolean().ShouldBeFalse();
        verify.GetProperty("firstBroken").GetProperty("sequence").GetInt64().ShouldBe(tampered);
        verify.GetProperty("entries").GetInt64().ShouldBe(tampered - 1);
    }

    [Fact]
    public async Task Verify_AfterARowIsDeleted_FailsAtTheGap()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();
        for (var i = 0; i < 3; i++)
        {
            await CardApiTests.RegisterAsync(client);
        }
        await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 2"));

        var verify = await (await client.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();

        verify.GetProperty("valid").GetBoolean().ShouldBeFalse();
        verify.GetProperty("firstBroken").GetProperty("sequence").GetInt64().ShouldBe(3);
        verify.GetProperty("firstBroken").GetProperty("problem").GetString()!.ShouldContain("deleted");
    }

    [Fact]
    public async Task Audit_NeedsTheAuditScope()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var key = await host.CreateKeyAsync("reader", "", "registry:read");

        (await host.Client(key).GetAsync("/api/v1/audit/verify")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
