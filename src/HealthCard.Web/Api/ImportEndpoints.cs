using System.Security.Claims;
using HealthCard.App.Common;
using HealthCard.App.Features.Imports;
using HealthCard.Domain.Common;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HealthCard.Web.Api;

/// <summary>
/// /api/v1/imports: population imports. The upload is stored and cheaply checked (size, a CSV header, an XLSX archive's
/// directory) and answered at once with the job; the import itself runs in the background (<see cref="ImportWorker"/>)
/// and is followed through <c>GET /imports/{id}</c>, or cancelled through <c>POST /imports/{id}/cancel</c>. Who may do
/// what is decided by the use cases (<c>imports.read</c>, <c>imports.write</c>); the group only requires a caller.
/// </summary>
public static class ImportEndpoints
{
    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/imports").WithTags("Imports");
        group.MapPost("/", StartAsync).WithName("StartImport")
            .Accepts<IFormFile>("multipart/form-data")
            // The request stops at the use case's cap (StartImport.UploadRefused); larger lists go through hcard import residents.
            .WithMetadata(new RequestSizeLimitAttribute(ImportLimits.MaxStoredFileBytes))
            .WithFormOptions(multipartBodyLengthLimit: ImportLimits.MaxStoredFileBytes);
        group.MapGet("/template", Template).WithName("ImportTemplate");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetImport");
        // The report holds the rejected lines as they were sent, personal data included: the importer's capability, audited.
        group.MapGet("/{id:guid}/rejections", RejectionsAsync).WithName("GetImportRejections");
        group.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelImport");
        return group;
    }

    /// <summary>
    /// Multipart fields: <c>file</c> (CSV or XLSX), <c>region</c>, optional <c>tag</c> and <c>source</c>. 202 with the new
    /// job; 200 with the existing job when the same file was already imported with the same region, tag and source.
    /// </summary>
    public static async Task<Results<Accepted<ImportJobView>, Ok<ImportJobView>, ProblemHttpResult>> StartAsync(HttpRequest request,
        ClaimsPrincipal user, StartImport useCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Refused before the body is read when the caller may not import at all.
        var caller = user.ToCaller();
        if (caller.Authorize(Capabilities.ImportsWrite) is { } denied)
        {
            return Problems.From(denied);
        }
        var file = request.HasFormContentType ? (await request.ReadFormAsync(cancellationToken)).Files.GetFile("file") : null;
        if (file is null || file.Length == 0)
        {
            var errors = new FieldErrors();
            errors.Add("file", "请以 multipart/form-data 上传非空文件（字段 file）", "Upload a non-empty file as multipart/form-data field 'file'");
            return Problems.From(errors.ToError(ImportErrors.InvalidCode));
        }
        var form = request.Form;
        var importRequest = new ImportRequest(file.FileName, form["region"], form["tag"], form["source"], KeepFile: true);
        var result = await useCase.ExecuteAsync(caller, importRequest, file.OpenReadStream, cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }
        var job = result.Value.Job;
        return result.Value.Existing ? TypedResults.Ok(job) : TypedResults.Accepted($"/api/v1/imports/{job.Id}", job);
    }

    public static async Task<Results<Ok<ImportJobView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, GetImport useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, cancellationToken));

    /// <summary>The rejection report as CSV (UTF-8 with BOM, so that Excel opens it; formula cells neutralised), streamed; audited.</summary>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> RejectionsAsync(Guid id, ClaimsPrincipal user,
        GetImportRejections useCase, CancellationToken cancellationToken)
    {
        var report = await useCase.ExecuteAsync(user.ToCaller(), id, cancellationToken);
        if (!report.IsSuccess)
        {
            return Problems.From(report.Error!);
        }
        return TypedResults.Stream(stream => report.Value.WriteAsync(stream, cancellationToken), "text/csv; charset=utf-8", report.Value.FileName);
    }

    /// <summary>Cancels a queued or running job (audited); 409 <c>import.not_cancellable</c> once it has ended.</summary>
    public static async Task<Results<Ok<ImportJobView>, ProblemHttpResult>> CancelAsync(Guid id, ClaimsPrincipal user, CancelImport useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, cancellationToken));

    /// <summary>The template: the bilingual header (Chinese/English) of every column the import reads.</summary>
    public static FileContentHttpResult Template() =>
        TypedResults.File(GetImport.Template(), "text/csv; charset=utf-8", GetImport.TemplateFileName);
}
