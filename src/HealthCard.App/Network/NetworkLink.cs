using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.NKeys;

namespace HealthCard.App.Network;

/// <summary>
/// The node's connection to the network's NATS server: one connection per process, reconnecting by itself, and the
/// JetStream context on it. Only created when a network is configured. Singleton.
/// </summary>
public sealed class NetworkLink : IAsyncDisposable
{
    private readonly SemaphoreSlim _streamReady = new(1, 1);
    private bool _streamExists;

    public NetworkLink(NetworkNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Node = node;
        var auth = NatsAuthOpts.Default;
        if (node.Options.Credentials is { Length: > 0 } file)
        {
            // The seed file holds one NKey seed (hcard network credentials); the public key is derived from it.
            var seed = File.ReadAllText(file).Trim();
            auth = auth with { NKey = KeyPair.FromSeed(seed).GetPublicKey(), Seed = seed };
        }
        Connection = new NatsConnection(NatsOpts.Default with
        {
            Url = node.Options.Nats!,
            Name = "healthcard-" + node.Region,
            AuthOpts = auth,
            // Reconnect forever: a node outlives NATS restarts, and its outbox keeps what it could not send meanwhile.
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(200),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            RequestTimeout = node.Options.RequestTimeout,
        });
        JetStream = new NatsJSContext(Connection);
    }

    public NetworkNode Node { get; }

    public NatsConnection Connection { get; }

    public NatsJSContext JetStream { get; }

    /// <summary>
    /// Makes sure the change stream exists: file storage, a de-duplication window long enough for a relay's retries, and
    /// every change kept 30 days, long enough for a tier to be down over a holiday and catch up without a resync.
    /// </summary>
    public async Task EnsureStreamAsync(CancellationToken cancellationToken)
    {
        if (_streamExists)
        {
            return;
        }
        await _streamReady.WaitAsync(cancellationToken);
        try
        {
            if (_streamExists)
            {
                return;
            }
            try
            {
                await JetStream.GetStreamAsync(NetworkSubjects.ChangeStream, cancellationToken: cancellationToken);
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                await JetStream.CreateStreamAsync(new StreamConfig(NetworkSubjects.ChangeStream, [NetworkSubjects.AllChanges])
                {
                    Storage = StreamConfigStorage.File,
                    DuplicateWindow = TimeSpan.FromMinutes(10),
                    MaxAge = TimeSpan.FromDays(30),
                    DenyDelete = true,
                }, cancellationToken);
            }
            _streamExists = true;
        }
        finally
        {
            _streamReady.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _streamReady.Dispose();
    }
}
