using System.Net.Http.Json;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using HealthCard.App.Persistence;
using HealthCard.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.TestKit;

/// <summary>
/// The real web host over a real database: a fresh SQLite file in a temporary folder, or a fresh PostgreSQL database.
/// Requests go through the full pipeline (authentication, routing, serialization, the use cases, the database).
/// </summary>
public sealed class HealthCardHost : WebApplicationFactory<Program>
{
    /// <summary>The bootstrap admin key: national, every scope.</summary>
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly string _folder;
    private readonly string? _postgresName;
    private readonly string? _connectionString;
    private readonly TimeProvider? _clock;
    private readonly Action<IServiceCollection>? _services;
    private bool _keepData;
    private IReadOnlyDictionary<string, string?> _settings = new Dictionary<string, string?>();

    private HealthCardHost(TestDatabase database, string? postgresName, string? connectionString, TimeProvider? clock,
        Action<IServiceCollection>? services = null, string? folder = null)
    {
        Database = database;
        _postgresName = postgresName;
        _connectionString = connectionString;
        _clock = clock;
        _services = services;
        _folder = folder ?? Directory.CreateTempSubdirectory("healthcard-test-").FullName;
    }

    public TestDatabase Database { get; }

    public string SqliteFile => Path.Combine(_folder, "healthcard.db");

    public string Folder => _folder;

    public static JsonSerializerOptions Json { get; } = CreateJson();

    /// <summary>
    /// Starts the host; with <paramref name="clock"/> (a <c>FakeTimeProvider</c>) every use case runs on that time;
    /// <paramref name="services"/> may replace services after the host's own registrations (for example to count calls).
    /// </summary>
    public static async Task<HealthCardHost> StartAsync(TestDatabase database, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        if (database == TestDatabase.Postgres)
        {
            var name = "hc_test_" + Guid.NewGuid().ToString("N")[..12];
            var host = new HealthCardHost(database, name, await TestDatabases.CreatePostgresAsync(name), clock, services);
            _ = host.Server; // start now, so migrations run before the first request
            return host;
        }
        var sqlite = new HealthCardHost(database, null, null, clock, services);
        _ = sqlite.Server;
        return sqlite;
    }

    /// <summary>
    /// Stops this host and starts a new one on the same database and key file, as a restart of the node (or a second
    /// node of the same platform) would. This host is disposed; use the one returned.
    /// </summary>
    public async Task<HealthCardHost> RestartAsync()
    {
        await StopKeepingDataAsync();
        return StartAgain();
    }

    /// <summary>Stops the node as a crash or an operator would, keeping its database and folder; <see cref="StartAgain"/> brings it back.</summary>
    public async Task StopKeepingDataAsync()
    {
        _keepData = true;
        await DisposeAsync();
    }

    /// <summary>A new host on this stopped node's database, folder and settings.</summary>
    public HealthCardHost StartAgain()
    {
        var next = new HealthCardHost(Database, _postgresName, _connectionString, _clock, _services, _folder) { _nodeId = _nodeId, _settings = _settings };
        _ = next.Server;
        return next;
    }

    /// <summary>
    /// A node of a network: a PostgreSQL database named <paramref name="databaseName"/> (created here), its files in
    /// <paramref name="folder"/> (where its key file may already have been installed), and extra configuration such as
    /// <c>HealthCard:Network:Region</c>. Its database is dropped when it is disposed, unless it was stopped to be restarted.
    /// </summary>
    public static async Task<HealthCardHost> StartNodeAsync(string databaseName, string folder, IReadOnlyDictionary<string, string?> settings)
    {
        var connection = await TestDatabases.CreatePostgresAsync(databaseName);
        var host = new HealthCardHost(TestDatabase.Postgres, databaseName, connection, null, null, folder) { _nodeId = "node-" + databaseName, _settings = settings };
        _ = host.Server;
        return host;
    }

    /// <summary>The connection string of this host's PostgreSQL database (for the command line run against the same node).</summary>
    public string? ConnectionString => _connectionString;

    /// <summary>A second node on the same database and key file, running beside this one (its own audit chain name).</summary>
    public HealthCardHost SecondNode()
    {
        var next = new HealthCardHost(Database, _postgresName, _connectionString, _clock, _services, _folder) { _nodeId = "test-node-2", _keepData = true };
        _ = next.Server;
        return next;
    }

    private string _nodeId = "test-node";

    /// <summary>
    /// The same host listening on a real loopback port (Kestrel), for a real browser. Returns the host and its address.
    /// </summary>
    public static async Task<(HealthCardHost Host, Uri Address)> StartListeningAsync(TestDatabase database)
    {
        HealthCardHost host;
        if (database == TestDatabase.Postgres)
        {
            var name = "hc_test_" + Guid.NewGuid().ToString("N")[..12];
            host = new HealthCardHost(database, name, await TestDatabases.CreatePostgresAsync(name), null);
        }
        else
        {
            host = new HealthCardHost(database, null, null, null);
        }
        host.UseKestrel(0);
        host.StartServer();
        var addresses = host.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        return (host, new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        // The console's scripts and styles come from packages (MudBlazor): serve them from the build output as in development.
        builder.UseStaticWebAssets();
        builder.UseSetting("HealthCard:Demo:Enabled", "false");
        builder.UseSetting("HealthCard:NodeId", _nodeId);
        builder.UseSetting("HealthCard:Bootstrap:AdminApiKey", AdminKey);
        builder.UseSetting("HealthCard:RateLimit:PermitsPerSecond", "100000");
        builder.UseSetting("HealthCard:DataProtection:KeyFile", Path.Combine(_folder, "healthcard.keys"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        }
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
        if (Database == TestDatabase.Postgres)
        {
            builder.UseSetting("HealthCard:Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:HealthCard", _connectionString);
        }
        else
        {
            builder.UseSetting("HealthCard:Database:Provider", "Sqlite");
            builder.UseSetting("HealthCard:Database:SqlitePath", SqliteFile);
        }
    }

    /// <summary>An HTTP client that sends <paramref name="apiKey"/> (none when null).</summary>
    public HttpClient Client(string? apiKey = AdminKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        return client;
    }

    /// <summary>Creates an API key through the real use case and returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string name, string region, params string[] scopes)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CreateApiKey>()
            .ExecuteAsync(Caller.System, name, region, scopes, secret: null, CancellationToken.None);
        return result.Value.Secret;
    }

    /// <summary>Creates an API key bound to an institution (its checks and card-use events are that institution's) and returns its secret.</summary>
    public async Task<string> CreateInstitutionKeyAsync(string name, string region, string institution, params string[] scopes)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CreateApiKey>()
            .ExecuteAsync(Caller.System, name, region, scopes, secret: null, institution, CancellationToken.None);
        return result.IsSuccess ? result.Value.Secret : throw new InvalidOperationException($"The key was refused: {result.Error!.Code}.");
    }

    /// <summary>Runs <paramref name="action"/> against the host's own database context (for tampering and inspection).</summary>
    public async Task WithDbAsync(Func<HealthCardDb, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<HealthCardDb>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_keepData)
        {
            return; // a restart (or a second node) goes on with the same database and folder
        }
        if (_postgresName is not null)
        {
            await TestDatabases.DropPostgresAsync(_postgresName);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on this platform; the temporary folder is reclaimed by the OS.
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        HealthCardWeb.Configure(options);
        return options;
    }
}

/// <summary>JSON helpers that use the API's own conventions.</summary>
public static class HttpJson
{
    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, HealthCardHost.Json);

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(HealthCardHost.Json))!;

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(HealthCardHost.Json);
}
