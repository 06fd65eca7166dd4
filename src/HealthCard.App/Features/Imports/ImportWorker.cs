using System.Data.Common;
using System.Threading.Channels;
using HealthCard.App.Audit;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthCard.App.Features.Imports;

/// <summary>
/// Uploaded files, kept in the database (so that any restart, or a node sharing the database, finds them) in 1 MiB
/// segments, each encrypted like personal data, since an import file is nothing but personal data. Dropped when the job
/// completes. Singleton.
/// </summary>
public sealed class ImportFileStore(DatabaseSettings database, PersonalDataProtector protector, IServiceScopeFactory scopes)
{
    public const int SegmentSize = 1 << 20;

    private DatabaseSettings Database => database;

    private PersonalDataProtector Protector => protector;

    public async Task SaveAsync(Guid jobId, Stream file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
        var buffer = new byte[SegmentSize];
        for (var index = 0; ; index++)
        {
            var filled = await file.ReadAtLeastAsync(buffer, SegmentSize, throwOnEndOfStream: false, cancellationToken);
            if (filled == 0)
            {
                break;
            }
            db.Set<ImportFileSegment>().Add(new ImportFileSegment
            {
                JobId = jobId,
                Index = index,
                Cipher = protector.ProtectBytes(buffer.AsSpan(0, filled), Context(jobId, index)),
            });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        Array.Clear(buffer);
    }

    public async Task DeleteAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HealthCardDb>().Set<ImportFileSegment>()
            .Where(s => s.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// The stored file as a seekable stream (an XLSX archive is read from its end), one segment in memory at a time.
    /// Every segment but the last holds exactly <see cref="SegmentSize"/> bytes.
    /// </summary>
    public Stream OpenRead(Guid jobId) => new SegmentStream(this, jobId);

    private static string Context(Guid jobId, int index) => $"import/{jobId:N}/file/{index}";

    /// <summary>Reads segments on its own connection: the reader runs beside the job's writer and the EF context.</summary>
    private sealed class SegmentStream(ImportFileStore store, Guid jobId) : Stream
    {
        private DbConnection? _connection;
        private DbCommand? _select;
        private DbCommand? _count;
        private byte[] _segment = [];
        private int _loaded = -1;
        private long _position;
        private long? _length;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.Length == 0 || _position >= Length)
            {
                return 0;
            }
            var index = (int)(_position / SegmentSize);
            if (index != _loaded && !Load(index))
            {
                return 0;
            }
            var offset = (int)(_position % SegmentSize);
            var take = Math.Min(buffer.Length, _segment.Length - offset);
            if (take <= 0)
            {
                return 0;
            }
            _segment.AsSpan(offset, take).CopyTo(buffer);
            _position += take;
            return take;
        }

        public override long Length => _length ??= MeasureLength();

        /// <summary>Full segments times their size, plus the last segment's length.</summary>
        private long MeasureLength()
        {
            Connect();
            var segments = Convert.ToInt32(_count!.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (segments == 0 || !Load(segments - 1))
            {
                return 0;
            }
            return (long)(segments - 1) * SegmentSize + _segment.Length;
        }

        private void Connect()
        {
            if (_connection is not null)
            {
                return;
            }
            _connection = store.Database.CreateConnection();
            _connection.Open();
            _select = Command("""SELECT "Cipher" FROM "ImportFileSegments" WHERE "JobId" = @job AND "Index" = @index""", withIndex: true);
            _count = Command("""SELECT COUNT(*) FROM "ImportFileSegments" WHERE "JobId" = @job""", withIndex: false);
        }

        private DbCommand Command(string sql, bool withIndex)
        {
            var command = _connection!.CreateCommand();
            command.CommandText = sql;
            var job = command.CreateParameter();
            job.ParameterName = "@job";
            // The GUID as each provider stores it (SQLite: upper-case text, as EF Core writes it).
            job.Value = store.Database.IsPostgres ? jobId : jobId.ToString().ToUpperInvariant();
            command.Parameters.Add(job);
            if (withIndex)
            {
                var index = command.CreateParameter();
                index.ParameterName = "@index";
                command.Parameters.Add(index);
            }
            return command;
        }

        private bool Load(int index)
        {
            Connect();
            _select!.Parameters[1].Value = index;
            if (_select.ExecuteScalar() is not byte[] cipher)
            {
                return false;
            }
            Array.Clear(_segment);
            _segment = store.Protector.UnprotectBytes(cipher, Context(jobId, index));
            _loaded = index;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Array.Clear(_segment);
                _select?.Dispose();
                _count?.Dispose();
                _connection?.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };

        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Jobs waiting for this node's worker, and the one it runs (so that a cancel stops it at once). Singleton.</summary>
public sealed class PendingImports
{
    private readonly Channel<Guid> _jobs = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    public void Enqueue(Guid jobId) => _jobs.Writer.TryWrite(jobId);

    internal ChannelReader<Guid> Reader => _jobs.Reader;

    internal void Running(Guid jobId, CancellationTokenSource stop) => _running[jobId] = stop;

    internal void Ended(Guid jobId) => _running.TryRemove(jobId, out _);

    /// <summary>Stops the job if this node is running it; the job's status (cancelled) is already committed.</summary>
    internal void Cancel(Guid jobId)
    {
        if (_running.TryGetValue(jobId, out var stop))
        {
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It ended meanwhile.
            }
        }
    }
}

/// <summary>
/// Runs uploaded imports one at a time (each already uses every core). At start-up it sweeps upload segments whose job
/// was never created, and picks up this node's queued and interrupted jobs, which resume from their checkpoints. A job
/// that stopped <see cref="ImportErrors.MaxAttempts"/> times without progress is failed by the runner instead of resumed
/// (ADR 018), so a file that crashes the process cannot crash it again at every start.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, PendingImports queue, ImportFileStore files, AuditChainHead head,
    ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped: the jobs keep their checkpoints.
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HealthCardDb>();
            var jobs = db.Set<ImportJob>();
            await db.Set<ImportFileSegment>().Where(s => !jobs.Any(j => j.Id == s.JobId)).ExecuteDeleteAsync(stoppingToken);
            var unfinished = await jobs.AsNoTracking()
                .Where(j => j.FileStored && j.Node == head.Node && (j.Status == ImportStatus.Queued || j.Status == ImportStatus.Running))
                .OrderBy(j => j.CreatedAt).Select(j => j.Id).ToListAsync(stoppingToken);
            foreach (var id in unfinished)
            {
                queue.Enqueue(id);
            }
        }
        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            queue.Running(id, stop);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ImportRunner>()
                    .RunAsync(id, () => files.OpenRead(id), ImportRunner.DefaultChunkSize, progress: null, stop.Token);
                if (!result.IsSuccess)
                {
                    logger.LogWarning("Import {JobId} did not run: {Code}", id, result.Error!.Code);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                logger.LogInformation("Import {JobId} was cancelled.", id);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The job keeps its checkpoint and status; the next start resumes it, up to its attempts.
                logger.LogError(e, "Import {JobId} stopped; the next start resumes it from its checkpoint (attempts are counted).", id);
            }
            finally
            {
                queue.Ended(id);
            }
        }
    }
}
