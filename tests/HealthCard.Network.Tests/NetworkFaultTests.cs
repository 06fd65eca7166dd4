using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HealthCard.App.Audit;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.Cli.Tests;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.NKeys;
using static HealthCard.Network.Tests.NetworkScenarioTests;

namespace HealthCard.Network.Tests;

/// <summary>
/// Faults on the real network: a province killed mid-stream, NATS stopped, every message delivered twice, a forged change,
/// a rewritten audit tail. Each ends with the operators' own digest comparison (<c>hcard network reconcile</c>) showing
/// nothing lost and nothing doubled.
/// </summary>
[Collection(nameof(TheNetwork))]
public sealed class NetworkFaultTests(TestNetwork network)
{
    private static readonly TimeSpan Converges = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ProvinceKilledMidStream_WhileTheCityKeepsWriting_Converges()
    {
        var city = network["1301"].Client();
        for (var i = 0; i < 5; i++)
        {
            await IssueAsync(city, (await RegisterAsync(city, "130105")).ResidentId);
        }
        await network.StopAsync("13");
        try
        {
            for (var i = 0; i < 10; i++)
            {
                await IssueAsync(city, (await RegisterAsync(city, "130105")).ResidentId);
            }
        }
        finally
        {
            network.Restart("13");
        }
        await InSyncAsync("13", "1301");
        await InSyncAsync("00", "1301");
    }

    [Fact]
    public async Task NatsStopped_WhileTheCityKeepsWriting_Converges()
    {
        var city = network["1301"].Client();
        var numbers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (residentId, number) = await RegisterAsync(city, "130105");
            await IssueAsync(city, residentId);
            numbers.Add(number);
        }
        await network.StopNatsAsync();
        try
        {
            // Writes that need no national claim go on: card operations at the owner.
            foreach (var number in numbers)
            {
                var frozen = await city.PostAsJsonAsync($"/api/v1/cards/{number}/freeze", new { reason = "网络中断期间冻结" });
                frozen.StatusCode.ShouldBe(HttpStatusCode.OK, await frozen.Content.ReadAsStringAsync());
            }
            var status = await (await city.GetAsync("/api/v1/network/status")).ReadJsonAsync();
            status.GetProperty("links")[0].GetProperty("waitingChanges").GetInt64().ShouldBeGreaterThan(0);
        }
        finally
        {
            network.StartNats();
        }
        await InSyncAsync("13", "1301");
        await InSyncAsync("00", "1301");
        foreach (var number in numbers)
        {
            (await StatusAsync(network["00"].Client(), number)).ShouldBe("frozen");
        }
    }

    [Fact]
    public async Task EveryMessageDeliveredTwice_ChangesNothing()
    {
        var city = network["1301"].Client();
        for (var i = 0; i < 5; i++)
        {
            await IssueAsync(city, (await RegisterAsync(city, "130105")).ResidentId);
        }
        await InSyncAsync("13", "1301");
        var before = await CountsAsync("13");

        // Every change the city ever sent, sent again under new message ids (so JetStream's de-duplication lets them through).
        await using var nats = await ConnectAsNodeAsync("1301");
        var js = new NatsJSContext(nats);
        // (nats-server 2.9 has no multi-subject filters, so the city's own subjects are picked here.)
        var copy = await js.CreateOrderedConsumerAsync(NetworkSubjects.ChangeStream);
        var sent = new List<(string Subject, byte[] Data)>();
        await foreach (var message in copy.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 100_000 }))
        {
            if (message.Subject.EndsWith(".13.1301", StringComparison.Ordinal))
            {
                sent.Add((message.Subject, message.Data!));
            }
        }
        sent.Count.ShouldBeGreaterThan(10);
        foreach (var (subject, data) in sent)
        {
            (await js.PublishAsync(subject, data, opts: new NatsJSPubOpts { MsgId = Guid.NewGuid().ToString() })).EnsureSuccess();
        }

        await InSyncAsync("13", "1301");
        await InSyncAsync("00", "1301");
        (await CountsAsync("13")).ShouldBe(before);
    }

    [Fact]
    public async Task ChildsForgedChange_ToAnotherRegionsRecord_IsRefused_AndItsForgedSubjectNeverReachesTheStream()
    {
        var forgedId = Guid.NewGuid();
        var refusedBefore = await RefusalsAsync("13");
        await using var nats = await ConnectAsNodeAsync("1301");
        var js = new NatsJSContext(nats);

        // On its own subject, 1301 claims a resident of Changsha (430405): both receivers refuse it.
        var forged = new JsonObject
        {
            ["kind"] = "resident",
            ["key"] = new JsonArray(forgedId),
            ["values"] = new JsonObject { ["Id"] = forgedId, ["RegionCode"] = "430405", ["IdType"] = "01", ["Name"] = "伪造", ["Version"] = 1 },
            ["owned"] = new JsonObject(),
        };
        (await js.PublishAsync("hc.chg.resident.13.1301", JsonSerializer.SerializeToUtf8Bytes(forged),
            opts: new NatsJSPubOpts { MsgId = Guid.NewGuid().ToString() })).EnsureSuccess();
        await TestNetwork.EventuallyAsync(async () => await RefusalsAsync("13") > refusedBefore, TimeSpan.FromSeconds(5), "province 13 refuses the forged change");
        await network["13"].WithDbAsync(async db => (await db.Residents.AnyAsync(r => r.Id == forgedId)).ShouldBeFalse());
        await network["00"].WithDbAsync(async db => (await db.Residents.AnyAsync(r => r.Id == forgedId)).ShouldBeFalse());

        // Under province 43's name, the server itself refuses 1301: the publish gets no acknowledgement.
        await Should.ThrowAsync<Exception>(async () => (await js.PublishAsync("hc.chg.resident.43", JsonSerializer.SerializeToUtf8Bytes(forged),
            opts: new NatsJSPubOpts { MsgId = Guid.NewGuid().ToString() })).EnsureSuccess());
        var everything = await js.CreateOrderedConsumerAsync(NetworkSubjects.ChangeStream);
        await foreach (var message in everything.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 100_000 }))
        {
            if (message.Subject == "hc.chg.resident.43")
            {
                System.Text.Encoding.UTF8.GetString(message.Data!).ShouldNotContain(forgedId.ToString());
            }
        }
    }

    [Fact]
    public async Task ChildAuditTailRewrittenAndRehashed_IsFlaggedByTheParentsAnchorCheck()
    {
        var city = network["1301"].Client();
        await RegisterAsync(city, "130105");
        await RegisterAsync(city, "130105");
        var province = network["13"].Client();
        var node = network["1301"].Services.GetRequiredService<AuditChainHead>().Node;
        long head = 0;
        await network["1301"].WithDbAsync(async db => head = await db.AuditEntries.Where(a => a.Node == node).MaxAsync(a => a.Sequence));
        try
        {
            // Until the parent holds the anchor of the city's current head (anchors travel every second here).
            await TestNetwork.EventuallyAsync(async () =>
            {
                long anchored = 0;
                await network["13"].WithDbAsync(async db => anchored = await db.AuditAnchors.Where(a => a.OwnerRegion == "1301" && a.Node == node)
                    .MaxAsync(a => (long?)a.Sequence) ?? 0);
                return anchored >= head && await AnchorOutcomeAsync(province) == "intact";
            }, TimeSpan.FromSeconds(10), "13 holds 1301's anchors up to its head, intact");
        }
        catch (Xunit.Sdk.XunitException)
        {
            var anchors = await (await province.GetAsync("/api/v1/network/anchors")).Content.ReadAsStringAsync();
            var status = await (await city.GetAsync("/api/v1/network/status")).Content.ReadAsStringAsync();
            var provinceStatus = await (await province.GetAsync("/api/v1/network/status")).Content.ReadAsStringAsync();
            string counts = "";
            await network["13"].WithDbAsync(async db => counts += $"anchors@13={await db.AuditAnchors.CountAsync()} refused@13={string.Join(';', await db.NetworkRefusals.Select(r => r.Reason).ToListAsync())} ");
            await network["00"].WithDbAsync(async db => counts += $"anchors@00={await db.AuditAnchors.CountAsync()} ");
            await network["1301"].WithDbAsync(async db => counts += $"outbox@1301={await db.NetworkOutbox.CountAsync()} head={head} node={node}");
            throw new Xunit.Sdk.XunitException($"{counts}\nanchors at 13: {anchors}\ncity: {status}\nprovince: {provinceStatus}");
        }

        // An operator with the chain key rewrites the city's last two entries and re-hashes them: locally the chain verifies.
        await network["1301"].WithDbAsync(async db =>
        {
            var key = network["1301"].Services.GetRequiredService<AuditChainKey>();
            var tail = await db.AuditEntries.Where(a => a.Node == node).OrderByDescending(a => a.Sequence).Take(2).OrderBy(a => a.Sequence).ToListAsync();
            var previous = tail[0].PreviousHash;
            foreach (var entry in tail)
            {
                entry.Actor = "someone-else";
                entry.PreviousHash = previous;
                entry.Hash = key.Seal(entry);
                previous = entry.Hash;
            }
            await db.SaveChangesAsync();
        });
        (await (await city.GetAsync("/api/v1/audit/verify")).ReadJsonAsync()).GetProperty("valid").GetBoolean().ShouldBeTrue();

        (await AnchorOutcomeAsync(province)).ShouldBe("rewritten");
        var command = await Hcard.RunAsync(network.NodeStartInfo("13", "network", "anchors"));
        command.ExitCode.ShouldBe(1, command.Output + command.Error);
        command.Output.ShouldContain("rewritten");
    }

    [Fact]
    public async Task CityImport_ClaimsEveryIdentityNationally_RejectsTheOneHeldElsewhere_AndTravelsUpward()
    {
        var csv = new StringWriter();
        PopulationFiles.WriteCsv(csv, 100, "130105", seed: Random.Shared.Next(1000, 1_000_000));
        var text = csv.ToString();
        var heldElsewhere = text.Split('\n')[1].Split(',')[0];
        (await network["43"].Client().PostJsonAsync("/api/v1/residents", Residents.Valid(heldElsewhere, "430405"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "population.csv");
        form.Add(new StringContent("130105"), "region");
        var city = network["1301"].Client();
        var started = await city.PostAsync("/api/v1/imports", form);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var id = (await started.ReadJsonAsync()).GetProperty("id").GetGuid();
        JsonElement job = default;
        await TestNetwork.EventuallyAsync(async () =>
        {
            job = await (await city.GetAsync($"/api/v1/imports/{id}")).ReadJsonAsync();
            return job.GetProperty("status").GetString() is "completed" or "failed";
        }, TimeSpan.FromSeconds(60), "the import ends");

        job.GetProperty("status").GetString().ShouldBe("completed");
        job.GetProperty("accepted").GetInt32().ShouldBe(99);
        job.GetProperty("rejected").GetInt32().ShouldBe(1);
        var report = await (await city.GetAsync($"/api/v1/imports/{id}/rejections")).Content.ReadAsStringAsync();
        report.ShouldContain("resident.duplicate_national");
        await InSyncAsync("00", "1301");
    }

    [Fact]
    public async Task StatusAndResync_AsTheOperatorsTypeThem()
    {
        var city = network["1301"].Client();
        await IssueAsync(city, (await RegisterAsync(city, "130105")).ResidentId);

        var status = await Hcard.RunAsync(network.NodeStartInfo("13", "network", "status"));
        status.ExitCode.ShouldBe(0, status.Error);
        status.Output.ShouldContain("node:      13");
        status.Output.ShouldContain("up-13");

        // A parent whose copy was damaged (a row deleted by hand) gets it back from the child.
        await InSyncAsync("13", "1301");
        Guid lost = default;
        await network["13"].WithDbAsync(async db =>
        {
            var copy = await db.CardEvents.OrderByDescending(e => e.Id).FirstAsync();
            await db.CardEvents.Where(e => e.CardId == copy.CardId).ExecuteDeleteAsync();
            lost = copy.CardId;
            await db.Cards.Where(c => c.Id == copy.CardId).ExecuteDeleteAsync();
        });
        var broken = await Hcard.RunAsync(network.NodeStartInfo("13", "network", "reconcile", "--child", "1301"));
        broken.ExitCode.ShouldBe(1, broken.Output + broken.Error);
        broken.Output.ShouldContain($"missing here   card [\"{lost}\"]");

        var resync = await Hcard.RunAsync(network.NodeStartInfo("13", "network", "resync", "--child", "1301"));
        resync.ExitCode.ShouldBe(0, resync.Output + resync.Error);
        resync.Output.ShouldContain("queued");
        await InSyncAsync("13", "1301");
        var again = await Hcard.RunAsync(network.NodeStartInfo("13", "network", "resync", "--child", "1301"));
        again.ExitCode.ShouldBe(0, again.Error);
        await InSyncAsync("13", "1301");
    }

    /// <summary>The operators' digest comparison, typed as in the guide, until it reports zero differences.</summary>
    private async Task InSyncAsync(string parent, string child)
    {
        string last = "";
        try
        {
            await TestNetwork.EventuallyAsync(async () =>
            {
                var (code, output, error) = await Hcard.RunAsync(network.NodeStartInfo(parent, "network", "reconcile", "--child", child));
                last = output + error;
                return code == 0 && output.Contains("in sync: 0 differences", StringComparison.Ordinal);
            }, Converges, $"{parent} in sync with {child}");
        }
        catch (Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{parent} not in sync with {child}:\n{last}");
        }
    }

    private async Task<string> CountsAsync(string region)
    {
        var counts = "";
        await network[region].WithDbAsync(async db =>
            counts = $"{await db.Residents.CountAsync()} {await db.Cards.CountAsync()} {await db.CardEvents.CountAsync()} {await db.ResidentRevisions.CountAsync()}");
        return counts;
    }

    private async Task<long> RefusalsAsync(string region)
    {
        long count = 0;
        await network[region].WithDbAsync(async db => count = await db.NetworkRefusals.LongCountAsync());
        return count;
    }

    private static async Task<string?> AnchorOutcomeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/network/anchors");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var checks = await response.ReadJsonAsync();
        return checks.EnumerateArray().Where(c => c.GetProperty("child").GetString() == "1301").Select(c => c.GetProperty("outcome").GetString())
            .FirstOrDefault(o => o != "intact") ?? (checks.GetArrayLength() > 0 ? "intact" : null);
    }

    private async Task<NatsConnection> ConnectAsNodeAsync(string region)
    {
        var seed = (await File.ReadAllTextAsync(network.Credentials(region))).Trim();
        var connection = new NatsConnection(NatsOpts.Default with
        {
            Url = network.NatsUrl,
            AuthOpts = NatsAuthOpts.Default with { NKey = KeyPair.FromSeed(seed).GetPublicKey(), Seed = seed },
            RequestTimeout = TimeSpan.FromSeconds(2),
        });
        await connection.ConnectAsync();
        return connection;
    }
}
