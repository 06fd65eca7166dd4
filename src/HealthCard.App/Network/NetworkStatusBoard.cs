using System.Collections.Concurrent;

namespace HealthCard.App.Network;

/// <summary>
/// What this process saw of its links since it started (the relay's last send, each consumer's last apply and its
/// errors). The durable facts (outbox backlog, consumers' pending counts) are read from the database and JetStream by
/// <see cref="Features.Network.GetNetworkStatus"/>. Singleton.
/// </summary>
public sealed class NetworkStatusBoard(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, LinkActivity> _consumers = new();
    private long _sent;
    private DateTimeOffset? _lastSentAt;
    private DateTimeOffset? _lastSentChangeAt;
    private string? _relayError;

    public long SentCount => Interlocked.Read(ref _sent);

    public DateTimeOffset? LastSentAt => _lastSentAt;

    /// <summary>When the last change the relay delivered was committed.</summary>
    public DateTimeOffset? LastSentChangeAt => _lastSentChangeAt;

    public string? RelayError => _relayError;

    public IReadOnlyDictionary<string, LinkActivity> Consumers => _consumers;

    internal void Sent(int count, DateTimeOffset lastCommittedAt)
    {
        Interlocked.Add(ref _sent, count);
        _lastSentAt = clock.GetUtcNow();
        _lastSentChangeAt = lastCommittedAt;
    }

    internal void RelayOk() => _relayError = null;

    internal void RelayFailed(string reason) => _relayError = reason;

    internal void Applied(string consumer, int count, DateTimeOffset? publishedAt) =>
        _consumers.AddOrUpdate(consumer, _ => new LinkActivity(count, 0, clock.GetUtcNow(), publishedAt, null),
            (_, a) => a with { Applied = a.Applied + count, LastAppliedAt = clock.GetUtcNow(), LastChangeAt = publishedAt ?? a.LastChangeAt, Error = null });

    internal void Failed(string consumer, string reason) =>
        _consumers.AddOrUpdate(consumer, _ => new LinkActivity(0, 1, null, null, reason),
            (_, a) => a with { Errors = a.Errors + 1, Error = reason });
}

/// <summary>One consumer's activity: changes applied, errors, when it last applied, the last change's time, the last error.</summary>
public sealed record LinkActivity(long Applied, long Errors, DateTimeOffset? LastAppliedAt, DateTimeOffset? LastChangeAt, string? Error);
