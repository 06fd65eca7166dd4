using System.Data.Common;
using System.Text.Json;
using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Statistics;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HealthCard.App.Features.Imports;

/// <summary>How far an import has got, reported after each committed chunk.</summary>
public sealed record ImportProgress(int LastLine, int TotalLines, int Accepted, int Merged, int Rejected);

/// <summary>
/// Runs (or resumes) an import job to the end. The file is streamed once: a reader task parses rows into chunks and
/// validates and encrypts each chunk in parallel; the writer, one chunk behind, removes in-file duplicates (in line
/// order) and commits each chunk with the job's checkpoint in one transaction (<see cref="ImportChunkWriter"/>). On
/// resume, the lines up to the checkpoint are read again only to rebuild the in-file duplicate set (validation and
/// blind index, no encryption, no writes), so the result equals one clean run. At most two chunks are in flight, each
/// bounded in lines and in characters, so memory stays flat whatever the file's size. Finally the job is completed with
/// its audit entry. A file that breaks a limit or cannot be read fails the job with the reason (ADR 018); a job that has
/// stopped <see cref="ImportErrors.MaxAttempts"/> times without progress is failed instead of run again; a cancelled job
/// stops at its next chunk.
/// </summary>
public sealed partial class ImportRunner(HealthCardDb db, AuditTrail audit, AuditChainHead head, ResidentValidator validator, ResidentMapper mapper,
    PersonalDataProtector protector, DatabaseSettings database, StatisticsCompactor compactor, App.Network.NationalRegistry national, App.Network.NetworkNode node,
    ILogger<ImportRunner> logger, TimeProvider clock)
{
    public const int DefaultChunkSize = 10_000;

    public async Task<Result<ImportJobView>> RunAsync(Guid jobId, Func<Stream> open, int chunkSize, IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var job = await db.Set<ImportJob>().AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return ImportErrors.NotFound;
        }
        if (!job.IsActive)
        {
            return ImportJobView.From(job);
        }
        if (job.Attempts >= ImportErrors.MaxAttempts)
        {
            // Each of the last runs stopped (crashed, killed) before committing anything: running it again would too.
            return await FinishAsync(job, ImportStatus.Failed, ImportErrors.AttemptsExhausted, cancellationToken);
        }
        // Counted (committed) before any work: a run that takes the process down is still counted.
        await db.Set<ImportJob>().Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
        try
        {
            return await ProcessAsync(job, open, chunkSize, progress, cancellationToken);
        }
        catch (Exception e) when (ImportFileException.ErrorOf(Unwrap(e)) is { } error)
        {
            logger.LogWarning("Import {JobId} failed: {Code} {Reason}", jobId, error.Code, Describe(error));
            return await FinishAsync(job, ImportStatus.Failed, error, cancellationToken);
        }
        catch (ImportCheckpointMovedException)
        {
            if (await CurrentAsync(jobId, cancellationToken) is { IsActive: false } ended)
            {
                return ImportJobView.From(ended); // cancelled while it ran
            }
            throw;
        }
    }

    private async Task<Result<ImportJobView>> ProcessAsync(ImportJob job, Func<Stream> open, int chunkSize, IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        using var table = ImportTable.Open(open(), job.Format, job.Encoding);
        var columns = ImportColumns.Map(table.Header);
        if (!columns.IsSuccess)
        {
            // A CSV header was checked when the job was created; an XLSX header is first read here (the upload request
            // does not decompress anything).
            return await FinishAsync(job, ImportStatus.Failed, columns.Error, cancellationToken);
        }
        if (job.TotalLines == 0 && table.EstimatedLines is { } estimate)
        {
            job.TotalLines = estimate;
            await db.Set<ImportJob>().Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.TotalLines, estimate), cancellationToken);
        }
        // One "today" for the whole job, so that a resume on another day judges rows exactly as the first run did.
        var today = DateOnly.FromDateTime(job.CreatedAt.ToOffset(ChinaTime.Offset).DateTime);
        var processor = new ImportRowProcessor(validator, mapper, protector, columns.Value, job, today, clock.GetUtcNow());
        var chunks = Channel.CreateBounded<Batch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(() => ReadAsync(table, processor, job.LastLine, chunkSize, chunks.Writer, stop.Token), stop.Token);
        try
        {
            await WriteAsync(job, chunks.Reader, progress, stop.Token);
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            // Surfaces the reader's own failure (a bad file, a cancelled run) when the writer ended because of it.
            try
            {
                await reading;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
        var finished = await FinishAsync(job, ImportStatus.Completed, null, cancellationToken);
        await FoldCountersAsync(cancellationToken);
        return finished;
    }

    private static Exception Unwrap(Exception e) => e switch
    {
        ChannelClosedException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => e,
    };

    private Task<ImportJob?> CurrentAsync(Guid jobId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return db.Set<ImportJob>().AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
    }

    /// <summary>
    /// The statistics triggers left one counter row per accepted line; folds them now rather than at the next scheduled
    /// pass (an import from the command line has none), so that statistics stay fast right after a large import. The
    /// job is complete either way: a failure here only leaves the rows to the scheduled pass.
    /// </summary>
    private async Task FoldCountersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await compactor.CompactAsync(cancellationToken);
        }
        catch (DbException e)
        {
            logger.LogWarning(e, "Folding the statistics counters after an import failed; the scheduled pass will fold them.");
        }
    }

    /// <summary>A chunk of processed rows; <see cref="Replay"/> chunks only rebuild the in-file duplicate set.</summary>
    private sealed record Batch(bool Replay, int LastLine, ProcessedRow[] Rows, int BlankLines);

    private static async Task ReadAsync(ImportTable table, ImportRowProcessor processor, int committedLine, int chunkSize,
        ChannelWriter<Batch> output, CancellationToken cancellationToken)
    {
        var pending = new List<SourceRow>(chunkSize);
        var characters = 0L;
        try
        {
            var replaying = committedLine > 0;
            foreach (var row in table.Rows())
            {
                if (replaying && row.Line > committedLine)
                {
                    await FlushAsync(true);
                    replaying = false;
                }
                pending.Add(row);
                // Lines up to the limit in size: a chunk is also bounded by its characters (ImportLimits.ChunkChars).
                characters += row.Content.Length + row.Cells.Length;
                if (pending.Count == chunkSize || characters > ImportLimits.ChunkChars)
                {
                    await FlushAsync(replaying);
                }
            }
            await FlushAsync(replaying);
            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }

        async Task FlushAsync(bool replay)
        {
            if (pending.Count == 0)
            {
                return;
            }
            var rows = pending.Where(r => !r.IsBlank).ToArray();
            var processed = new ProcessedRow[rows.Length];
            // Validation and encryption are the CPU cost of an import; they need no order, the writer restores it.
            Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = cancellationToken },
                i => processed[i] = processor.Process(rows[i], encrypt: !replay));
            await output.WriteAsync(new Batch(replay, pending[^1].Line, processed, pending.Count - rows.Length), cancellationToken);
            pending = new List<SourceRow>(chunkSize);
            characters = 0;
        }
    }

    private async Task WriteAsync(ImportJob job, ChannelReader<Batch> input, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        // Line of the first valid row of each identity: a later row with the same identity is a duplicate of it.
        var firstLineOf = new Dictionary<IdentityKey, int>();
        await using var writer = await ImportChunkWriter.OpenAsync(database, protector, head, job, node.Enabled, cancellationToken);
        var committed = job.LastLine;
        var counts = (job.Accepted, job.Merged, job.Rejected);
        await foreach (var batch in input.ReadAllAsync(cancellationToken))
        {
            var candidates = new List<ProcessedRow>(batch.Rows.Length);
            var rejections = new List<PendingRejection>();
            foreach (var row in batch.Rows)
            {
                if (row.Reasons is not null)
                {
                    rejections.Add(new PendingRejection(row.Source.Line, row.Source.Content, row.RejectionCode!, row.Reasons));
                }
                else if (firstLineOf.TryGetValue(row.Key, out var first))
                {
                    rejections.Add(new PendingRejection(row.Source.Line, row.Source.Content, ImportErrors.RowDuplicate, [ImportErrors.DuplicateOf(first)]));
                }
                else
                {
                    firstLineOf.Add(row.Key, row.Source.Line);
                    candidates.Add(row);
                }
            }
            if (batch.Replay)
            {
                continue; // committed before: its outcome is already in the database and the counters
            }
            candidates = await ClaimNationallyAsync(candidates, rejections, cancellationToken);
            var result = await writer.WriteAsync(new ImportChunk(batch.LastLine, candidates, rejections, batch.BlankLines), committed,
                clock.GetUtcNow(), cancellationToken);
            committed = batch.LastLine;
            counts = (counts.Accepted + result.Accepted, counts.Merged + result.Merged, counts.Rejected + result.Rejected);
            progress?.Report(new ImportProgress(committed, job.TotalLines, counts.Accepted, counts.Merged, counts.Rejected));
        }
    }

    /// <summary>
    /// In a network, the chunk's identities are claimed at the national registry before they are written (ADR 028): a row
    /// whose identity another node holds is rejected with its reason, the rest go on. While national cannot be reached the
    /// import waits and asks again, so nothing is written unclaimed and nothing is lost; the job shows no progress meanwhile.
    /// </summary>
    private async Task<List<ProcessedRow>> ClaimNationallyAsync(List<ProcessedRow> candidates, List<PendingRejection> rejections,
        CancellationToken cancellationToken)
    {
        var items = candidates.Select(c => new App.Network.ClaimItem(Convert.ToBase64String(c.Record!.IdNumberIndex), c.Record.IdType, c.Record.Id)).ToList();
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            if (await national.ClaimManyAsync(items, cancellationToken) is { } lost)
            {
                if (lost.Count == 0)
                {
                    return candidates;
                }
                foreach (var row in candidates.Where(c => lost.Contains(Convert.ToBase64String(c.Record!.IdNumberIndex))))
                {
                    rejections.Add(new PendingRejection(row.Source.Line, row.Source.Content, ImportErrors.RowDuplicateNational, [ImportErrors.HeldByAnotherNode]));
                }
                return [.. candidates.Where(c => !lost.Contains(Convert.ToBase64String(c.Record!.IdNumberIndex)))];
            }
            LogNationalUnreachable(logger, delay.TotalSeconds);
            await Task.Delay(delay, clock, cancellationToken);
            delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The national registry cannot be reached; the import waits {Seconds} s and claims again.")]
    private static partial void LogNationalUnreachable(ILogger logger, double seconds);

    /// <summary>
    /// Marks the job completed (or failed) with its one closing audit entry, and drops the kept upload. A job that is no
    /// longer active (cancelled meanwhile) is left as it is.
    /// </summary>
    private async Task<Result<ImportJobView>> FinishAsync(ImportJob job, ImportStatus status, Error? failure, CancellationToken cancellationToken)
    {
        // The chunks were counted on the writer's own connection; a job this context still tracks (created in the same
        // scope) would hide those counts.
        if (await CurrentAsync(job.Id, cancellationToken) is { IsActive: false } ended)
        {
            return ImportJobView.From(ended);
        }
        var caller = new Caller(job.Actor, job.ActorRegion, new HashSet<string>(), EnumNames.TryParse<Domain.Common.Channel>(job.Channel, out var channel) ? channel : Domain.Common.Channel.System);
        var scope = new AuditScope("import.complete", "import") { TargetId = job.Id.ToString(), RegionCode = job.RegionCode };
        return await audit.RunAsync(caller, scope, async token =>
        {
            var tracked = await db.Set<ImportJob>().SingleAsync(j => j.Id == job.Id, token);
            var now = clock.GetUtcNow();
            tracked.Status = status;
            tracked.UpdatedAt = now;
            tracked.CompletedAt = now;
            tracked.ErrorCode = failure?.Code;
            tracked.ErrorMessage = failure is null ? null : Describe(failure);
            if (status == ImportStatus.Completed && tracked.Format == ImportFormat.Xlsx)
            {
                tracked.TotalLines = tracked.LastLine; // the sheet's last row, as read (its dimension is only an estimate)
            }
            if (tracked.FileStored)
            {
                await db.Set<ImportFileSegment>().Where(s => s.JobId == job.Id).ExecuteDeleteAsync(token);
            }
            // Counts and codes only: never a line's content or an ID number.
            scope.Details = JsonSerializer.Serialize(new
            {
                status = EnumNames.Of(status), tracked.Accepted, tracked.Merged, tracked.Rejected, tracked.BlankLines, tracked.ErrorCode,
            }, ApiJson.Options);
            return Result<ImportJobView>.Success(ImportJobView.From(tracked));
        }, cancellationToken);
    }

    internal static string Describe(Error error)
    {
        var text = error is ValidationFailed invalid
            ? string.Join("; ", invalid.Fields.SelectMany(f => f.Value.Select(m => $"{m.Zh} / {m.En}")))
            : $"{error.Message.Zh} / {error.Message.En}";
        return text.Length <= 500 ? text : text[..500];
    }
}
