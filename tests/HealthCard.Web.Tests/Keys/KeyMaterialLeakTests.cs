using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using HealthCard.App.Features.Keys;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Keys;
using HealthCard.TestKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthCard.Web.Tests.Keys;

/// <summary>
/// Key material never appears in clear: every clear key the test can obtain (the KEK rebuilt from the ceremony's shares,
/// every stored key unwrapped, the transport key) is searched for, raw and as hex, in the SQLite files, in every value of
/// every table, and in everything logged at every level while the key operations ran.
/// </summary>
public sealed class KeyMaterialLeakTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task KeyMaterial_NeverAppearsInClear_InTheDatabaseOrTheLogs(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var logs = new RecordingLoggerProvider();
        using var logged = host.WithWebHostBuilder(b => b
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace")
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        var client = logged.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", HealthCardHost.AdminKey);

        await using (var scope = logged.Services.CreateAsyncScope())
        {
            var ceremony = await scope.ServiceProvider.GetRequiredService<KeyCeremony>()
                .InitAsync(App.Common.Caller.System, 3, 2, CancellationToken.None);
            await client.PostAsync("/api/v1/keys/seal", null);
            await client.PostJsonAsync("/api/v1/keys/unseal", new { share = ceremony.Value.Shares[0] });
            await client.PostJsonAsync("/api/v1/keys/unseal", new { share = ceremony.Value.Shares[2] });
            await KeyTestKit.IssueProvinceAsync(logged, logged.Services, "13", "13000000001");
            var components = new[] { KeyTestKit.Component().Component, KeyTestKit.Component().Component };
            await KeyTestKit.RegisterTransportKeyAsync([await KeyTestKit.CustodianAsync(logged, logged.Services, "hb-a", "13"),
                await KeyTestKit.CustodianAsync(logged, logged.Services, "hb-b", "13")], "13", components);
            (await client.PostJsonAsync("/api/v1/keys/export", new { province = "13" })).EnsureSuccessStatusCode();
            (await client.PostJsonAsync("/api/v1/keys/root/rotate", new { reason = "drill" })).EnsureSuccessStatusCode();
            (await client.PostJsonAsync("/api/v1/keys/issuer-13/rotate", new { reason = "drill" })).EnsureSuccessStatusCode();
            (await scope.ServiceProvider.GetRequiredService<ISamKeyLoader>().LoadAsync("1320000001", 2, "13", CancellationToken.None)).IsSuccess.ShouldBeTrue();
            (await scope.ServiceProvider.GetRequiredService<IPlatformSigner>().SignAsync("list"u8.ToArray(), CancellationToken.None)).IsSuccess.ShouldBeTrue();

            // Every clear key there is.
            var secrets = new List<byte[]> { SecretSharing.Combine([SecretShare.Parse(ceremony.Value.Shares[0]), SecretShare.Parse(ceremony.Value.Shares[1])]) };
            secrets.Add(KeyTestKit.TransportKeyOf(components)); // made inside the key service, never seen whole outside it
            var store = scope.ServiceProvider.GetRequiredService<KeyStore>();
            var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
            foreach (var record in await db.Keys.AsNoTracking().ToListAsync())
            {
                secrets.Add(store.Open(record));
            }
            secrets.Count.ShouldBe(2 + 2 + 1 + 15 + 15 + 2 + 1 + 1); // KEK, transport; root ×2, platform, national, provincial, issuer ×2, transport, SAM
            KeyDerivation.CheckValue(secrets[0]).ShouldBe(Convert.FromHexString(ceremony.Value.KekCheckValue)); // it is the real KEK
            secrets.AddRange(components.Select(Convert.FromHexString)); // the custodians' components are forgotten once the key is made

            // Every value of every table.
            var values = await AllValuesAsync(db);
            values.Count.ShouldBeGreaterThan(500);
            foreach (var secret in secrets)
            {
                var hex = Convert.ToHexString(secret);
                foreach (var value in values)
                {
                    switch (value)
                    {
                        case byte[] bytes:
                            Contains(bytes, secret).ShouldBeFalse($"a clear key appears in a binary column");
                            Contains(bytes, Encoding.ASCII.GetBytes(hex)).ShouldBeFalse();
                            break;
                        case string text:
                            text.Contains(hex, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"a clear key appears as hex in a text column");
                            break;
                    }
                }
            }
            // The scan can find what is there: check values are stored in clear on purpose.
            values.OfType<string>().ShouldContain(ceremony.Value.KekCheckValue);

            if (database == TestDatabase.Sqlite)
            {
                var files = Directory.GetFiles(host.Folder, "healthcard.db*").SelectMany(File.ReadAllBytes).ToArray();
                foreach (var secret in secrets)
                {
                    Contains(files, secret).ShouldBeFalse("a clear key appears in the SQLite files");
                    Contains(files, Encoding.ASCII.GetBytes(Convert.ToHexString(secret))).ShouldBeFalse();
                    Contains(files, Encoding.ASCII.GetBytes(Convert.ToHexString(secret).ToLowerInvariant())).ShouldBeFalse();
                }
            }

            var logText = string.Join('\n', logs.Messages);
            logs.Messages.Count.ShouldBeGreaterThan(100); // EF Core, ASP.NET Core and the key service all logged at trace level
            logText.ShouldContain("unsealed");
            foreach (var secret in secrets)
            {
                logText.Contains(Convert.ToHexString(secret), StringComparison.OrdinalIgnoreCase).ShouldBeFalse("a clear key appears in the logs");
            }
            foreach (var share in ceremony.Value.Shares)
            {
                logText.ShouldNotContain(share[4..]);
            }
        }
    }

    /// <summary>Every column value of every table of the model, read with plain SQL (no EF conversion in between).</summary>
    private static async Task<List<object>> AllValuesAsync(HealthCardDb db)
    {
        var values = new List<object>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).Where(t => t is not null).Distinct())
            {
                await using DbCommand command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (!await reader.IsDBNullAsync(i))
                        {
                            var value = reader.GetValue(i);
                            values.Add(value is byte[] ? value : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                        }
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return values;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>Records every log message with its exception, at every level.</summary>
    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Messages.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
