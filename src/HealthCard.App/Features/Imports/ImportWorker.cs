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

    /// <summary>The stored file as a forward-only stream, one segment in memory at a time.</summary>
    public Stream OpenRead(Guid jobId) => new SegmentStream(this, jobId);

    private static string Context(Guid jobId, int index) => $"import/{jobId:N}/file/{index}";

    /// <summary>Reads segments on its own connection: the reader runs beside the job's writer and the EF context.</summary>
    private sealed class SegmentStream(ImportFileStore store, Guid jobId) : Stream
    {
        private DbConnection? _connection;
        private DbCommand? _select;
        private byte[] _segment = [];
        private int _offset;
        private int _next;
        private bool _ended;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_offset == _segment.Length)
            {
                if (_ended || !LoadNext())
                {
                    _ended = true;
                    return 0;
                }
            }
            var take = Math.Min(buffer.Length, _segment.Length - _offset);
            _segment.AsSpan(_offset, take).CopyTo(buffer);
            _offset += take;
            return take;
        }

        private bool LoadNext()
        {
            if (_select is null)
            {
                _connection = store.Database.CreateConnection();
                _connection.Open();
                _select = _connection.CreateCommand();
                _select.CommandText = """SELECT "Cipher" FROM "ImportFileSegments" WHERE "JobId" = @job AND "Index" = @index""";
                var job = _select.CreateParameter();
                job.ParameterName = "@job";
                // The GUID as each provider stores it (SQLite: upper-case text, as EF Core writes it).
                job.Value = store.Database.IsPostgres ? jobId : jobId.ToString().ToUpperInvariant();
                _select.Parameters.Add(job);
                var index = _select.CreateParameter();
                index.ParameterName = "@index";
                _select.Parameters.Add(index);
            }
            _select.Parameters[1].Value = _next;
            if (_select.ExecuteScalar() is not byte[] cipher)
            {
                return false;
            }
            Array.Clear(_segment);
            _segment = store.Protector.UnprotectBytes(cipher, Context(jobId, _next));
            _offset = 0;
            _next++;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Array.Clear(_segment);
                _select?.Dispose();
                _connection?.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Jobs waiting for this node's worker. Singleton.</summary>
public sealed class PendingImports
{
    private readonly Channel<Guid> _jobs = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(Guid jobId) => _jobs.Writer.TryWrite(jobId);

    internal ChannelReader<Guid> Reader => _jobs.Reader;
}

/// <summary>
/// Runs uploaded imports one at a time (each already uses every core). At start-up it sweeps upload segments whose job
/// was never created, and picks up this node's queued and interrupted jobs, which resume from their checkpoints.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, PendingImports queue, ImportFileStore files, AuditChainHead head,
    ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ImportRunner>()
                    .RunAsync(id, () => files.OpenRead(id), ImportRunner.DefaultChunkSize, progress: null, stoppingToken);
                if (!result.IsSuccess)
                {
                    logger.LogWarning("Import {JobId} did not run: {Code}", id, result.Error!.Code);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The job keeps its checkpoint and status, and resumes at the next start.
                logger.LogError(e, "Import {JobId} stopped; it resumes from its checkpoint at the next start.", id);
            }
        }
    }
}
