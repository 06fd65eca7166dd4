using System.Threading.Channels;

namespace HealthCard.App.Features.Usage;

/// <summary>
/// Records the online check's card-use events with group commit: concurrent checks queue their events, one writer
/// appends whatever has gathered in a single transaction, and each check's answer waits for the commit that holds its
/// event. Every check is thus durably recorded before it is answered, at the cost of one commit per group rather than
/// per check (ADR 010). Singleton.
/// </summary>
public sealed class UsageRecorder : IAsyncDisposable
{
    private const int MaxGroup = 1000;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(50_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly UsageWriter _writer;
    private readonly Task _loop;

    public UsageRecorder(UsageWriter writer)
    {
        _writer = writer;
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Completes when the event is committed; faults when the commit failed.</summary>
    public async Task RecordAsync(UsageEvent usage, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Pending(usage, done), cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<Pending>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
            }
            try
            {
                await _writer.AppendAsync(group.ConvertAll(p => p.Event), CancellationToken.None);
                group.ForEach(p => p.Done.TrySetResult());
            }
#pragma warning disable CA1031 // The failure belongs to the waiting checks, which rethrow it; the loop must survive.
            catch (Exception e)
#pragma warning restore CA1031
            {
                group.ForEach(p => p.Done.TrySetException(e));
            }
            group.Clear();
        }
    }

    private sealed record Pending(UsageEvent Event, TaskCompletionSource Done);
}
