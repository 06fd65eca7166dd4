using System.Text;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.Web.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task DatabaseFiles_HoldNoPlainIdNumberPhoneOrAddress()
    {
        var draft = Residents.Valid();
        string folder;
        await using (var host = await Hosts.StartAsync(TestDatabase.Sqlite))
        {
            var client = host.Client();
            var id = (await (await client.PostJsonAsync("/api/v1/residents", draft)).ReadJsonAsync()).GetProperty("id").GetGuid();
            await CardApiTests.IssueAsync(client, id);
            await client.PostAsync($"/api/v1/cards/{draft.IdNumber}/report-loss", ResidentApiTests.Json(new { reason = "测试" }));
            await client.GetAsync($"/api/v1/residents?idNumber={draft.IdNumber}");
            folder = host.Folder;
            // Read the files while the host still runs: the WAL file holds the newest pages.
            var bytes = ReadDatabaseFiles(folder);
            bytes.Length.ShouldBeGreaterThan(10_000);

            foreach (var secret in new[] { draft.IdNumber!, draft.IdNumber![..17], Residents.Phone, Residents.AddressText, "13800000000", "6222020200112345679" })
            {
                Contains(bytes, Encoding.UTF8.GetBytes(secret)).ShouldBeFalse($"'{secret}' appears in clear in the database files");
            }
            // The check itself must be able to fail: the resident's name is stored in clear on purpose.
            Contains(bytes, Encoding.UTF8.GetBytes("测试居民")).ShouldBeTrue();
        }
    }

    /// <summary>
    /// The database file with its WAL and shared-memory files. SQLite deletes the WAL when it checkpoints it into the main
    /// file (as the last connection closes), so a file listed may be gone a moment later: then all are read again.
    /// </summary>
    private static byte[] ReadDatabaseFiles(string folder)
    {
        for (var attempt = 0; ; attempt++)
        {
            var files = Directory.GetFiles(folder, "healthcard.db*");
            files.ShouldContain(f => f.EndsWith("healthcard.db", StringComparison.Ordinal));
            try
            {
                return files.SelectMany(File.ReadAllBytes).ToArray();
            }
            catch (FileNotFoundException) when (attempt < 3)
            {
            }
        }
    }

    [Fact]
    public void Model_HasNoPendingChanges_ForEitherMigrationSet()
    {
        using var sqlite = new SqliteHealthCardDb(new DbContextOptionsBuilder<SqliteHealthCardDb>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgresHealthCardDb(new DbContextOptionsBuilder<PostgresHealthCardDb>().UseNpgsql("Host=localhost").Options);

        sqlite.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context SqliteHealthCardDb");
        postgres.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context PostgresHealthCardDb");
    }

    /// <summary>
    /// Below the API (which serialises writers per node), the database itself refuses a second current card for a
    /// resident: two contexts insert at once and the unique index rejects one.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task UniqueIndex_RejectsASecondCurrentCard_EvenWithoutTheApi(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var (residentId, _) = await CardApiTests.RegisterAsync(host.Client());
        var at = DateTimeOffset.UtcNow;

        async Task<string?> InsertAsync(string serial)
        {
            string? violated = null;
            await host.WithDbAsync(async db =>
            {
                db.Cards.Add(Card.Create(new NewCard(residentId, serial, null, "1", "130100", "130102", DateOnly.FromDateTime(at.Date), DateOnly.FromDateTime(at.Date).AddYears(10),
                    IssuanceMode.Batch, null, null), new TransitionContext("test", Channel.System, at)));
                try
                {
                    await db.SaveChangesAsync();
                }
                catch (DbUpdateException e)
                {
                    violated = UniqueViolation.IndexOf(e, db);
                }
            });
            return violated;
        }

        var results = await Task.WhenAll(InsertAsync("9900000001"), InsertAsync("9900000002"));

        results.Count(r => r is null).ShouldBe(1);
        results.Count(r => r == HealthCardDb.OneCurrentCardIndex).ShouldBe(1);
        (await InsertAsync("9900000001")).ShouldBeOneOf(HealthCardDb.SerialIndex, HealthCardDb.OneCurrentCardIndex);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
