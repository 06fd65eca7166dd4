using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Imports;

/// <summary>
/// Past population imports in the caller's region, newest first, optionally of one status (API name: queued, running,
/// completed, failed, cancelled). Counts and status only, never row content: the same <see cref="ImportJobView"/> as one job.
/// </summary>
public sealed class ListImports(HealthCardDb db)
{
    public async Task<Result<Paged<ImportJobView>>> ExecuteAsync(Caller caller, string? status, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ImportsRead) is { } denied)
        {
            return denied;
        }
        ArgumentNullException.ThrowIfNull(page);
        var query = db.Set<ImportJob>().AsNoTracking().InRegionOf(caller).Where(j => j.Kind == ImportKinds.Residents);
        if (EnumNames.TryParse<ImportStatus>(status, out var s))
        {
            query = query.Where(j => j.Status == s);
        }
        return await Paged<ImportJobView>.ReadAsync(query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id), page, ImportJobView.From,
            cancellationToken);
    }
}
