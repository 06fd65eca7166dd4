using System.Security.Cryptography;
using System.Text;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Sm3;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Security;

/// <summary>
/// How failures of one kind slow down further attempts: the <see cref="FreeFailures"/>-th failure blocks the key for
/// <see cref="FirstDelay"/>, and each further one doubles the delay up to <see cref="MaxDelay"/> (exponential back-off,
/// never a permanent lock). A key forgets its failures <see cref="ForgetAfter"/> after the last one (longer than <see cref="MaxDelay"/>, so
/// that waiting out a block does not restore the free attempts).
/// </summary>
public sealed record ThrottlePolicy(string Name, int FreeFailures, TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan ForgetAfter)
{
    /// <summary>How long the key is blocked after its <paramref name="failures"/>-th failure.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        if (failures < FreeFailures)
        {
            return TimeSpan.Zero;
        }
        var delay = FirstDelay;
        for (var doubling = FreeFailures; doubling < failures && delay < MaxDelay; doubling++)
        {
            delay += delay;
        }
        return delay < MaxDelay ? delay : MaxDelay;
    }
}

/// <summary>What is being throttled: a policy and a subject (a card's blind index, an account, a source address…).</summary>
public readonly record struct ThrottleKey(ThrottlePolicy Policy, string Subject);

/// <summary>A key's state after a failure. <see cref="First"/>: the first failure of its window (worth an audit entry);
/// <see cref="BlockStarted"/>: this failure started the back-off (worth another).</summary>
public sealed record ThrottleState(ThrottleKey Key, int Failures, DateTimeOffset? BlockedUntil, bool First, bool BlockStarted);

/// <summary>
/// Failure counters with exponential back-off, shared by every node through the database (table <c>AttemptCounters</c>),
/// for sign-in, the portal's proof of holding a card and password changes (docs/adr/019-sign-in-portal-and-audit-hardening.md).
/// Keys are stored only as HMAC-SM3 digests under a derived key, so the table holds no card number or address. The
/// counters are bookkeeping, not registry changes: they are written outside the audit gate, in their own context, so
/// that a flood of failures neither waits for nor floods the audit chain. Singleton.
/// </summary>
public sealed class AttemptThrottle(IServiceScopeFactory scopes, TimeProvider clock, DataKeys keys) : IDisposable
{
    private readonly byte[] _key = keys.Derive(DerivedKeys.AttemptThrottle);
    private long _writes;

    /// <summary>The latest time until which any of <paramref name="throttleKeys"/> is blocked, or null when none is.</summary>
    public async Task<DateTimeOffset?> BlockedUntilAsync(IReadOnlyCollection<ThrottleKey> throttleKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(throttleKeys);
        var digests = throttleKeys.Select(Digest).ToList();
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
        var blocks = await db.AttemptCounters.AsNoTracking().Where(c => digests.Contains(c.Key) && c.BlockedUntil != null)
            .Select(c => c.BlockedUntil).ToListAsync(cancellationToken);
        var latest = blocks.Where(b => b > now).DefaultIfEmpty().Max();
        return latest;
    }

    /// <summary>Counts one failure against each key; answers each key's new state, in order.</summary>
    public async Task<IReadOnlyList<ThrottleState>> FailAsync(IReadOnlyList<ThrottleKey> throttleKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(throttleKeys);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
            var now = clock.GetUtcNow();
            var digests = throttleKeys.Select(Digest).ToList();
            var rows = await db.AttemptCounters.Where(c => digests.Contains(c.Key)).ToDictionaryAsync(c => c.Key, StringComparer.Ordinal, cancellationToken);
            var states = new List<ThrottleState>(throttleKeys.Count);
            for (var i = 0; i < throttleKeys.Count; i++)
            {
                var key = throttleKeys[i];
                if (!rows.TryGetValue(digests[i], out var row))
                {
                    row = new AttemptCounter { Key = digests[i], Policy = key.Policy.Name, FirstFailureAt = now };
                    db.AttemptCounters.Add(row);
                    rows[digests[i]] = row;
                }
                else if (row.LastFailureAt + key.Policy.ForgetAfter <= now)
                {
                    // Quiet for long enough: a new window.
                    row.Failures = 0;
                    row.FirstFailureAt = now;
                    row.BlockedUntil = null;
                }
                row.Failures++;
                row.LastFailureAt = now;
                var delay = key.Policy.DelayAfter(row.Failures);
                row.BlockedUntil = delay > TimeSpan.Zero ? now + delay : null;
                row.Version++;
                states.Add(new ThrottleState(key, row.Failures, row.BlockedUntil, row.Failures == 1, row.Failures == key.Policy.FreeFailures));
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another node counted the same key first (a new row or a newer version): count again on fresh rows.
                continue;
            }
            if (Interlocked.Increment(ref _writes) % 512 == 0)
            {
                await ForgetStaleAsync(db, now, cancellationToken);
            }
            return states;
        }
    }

    /// <summary>A success: these keys start from nothing again.</summary>
    public async Task ResetAsync(IReadOnlyCollection<ThrottleKey> throttleKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(throttleKeys);
        var digests = throttleKeys.Select(Digest).ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
        await db.AttemptCounters.Where(c => digests.Contains(c.Key)).ExecuteDeleteAsync(cancellationToken);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    /// <summary>Counters quiet for longer than any policy remembers (30 days) are dropped now and then.</summary>
    private static Task<int> ForgetStaleAsync(HealthCardDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - TimeSpan.FromDays(31);
        return db.AttemptCounters.Where(c => c.LastFailureAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private string Digest(ThrottleKey key)
    {
        var mac = new byte[Sm3Hash.Size];
        Sm3Hash.Hmac(_key, Encoding.UTF8.GetBytes(key.Policy.Name + "\n" + key.Subject), mac);
        return Convert.ToHexString(mac);
    }
}

/// <summary>One throttled key's failures (<see cref="AttemptThrottle"/>). The key is a digest; nothing here names a person.</summary>
public sealed class AttemptCounter
{
    public string Key { get; set; } = "";
    public string Policy { get; set; } = "";
    public int Failures { get; set; }
    public DateTimeOffset FirstFailureAt { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
    public DateTimeOffset? BlockedUntil { get; set; }

    /// <summary>Optimistic concurrency: two nodes counting one key cannot both win.</summary>
    public int Version { get; set; }
}

/// <summary>
/// The ASP.NET Core Data Protection key ring (cookies, antiforgery), kept in the database so that every node behind a
/// load balancer shares it. Each element is encrypted (SM4-GCM under a key derived from the data keys) before it is
/// stored: the database alone does not open a session cookie.
/// </summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string Xml { get; set; } = "";
}

internal sealed class AttemptCounterConfiguration : IEntityTypeConfiguration<AttemptCounter>
{
    public void Configure(EntityTypeBuilder<AttemptCounter> builder)
    {
        builder.ToTable("AttemptCounters");
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(64);
        builder.Property(c => c.Policy).HasMaxLength(32);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.LastFailureAt);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("DataProtectionKeys");
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}
