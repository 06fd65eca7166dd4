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

    private readonly ConcurrentDictionary<string, PropagationWindow> _propagation = new();

    /// <summary>Commit-to-apply times of the last changes each consumer applied (milliseconds).</summary>
    internal void Propagated(string consumer, IEnumerable<double> milliseconds) =>
        _propagation.GetOrAdd(consumer, _ => new PropagationWindow()).Add(milliseconds);

    /// <summary>The p50 and p99 of a consumer's recent commit-to-apply times, or null before any.</summary>
    public (double P50, double P99)? Propagation(string consumer) => _propagation.TryGetValue(consumer, out var window) ? window.Percentiles() : null;

    internal void Applied(string consumer, int count, DateTimeOffset? publishedAt) =>
        _consumers.AddOrUpdate(consumer, _ => new LinkActivity(count, 0, clock.GetUtcNow(), publishedAt, null),
            (_, a) => a with { Applied = a.Applied + count, LastAppliedAt = clock.GetUtcNow(), LastChangeAt = publishedAt ?? a.LastChangeAt, Error = null });

    internal void Failed(string consumer, string reason) =>
        _consumers.AddOrUpdate(consumer, _ => new LinkActivity(0, 1, null, null, reason),
            (_, a) => a with { Errors = a.Errors + 1, Error = reason });
}

/// <summary>One consumer's activity: changes applied, errors, when it last applied, the last change's time, the last error.</summary>
public sealed record LinkActivity(long Applied, long Errors, DateTimeOffset? LastAppliedAt, DateTimeOffset? LastChangeAt, string? Error);

/// <summary>The last 10,000 propagation times of one consumer.</summary>
internal sealed class PropagationWindow
{
    private const int Size = 10_000;
    private readonly double[] _values = new double[Size];
    private long _count;
    private readonly Lock _lock = new();

    public void Add(IEnumerable<double> milliseconds)
    {
        lock (_lock)
        {
            foreach (var value in milliseconds)
            {
                _values[_count++ % Size] = value;
            }
        }
    }

    public (double P50, double P99)? Percentiles()
    {
        double[] sorted;
        lock (_lock)
        {
            if (_count == 0)
            {
                return null;
            }
            sorted = _values[..(int)Math.Min(_count, Size)];
        }
        Array.Sort(sorted);
        return (sorted[(int)(sorted.Length * 0.50)], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]);
    }
}
