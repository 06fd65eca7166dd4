using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HealthCard.Cli.Tests;
using HealthCard.TestKit;

namespace HealthCard.Network.Tests;

/// <summary>
/// A real network on one machine, joined with the operators' own commands in the user guide's order: each node makes its
/// credentials (<c>hcard network credentials</c>), national writes the NATS configuration (<c>hcard network nats-config</c>)
/// and runs <c>nats-server -c</c> on it, national exports the network's data keys and every other node imports them before
/// its first start (<c>hcard network keys export|import</c>); then each node's web host starts on its own PostgreSQL
/// database with <c>HealthCard:Network:Region</c>, <c>:Nats</c> and <c>:Credentials</c>. Nodes: national, province 13,
/// city 1301 and province 43.
/// </summary>
public sealed class TestNetwork : IAsyncLifetime
{
    public const string TransferKey = "00112233445566778899AABBCCDDEEFF";
    public static readonly string[] Regions = ["00", "13", "1301", "43"];

    private readonly Dictionary<string, HealthCardHost> _nodes = [];
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private Process? _nats;

    public string Folder { get; } = Directory.CreateTempSubdirectory("healthcard-network-").FullName;

    public int NatsPort { get; private set; }

    public string NatsUrl => $"nats://127.0.0.1:{NatsPort}";

    public string NatsConfig => Path.Combine(Folder, "nats.conf");

    public HealthCardHost this[string region] => _nodes[region];

    public string NodeFolder(string region) => Path.Combine(Folder, "node-" + region);

    public string Credentials(string region) => Path.Combine(NodeFolder(region), region + ".nk");

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(TestDatabases.PostgresServer is null, $"The network tests need {TestDatabases.Variable} (set by .ci/run).");
        Assert.SkipWhen(!File.Exists("/usr/sbin/nats-server") && !File.Exists("/usr/bin/nats-server"), "The network tests need nats-server (installed by .ci/run).");
        var publicKeys = new List<string>();
        foreach (var region in Regions)
        {
            Directory.CreateDirectory(NodeFolder(region));
            var (code, output, error) = await Hcard.RunAsync(NodeFolder(region), "network", "credentials", "--region", region, "--out", Credentials(region));
            code.ShouldBe(0, error);
            publicKeys.Add($"{region}={output.Trim()}");
        }
        NatsPort = FreePort();
        var arguments = new List<string> { "network", "nats-config" };
        foreach (var key in publicKeys)
        {
            arguments.AddRange(["--node", key]);
        }
        arguments.AddRange(["--out", NatsConfig, "--store", Path.Combine(Folder, "jetstream"), "--port", NatsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var written = await Hcard.RunAsync(Folder, [.. arguments]);
        written.ExitCode.ShouldBe(0, written.Error);
        StartNats();

        var exported = await Hcard.RunAsync(NodeStartInfo("00", "network", "keys", "export", "--out", Path.Combine(Folder, "network.keys"), "--transfer-key", TransferKey));
        exported.ExitCode.ShouldBe(0, exported.Error);
        foreach (var region in Regions.Skip(1))
        {
            var imported = await Hcard.RunAsync(NodeStartInfo(region, "network", "keys", "import", "--in", Path.Combine(Folder, "network.keys"), "--transfer-key", TransferKey));
            imported.ExitCode.ShouldBe(0, imported.Error);
        }
        foreach (var region in Regions)
        {
            _nodes[region] = await HealthCardHost.StartNodeAsync(DatabaseName(region), NodeFolder(region), Settings(region));
        }
    }

    /// <summary>The configuration that makes a host a node of this network (what the guide sets as environment variables).</summary>
    public IReadOnlyDictionary<string, string?> Settings(string region) => new Dictionary<string, string?>
    {
        ["HealthCard:Network:Region"] = region,
        ["HealthCard:Network:Nats"] = NatsUrl,
        ["HealthCard:Network:Credentials"] = Credentials(region),
        ["HealthCard:Network:AnchorInterval"] = "00:00:01",
    };

    public string DatabaseName(string region) => $"hc_net_{_run}_{region}";

    /// <summary>hcard run as the operator of <paramref name="region"/>'s node: its database, key file and network settings.</summary>
    public ProcessStartInfo NodeStartInfo(string region, params string[] arguments)
    {
        var start = Hcard.StartInfo(NodeFolder(region), arguments);
        start.Environment["HealthCard__Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__HealthCard"] = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabases.PostgresServer) { Database = DatabaseName(region) }.ConnectionString;
        foreach (var (key, value) in Settings(region))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        return start;
    }

    /// <summary>Stops a node as a crash would (its database and folder stay).</summary>
    public Task StopAsync(string region) => _nodes[region].StopKeepingDataAsync();

    /// <summary>Starts a stopped node again on its own database.</summary>
    public void Restart(string region) => _nodes[region] = _nodes[region].StartAgain();

    /// <summary>Stops the NATS server (its JetStream store stays on disk).</summary>
    public async Task StopNatsAsync()
    {
        if (_nats is { HasExited: false })
        {
            _nats.Kill();
            await _nats.WaitForExitAsync();
        }
    }

    public void StartNats()
    {
        var start = new ProcessStartInfo("nats-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", NatsConfig, "-a", "127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }
        _nats = Process.Start(start)!;
        _nats.ErrorDataReceived += (_, _) => { };
        _nats.BeginErrorReadLine();
        _nats.OutputDataReceived += (_, _) => { };
        _nats.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, NatsPort);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException("nats-server did not start.");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="within"/> passes; returns how long it took.</summary>
    public static async Task<TimeSpan> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return watch.Elapsed;
            }
            if (watch.Elapsed > within)
            {
                throw new Xunit.Sdk.XunitException($"Not within {within.TotalSeconds} s: {what}");
            }
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            await node.DisposeAsync();
        }
        await StopNatsAsync();
        _nats?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS reclaims the temporary folder.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
