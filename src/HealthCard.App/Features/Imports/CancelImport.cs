using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Imports;

/// <summary>
/// Cancels a queued or running job (audited, <c>import.cancel</c>): it is never resumed, its kept upload is dropped, and
/// a worker running it stops at once (this node) or at its next chunk (the checkpoint requires an active job). Lines
/// committed before stay. A job that has ended cannot be cancelled; outside the caller's region it is not found.
/// </summary>
public sealed class CancelImport(HealthCardDb db, AuditTrail audit, PendingImports queue, TimeProvider clock)
{
    public async Task<Result<ImportJobView>> ExecuteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ImportsWrite) is { } denied)
        {
            return denied;
        }
        var scope = new AuditScope("import.cancel", "import") { TargetId = id.ToString() };
        var result = await audit.RunAsync(caller, scope, async token =>
        {
            var job = await db.Set<ImportJob>().SingleOrDefaultAsync(j => j.Id == id, token);
            if (job is null || !caller.Covers(job.RegionCode))
            {
                return Result<ImportJobView>.Failure(ImportErrors.NotFound);
            }
            scope.RegionCode = job.RegionCode;
            if (!job.IsActive)
            {
                return Result<ImportJobView>.Failure(ImportErrors.NotCancellable);
            }
            var now = clock.GetUtcNow();
            job.Status = ImportStatus.Cancelled;
            job.UpdatedAt = now;
            job.CompletedAt = now;
            job.ErrorCode = ImportErrors.CancelledCode;
            job.ErrorMessage = $"由 {caller.Actor} 取消 / Cancelled by {caller.Actor}";
            scope.Details = JsonSerializer.Serialize(new { job.LastLine, job.TotalLines }, ApiJson.Options);
            await db.Set<ImportFileSegment>().Where(s => s.JobId == id).ExecuteDeleteAsync(token);
            return Result<ImportJobView>.Success(ImportJobView.From(job));
        }, cancellationToken);
        if (result.IsSuccess)
        {
            queue.Cancel(id);
        }
        return result;
    }
}
