using System.Buffers.Binary;
using System.Net;
using System.Text;
using HealthCard.App.Audit;
using HealthCard.Crypto.Sm3;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Security;

/// <summary>
/// Issue 14, finding 8 (chain part): a database administrator edited and deleted entries and recomputed every later
/// hash; after a restart, verification said valid. The chain is now keyed with a key outside the database, signed
/// checkpoints record its length, and start-up verifies from the last checkpoint.
/// </summary>
public sealed class AuditChainAttackTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task AnEditedEntry_WithEveryLaterHashRecomputed_IsReportedBroken_AlsoAfterARestart(TestDatabase database)
    {
        var host = await Hosts.StartAsync(database);
        try
        {
            var client = host.Client();
            for (var i = 0; i < 4; i++)
            {
                await CardApiTests.RegisterAsync(client);
            }
            long edited = 0;
            await host.WithDbAsync(async db =>
            {
                // The attack: change one entry, then recompute its hash and every later one as the chain is documented
                // (SM3 over the previous hash and the length-prefixed fields), and write them back.
                var entries = await db.AuditEntries.Where(a => a.Node == "test-node").OrderBy(a => a.Sequence).ToListAsync();
                edited = entries[1].Sequence;
                entries[1].Actor = "mallory";
                for (var i = 1; i < entries.Count; i++)
                {
                    entries[i].PreviousHash = entries[i - 1].Hash;
                    entries[i].Hash = PlainHash(entries[i]);
                }
                await db.SaveChangesAsync();
            });

            var verify = await (await client.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
            verify.GetProperty("valid").GetBoolean().ShouldBeFalse();
            verify.GetProperty("firstBroken").GetProperty("sequence").GetInt64().ShouldBe(edited);

            host = await host.RestartAsync();
            client = host.Client();
            var afterRestart = await (await client.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
            afterRestart.GetProperty("valid").GetBoolean().ShouldBeFalse();
            afterRestart.GetProperty("firstBroken").GetProperty("sequence").GetInt64().ShouldBe(edited);
            var health = await client.GetAsync("/healthz");
            health.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await health.Content.ReadAsStringAsync()).ShouldBe("Degraded");
            host.Services.GetRequiredService<AuditChainStatus>().Last!.Verification.FirstBroken.ShouldNotBeNull().Sequence.ShouldBe(edited);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheNewestEntries_DeletedAfterACheckpoint_AreReportedBroken_AtTheNextStart()
    {
        var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        try
        {
            var client = host.Client();
            for (var i = 0; i < 3; i++)
            {
                await CardApiTests.RegisterAsync(client);
            }
            // The periodic check signs a checkpoint at the chain's head.
            await using (var scope = host.Services.CreateAsyncScope())
            {
                (await scope.ServiceProvider.GetRequiredService<AuditChainCheck>().RunAsync(CancellationToken.None)).Valid.ShouldBeTrue();
            }
            (await (await client.GetAsync("/healthz")).Content.ReadAsStringAsync()).ShouldBe("Healthy");
            await host.WithDbAsync(async db =>
            {
                var last = await db.AuditEntries.MaxAsync(a => a.Sequence);
                await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" >= {last - 1}");
            });

            host = await host.RestartAsync();

            var status = host.Services.GetRequiredService<AuditChainStatus>().Last.ShouldNotBeNull();
            status.Verification.Valid.ShouldBeFalse();
            status.Verification.FirstBroken!.Problem.ShouldContain("deleted");
            (await (await host.Client().GetAsync("/healthz")).Content.ReadAsStringAsync()).ShouldBe("Degraded");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task AForgedCheckpoint_IsReportedBroken()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        await CardApiTests.RegisterAsync(host.Client());
        await host.WithDbAsync(async db =>
        {
            var head = await db.AuditEntries.OrderByDescending(a => a.Sequence).FirstAsync();
            db.AuditCheckpoints.Add(new AuditCheckpoint
            {
                Node = head.Node, Sequence = head.Sequence + 5, Hash = head.Hash, CreatedAt = DateTimeOffset.UtcNow, Mac = new byte[32],
            });
            await db.SaveChangesAsync();
        });

        var verify = await (await host.Client().GetAsync("/api/v1/audit/verify")).ReadJsonAsync();

        verify.GetProperty("valid").GetBoolean().ShouldBeFalse();
        verify.GetProperty("firstBroken").GetProperty("problem").GetString()!.ShouldContain("checkpoint");
    }

    /// <summary>The chain as documented before it was keyed: what an attacker with the database can compute.</summary>
    private static byte[] PlainHash(AuditEntry e)
    {
        using var buffer = new MemoryStream();
        buffer.Write(e.PreviousHash);
        Field(buffer, e.Node);
        Number(buffer, e.Sequence);
        Number(buffer, e.OccurredAt.UtcTicks);
        foreach (var field in new[] { e.Actor, e.Channel, e.Action, e.TargetType, e.TargetId, e.RegionCode, e.Outcome, e.Details })
        {
            Field(buffer, field);
        }
        return Sm3Hash.Hash(buffer.ToArray());

        static void Field(MemoryStream buffer, string? value)
        {
            if (value is null)
            {
                Number(buffer, -1);
                return;
            }
            var bytes = Encoding.UTF8.GetBytes(value);
            Number(buffer, bytes.Length);
            buffer.Write(bytes);
        }

        static void Number(MemoryStream buffer, long value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            buffer.Write(bytes);
        }
    }
}
