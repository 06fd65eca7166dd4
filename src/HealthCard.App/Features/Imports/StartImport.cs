using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Imports;

/// <summary>An import as callers see it: status, percentage and counts. Never any row content.</summary>
public sealed record ImportJobView(
    Guid Id,
    ImportStatus Status,
    string FileName,
    ImportFormat Format,
    string? Encoding,
    string Region,
    IReadOnlyList<string> Tags,
    string Source,
    int TotalLines,
    int ProcessedLines,
    int Percent,
    int Accepted,
    int Merged,
    int Rejected,
    int BlankLines,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? ErrorCode,
    string? Error)
{
    public static ImportJobView From(ImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.Id, job.Status, job.FileName, job.Format, job.Encoding, job.RegionCode, PopulationTagNames.ToNames(job.Tag), job.Source,
            job.TotalLines, job.LastLine, job.Percent, job.Accepted, job.Merged, job.Rejected, job.BlankLines, job.CreatedAt, job.CompletedAt,
            job.ErrorCode, job.ErrorMessage);
    }
}

/// <summary>What to import and how. <paramref name="KeepFile"/>: keep the upload for a background worker (API).</summary>
public sealed record ImportRequest(string FileName, string? Region, string? Tag, string? Source, bool KeepFile);

/// <summary>The job, and whether it already existed (a re-run of the same file, region, tag and source).</summary>
public sealed record ImportStarted(ImportJobView Job, bool Existing);

/// <summary>
/// Checks a file and creates its import job (audited). The whole file is refused before anything is stored when the
/// request or a CSV file's header is wrong (missing required columns are listed). The same file with the same region,
/// tag and source returns the existing job instead: that is what makes a re-run change nothing (ADR 011). The checks are
/// cheap and bounded (ADR 018): the file is streamed once for its hash and line count, a CSV header is read within the
/// line limits, and an XLSX file is only checked to be a ZIP archive, within the directory limits, holding a workbook
/// and a worksheet; nothing is decompressed here. Its header is read by the worker, which fails the job if it is wrong.
/// </summary>
public sealed class StartImport(HealthCardDb db, AuditTrail audit, AuditChainHead head, IRegionDirectory regions, ImportFileStore files,
    PendingImports queue, TimeProvider clock)
{
    /// <summary>
    /// <c>import.limit_exceeded</c> when an upload kept for the worker (API, console) is larger than
    /// <see cref="ImportLimits.MaxStoredFileBytes"/>; the console asks before it transfers the file. <c>hcard import
    /// residents</c> keeps nothing and reads any size where the file lies.
    /// </summary>
    public static Error? UploadRefused(long length) => length <= ImportLimits.MaxStoredFileBytes ? null
        : ImportErrors.File(ImportErrors.LimitCode, $"上传的文件超过 {ImportLimits.MaxStoredFileBytes >> 20} MiB；更大的名单请用 hcard import residents 导入",
            $"The upload exceeds {ImportLimits.MaxStoredFileBytes >> 20} MiB; import larger lists with hcard import residents");

    public async Task<Result<ImportStarted>> ExecuteAsync(Caller caller, ImportRequest request, Func<Stream> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ImportsWrite) is { } denied)
        {
            return denied;
        }
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(open);
        var errors = new FieldErrors();
        var region = request.Region?.Trim() ?? "";
        if (region.Length == 0 || !regions.Exists(region))
        {
            errors.Add("region", "导入地区应为现行的行政区划代码（GB/T 2260）", "The import's region must be a current GB/T 2260 region code");
        }
        else if (!caller.Covers(region))
        {
            errors.Add("region", "该地区不在本密钥的管辖范围内", "The region is outside this key's region scope");
        }
        var tag = PopulationTags.None;
        if (request.Tag is { Length: > 0 } tagName && !PopulationTagNames.TryParse(tagName.Trim(), out tag))
        {
            errors.Add("tag", $"未知的人群标签：{tagName}", $"Unknown population tag '{tagName}'; expected one of {string.Join(", ", PopulationTagNames.All)}");
        }
        var fileName = Path.GetFileName(request.FileName ?? "").Trim();
        var source = string.IsNullOrWhiteSpace(request.Source) ? fileName : request.Source.Trim();
        if (source.Length is 0 or > 100)
        {
            errors.Add("source", "来源应为 1–100 个字符", "The source must have 1–100 characters");
        }
        if (errors.Any)
        {
            return errors.ToError(ImportErrors.InvalidCode);
        }

        ImportFileFacts facts;
        await using (var stream = open())
        {
            facts = await ImportFileFacts.InspectAsync(stream, cancellationToken);
        }
        if (request.KeepFile && UploadRefused(facts.Length) is { } tooLarge)
        {
            return tooLarge;
        }
        try
        {
            if (facts.Format == ImportFormat.Xlsx)
            {
                await using var stream = open();
                XlsxSheet.CheckStructure(stream);
            }
            else
            {
                if (facts.TotalLines > ImportLimits.MaxLines)
                {
                    throw ImportFileException.Limit($"文件超过 {ImportLimits.MaxLines:N0} 行", $"The file has more than {ImportLimits.MaxLines:N0} lines");
                }
                using var table = ImportTable.Open(open(), facts.Format, facts.Encoding);
                var columns = ImportColumns.Map(table.Header);
                if (!columns.IsSuccess)
                {
                    return columns.Error!;
                }
            }
        }
        catch (ImportFileException e)
        {
            return e.Error;
        }
        // An XLSX file's lines are known once the worker reads its sheet.
        var totalLines = facts.Format == ImportFormat.Xlsx ? 0 : facts.TotalLines;

        // A read only to answer a re-run without an audit entry; the unique index still decides a race.
        var existing = await FindAsync(facts.Hash, region, tag, source, cancellationToken);
        if (existing is not null)
        {
            return new ImportStarted(ImportJobView.From(existing), Existing: true);
        }
        var now = clock.GetUtcNow();
        var job = new ImportJob
        {
            Id = Guid.CreateVersion7(now),
            FileName = fileName.Length <= 200 ? fileName : fileName[..200],
            FileHash = facts.Hash,
            Format = facts.Format,
            Encoding = facts.Encoding,
            RegionCode = region,
            Tag = tag,
            Source = source,
            Status = request.KeepFile ? ImportStatus.Queued : ImportStatus.Running,
            FileStored = request.KeepFile,
            Node = head.Node,
            Actor = caller.Actor,
            ActorRegion = caller.RegionScope,
            Channel = EnumNames.Of(caller.Channel),
            TotalLines = totalLines,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (request.KeepFile)
        {
            // Stored before the job row, so that the audited insert stays short; orphans are swept at start-up.
            await using var stream = open();
            await files.SaveAsync(job.Id, stream, cancellationToken);
        }
        var scope = new AuditScope("import.start", "import")
        {
            TargetId = job.Id.ToString(),
            RegionCode = region,
            Details = JsonSerializer.Serialize(new { format = EnumNames.Of(job.Format), job.TotalLines, tag = EnumNames.Of(tag), source }, ApiJson.Options),
        }.OnUniqueViolation(ImportJobConfiguration.IdentityIndex, ImportErrors.AlreadyStarted);
        var created = await audit.RunAsync(caller, scope, _ =>
        {
            db.Set<ImportJob>().Add(job);
            return Task.FromResult(Result<ImportJob>.Success(job));
        }, cancellationToken);
        if (!created.IsSuccess)
        {
            await files.DeleteAsync(job.Id, cancellationToken);
            var winner = created.Error == ImportErrors.AlreadyStarted ? await FindAsync(facts.Hash, region, tag, source, cancellationToken) : null;
            return winner is null ? created.Error! : new ImportStarted(ImportJobView.From(winner), Existing: true);
        }
        if (request.KeepFile)
        {
            queue.Enqueue(job.Id);
        }
        return new ImportStarted(ImportJobView.From(job), Existing: false);
    }

    private Task<ImportJob?> FindAsync(byte[] hash, string region, PopulationTags tag, string source, CancellationToken cancellationToken) =>
        db.Set<ImportJob>().AsNoTracking().SingleOrDefaultAsync(j => j.FileHash == hash && j.Kind == ImportKinds.Residents
            && j.RegionCode == region && j.Tag == tag && j.Source == source, cancellationToken);
}
