using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Imports;

/// <summary>
/// A job's rejection report: the rejected lines as they were sent, personal data included, so it takes
/// <see cref="Capabilities.ImportsWrite"/> and every download is audited (<c>import.rejections</c>: who, which job) before
/// a byte is written (ADR 018). Outside the caller's region the job is not found.
/// </summary>
public sealed class GetImportRejections(HealthCardDb db, AuditTrail audit, PersonalDataProtector protector)
{
    public async Task<Result<RejectionReport>> ExecuteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ImportsWrite) is { } denied)
        {
            return denied;
        }
        var scope = new AuditScope("import.rejections", "import") { TargetId = id.ToString() };
        return await audit.RunAsync(caller, scope, async token =>
        {
            var job = await db.Set<ImportJob>().AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, token);
            if (job is null || !caller.Covers(job.RegionCode))
            {
                return Result<RejectionReport>.Failure(ImportErrors.NotFound);
            }
            scope.RegionCode = job.RegionCode;
            scope.Details = JsonSerializer.Serialize(new { rejected = job.Rejected }, ApiJson.Options);
            return Result<RejectionReport>.Success(new RejectionReport(db, protector, ImportJobView.From(job)));
        }, cancellationToken);
    }
}

/// <summary>A rejection report the caller was allowed (and audited) to download.</summary>
public sealed class RejectionReport
{
    private readonly HealthCardDb _db;
    private readonly PersonalDataProtector _protector;

    internal RejectionReport(HealthCardDb db, PersonalDataProtector protector, ImportJobView job)
    {
        _db = db;
        _protector = protector;
        Job = job;
    }

    public ImportJobView Job { get; }

    public string FileName => $"import-{Job.Id}-rejections.csv";

    public static IReadOnlyList<string> Header { get; } = ["行号/line", "原因代码/code", "原因/reasons_zh", "reasons_en", "原始内容/content"];

    /// <summary>
    /// Writes the report as CSV, UTF-8 with a BOM (so that Excel opens it as UTF-8): the line, the code, every reason in
    /// Chinese and in English, and the line's original content, each cell through <see cref="CsvCells"/> (an uploaded
    /// <c>=HYPERLINK(…)</c> stays text).
    /// </summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(output, CsvCells.Utf8WithBom, 1 << 16, leaveOpen: true);
        await text.WriteAsync(CsvCells.Line(Header));
        var rejections = _db.Set<ImportRejection>().AsNoTracking().Where(r => r.JobId == Job.Id).OrderBy(r => r.Line).AsAsyncEnumerable();
        await foreach (var rejection in rejections.WithCancellation(cancellationToken))
        {
            var reasons = JsonSerializer.Deserialize<List<RejectionReason>>(rejection.Reasons, ApiJson.Options) ?? [];
            await text.WriteAsync(CsvCells.Line(
                CsvCells.Number(rejection.Line),
                rejection.Code,
                string.Join("；", reasons.Select(r => $"[{r.Field}] {r.Zh}")),
                string.Join("; ", reasons.Select(r => $"[{r.Field}] {r.En}")),
                _protector.Unprotect(rejection.ContentCipher, ImportChunkWriter.RejectionContext(Job.Id, rejection.Line))));
        }
    }
}
