using System.Net;
using System.Text.Json.Nodes;
using HealthCard.App.Common;
using HealthCard.App.Features.Residents;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Doors;

/// <summary>
/// Issue 15, disagreement 2 for residents: the reason and version rules of a correction (卡变更) sat in the endpoint, so
/// any other caller of <see cref="ChangeResident"/> skipped them. The use case now checks the body it is given; the
/// endpoint passes it through. The API is the only door that corrects a resident today (the console shows, the CLI
/// imports); the use case is called directly as any other door would.
/// </summary>
public sealed class ResidentCorrectionDoorTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task ResidentCorrectionRules_SameAnswerThroughEveryDoor(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var id = (await (await client.PostJsonAsync("/api/v1/residents", Residents.Valid())).ReadJsonAsync()).GetProperty("id").GetGuid();

        var bodies = new[]
        {
            """{"version":"1","name":"王小明"}""",
            """{"version":1.5,"reason":"更正","name":"王小明"}""",
            $$"""{"reason":"{{new string('因', ChangeResident.ReasonMaxLength + 1)}}","name":"王小明"}""",
            """{"reason":42,"version":[1],"name":"王小明"}""",
            """{"version":7,"reason":"更正","name":"王小明"}""", // stale
        };
        foreach (var body in bodies)
        {
            var api = await DoorAnswer.OfAsync(await client.PatchAsync($"/api/v1/residents/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json")));
            await using var scope = host.Services.CreateAsyncScope();
            var direct = await scope.ServiceProvider.GetRequiredService<ChangeResident>()
                .ExecuteAsync(Caller.System, id, JsonNode.Parse(body)!.AsObject(), CancellationToken.None);

            api.ShouldBeSameAs(DoorAnswer.Of(direct.Error!), $"use case, {body}");
        }
        // Nothing changed, and a well-formed correction still goes through with its reason.
        var ok = await client.PatchAsync($"/api/v1/residents/{id}", ResidentApiTests.Json(new { version = 1, reason = "更正姓名", name = "王小明" }));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.ReadJsonAsync()).GetProperty("version").GetInt32().ShouldBe(2);
        (await (await client.GetAsync($"/api/v1/residents/{id}/history")).ReadJsonAsync())[0].GetProperty("reason").GetString().ShouldBe("更正姓名");
    }
}
