using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Imports;

/// <summary>One job, within the caller's region (anything outside it is not found).</summary>
public sealed class GetImport(HealthCardDb db)
{
    public async Task<Result<ImportJobView>> ExecuteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ImportsRead) is { } denied)
        {
            return denied;
        }
        var job = await db.Set<ImportJob>().AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is null || !caller.Covers(job.RegionCode) ? ImportErrors.NotFound : ImportJobView.From(job);
    }

    /// <summary>The template's file name, the same from the API and the console.</summary>
    public const string TemplateFileName = "resident-import-template.csv";

    /// <summary>The import template: the bilingual header line, UTF-8 with a BOM.</summary>
    public static byte[] Template() =>
        [.. System.Text.Encoding.UTF8.Preamble, .. System.Text.Encoding.UTF8.GetBytes(ImportColumns.TemplateHeader + "\r\n")];
}
