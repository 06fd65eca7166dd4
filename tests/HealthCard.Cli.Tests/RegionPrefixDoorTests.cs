using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Applications;
using HealthCard.App.Features.Production;
using HealthCard.App.Regions;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using HealthCard.Web.Console.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// Issue 15, disagreement 6 (second half): a region prefix is parsed and shown by <see cref="RegionPrefix"/> alone. The same
/// prefixes go through every door that accepts one (the HTTP API of the real host, the use case the console page calls, and
/// <c>hcard</c> on the same database) and get the same answer: the same refusal with the same message for what is not a
/// prefix, the same rows for what is, and the same display (<c>石家庄市 (1301)</c>) where a door shows one.
/// </summary>
public sealed class RegionPrefixDoorTests
{
    /// <summary>Not a prefix: a 3-digit code, letters, a county code that names no county, a city the table lacks.</summary>
    private static readonly string[] NotPrefixes = ["130", "13a1", "1399", "999999"];

    private static readonly string[] Message = ["地区应为 GB/T 2260 的省（2 位）、市（4 位）或区县（6 位）代码",
        "The region is a GB/T 2260 province (2 digits), city (4) or county (6) code"];

    private static Caller ConsoleUser { get; } = new("console-admin", "", Scope.All.ToHashSet(), Channel.Console);

    [Fact]
    public async Task RegionPrefix_SameAnswerThroughEveryDoor()
    {
        await using var host = await HealthCardHost.StartAsync(TestDatabase.Sqlite);
        var api = host.Client();
        using var factory = Sm2Algorithm.GenerateKey();
        var recipient = Convert.ToHexString(factory.PublicKey);

        foreach (var text in NotPrefixes)
        {
            // The list of applications, filtered by a prefix.
            var listed = await api.GetAsync($"/api/v1/card-applications?region={text}", TestContext.Current.CancellationToken);
            listed.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
            var problem = await listed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            problem.GetProperty("code").GetString().ShouldBe("card_application.invalid");
            problem.GetProperty("errors").GetProperty("region").EnumerateArray().Select(m => m.GetString()).ShouldBe(Message);

            await using (var scope = host.Services.CreateAsyncScope())
            {
                var console = await scope.ServiceProvider.GetRequiredService<GetApplications>()
                    .ListAsync(ConsoleUser, null, null, text, new PageRequest(), TestContext.Current.CancellationToken);
                var invalid = console.Error.ShouldBeOfType<ValidationFailed>();
                invalid.Code.ShouldBe("card_application.invalid");
                invalid.Fields["region"].SelectMany(m => new[] { m.Zh, m.En }).ShouldBe(Message);
            }

            var cli = await Hcard.RunAsync(host.Folder, "applications", "list", "--region", text);
            cli.ExitCode.ShouldBe(2, cli.Error);
            cli.Error.ShouldContain("error card_application.invalid");
            cli.Error.ShouldContain($"region: {Message[0]} / {Message[1]}");

            // A production batch for a region.
            var created = await api.PostAsJsonAsync("/api/v1/production-batches", new ProductionBatchRequest(text, "91130100MA0BANK01X",
                "13010000001", "applications", null, 10, recipient), TestContext.Current.CancellationToken);
            created.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
            problem = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            problem.GetProperty("code").GetString().ShouldBe("production_batch.invalid");
            problem.GetProperty("errors").GetProperty("region").EnumerateArray().Select(m => m.GetString()).ShouldBe(Message);

            await using (var scope = host.Services.CreateAsyncScope())
            {
                var console = await scope.ServiceProvider.GetRequiredService<CreateProductionBatch>().ExecuteAsync(ConsoleUser,
                    new ProductionBatchRequest(text, "91130100MA0BANK01X", "13010000001", "applications", null, 10, recipient),
                    TestContext.Current.CancellationToken);
                var invalid = console.Error.ShouldBeOfType<ValidationFailed>();
                invalid.Code.ShouldBe("production_batch.invalid");
                invalid.Fields["region"].SelectMany(m => new[] { m.Zh, m.En }).ShouldBe(Message);
            }

            cli = await Hcard.RunAsync(host.Folder, "production", "create", "--region", text, "--bank", "91130100MA0BANK01X",
                "--issuer-code", "13010000001", "--recipient-key", recipient);
            cli.ExitCode.ShouldBe(2, cli.Error);
            cli.Error.ShouldContain("error production_batch.invalid");
            cli.Error.ShouldContain($"region: {Message[0]} / {Message[1]}");
        }

        // A prefix, with spaces around it as a form or a shell may leave them: the same (empty) page through every door.
        foreach (var text in new[] { "13", "1301", " 130102 " })
        {
            var listed = await api.GetAsync($"/api/v1/card-applications?region={Uri.EscapeDataString(text)}", TestContext.Current.CancellationToken);
            listed.StatusCode.ShouldBe(HttpStatusCode.OK, text);
            (await listed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("total").GetInt32().ShouldBe(0);
            await using (var scope = host.Services.CreateAsyncScope())
            {
                (await scope.ServiceProvider.GetRequiredService<GetApplications>()
                    .ListAsync(ConsoleUser, null, null, text, new PageRequest(), TestContext.Current.CancellationToken)).Value.Total.ShouldBe(0);
            }
            var cli = await Hcard.RunAsync(host.Folder, "applications", "list", "--region", text);
            cli.ExitCode.ShouldBe(0, cli.Error);
            cli.Output.ShouldContain("0 applications");
        }

        // Shown: the console and the command line show a prefix the one way; the API answers its code and name.
        var key = await Hcard.RunAsync(host.Folder, "apikey", "create", "--name", "door-1301", "--region", "1301", "--scopes", "registry:read");
        key.ExitCode.ShouldBe(0, key.Error);
        key.Output.ShouldContain("region: 石家庄市 (1301)");
        RegionNames.Of(RegionDirectory.Embedded, "1301", "全国").ShouldBe("石家庄市 (1301)");
        RegionPrefix.Of("1301").Display(RegionDirectory.Embedded, "national").ShouldBe("石家庄市 (1301)");
        var stats = await (await api.GetAsync("/api/v1/stats?region=1301", TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        (stats.GetProperty("region").GetString(), stats.GetProperty("regionName").GetString()).ShouldBe(("1301", "石家庄市"));
    }
}
