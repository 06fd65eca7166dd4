using System.Security.Claims;
using System.Text;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Production;
using HealthCard.Domain.Common;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HealthCard.Web.Api;

/// <summary>/api/v1/production-batches: batches, the production file for the factory, its return file and distribution.</summary>
public static class ProductionEndpoints
{
    /// <summary>A return file holds at most 2,000 lines of about 100 bytes; anything far larger is not one.</summary>
    public const int MaxReturnBytes = 1024 * 1024;

    public static RouteGroupBuilder MapProductionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/production-batches").WithTags("Production");
        group.MapPost("/", CreateAsync).WithName("CreateProductionBatch");
        group.MapGet("/", ListAsync).WithName("ListProductionBatches");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetProductionBatch");
        group.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetProductionBatchHistory");
        // The file carries every holder's card data set (encrypted to the factory): only callers who may see personal data export it.
        group.MapGet("/{id:guid}/export", ExportAsync).WithName("ExportProductionBatch");
        group.MapPost("/{id:guid}/return", ReturnAsync).WithName("ReturnProductionBatch").DisableAntiforgery();
        group.MapPost("/{id:guid}/distribute", DistributeAsync).WithName("DistributeProductionBatch");
        return group;
    }

    public static async Task<Results<Created<ProductionBatchView>, ProblemHttpResult>> CreateAsync(ProductionBatchRequest body, ClaimsPrincipal user,
        CreateProductionBatch useCase, CancellationToken cancellationToken) =>
        Problems.Created(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<Paged<ProductionBatchView>>, ProblemHttpResult>> ListAsync(string? status, int? page, int? pageSize, ClaimsPrincipal user,
        GetProductionBatches useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ListAsync(user.ToCaller(), status, PageValidation.Of(page, pageSize), cancellationToken));

    public static async Task<Results<Ok<ProductionBatchView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, GetProductionBatches useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.OneAsync(user.ToCaller(), id, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<LifecycleEventView>>, ProblemHttpResult>> HistoryAsync(Guid id, ClaimsPrincipal user,
        GetProductionBatches useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.HistoryAsync(user.ToCaller(), id, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(Guid id, ClaimsPrincipal user, ExportProductionBatch useCase,
        CancellationToken cancellationToken)
    {
        var result = await useCase.ExecuteAsync(user.ToCaller(), id, cancellationToken);
        return result.IsSuccess ? TypedResults.File(result.Value.Content, "application/json", result.Value.FileName) : Problems.From(result.Error!);
    }

    /// <summary>The return file as the request body (<c>text/csv</c>) or as the first file of a multipart form.</summary>
    public static async Task<Results<Ok<ReturnReport>, ProblemHttpResult>> ReturnAsync(Guid id, [FromQuery(Name = "operator")] string? staff,
        HttpRequest request, ClaimsPrincipal user, ApplyProductionReturn useCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxReturnBytes)
        {
            return Problems.From(TooLarge());
        }
        Stream body = request.Body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.Count == 0 || form.Files[0].Length > MaxReturnBytes)
            {
                return Problems.From(TooLarge());
            }
            body = form.Files[0].OpenReadStream();
        }
        string csv;
        using (var reader = new StreamReader(body, Encoding.UTF8))
        {
            csv = await reader.ReadToEndAsync(cancellationToken);
        }
        return Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, csv, staff, cancellationToken));
    }

    public static async Task<Results<Ok<DistributionView>, ProblemHttpResult>> DistributeAsync(Guid id, DistributionRequest body, ClaimsPrincipal user,
        DistributeBatch useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, body, cancellationToken));

    private static ValidationFailed TooLarge()
    {
        var errors = new FieldErrors();
        errors.Add("file", $"须提交 1 个不超过 {MaxReturnBytes / 1024} KB 的回盘文件", $"Send one return file of at most {MaxReturnBytes / 1024} KB");
        return errors.ToError("production_batch.invalid");
    }
}
