using System.Security.Claims;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Production;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HealthCard.Web.Api;

/// <summary>/api/v1/production-batches: batches, the production file for the factory, its return file and distribution.</summary>
public static class ProductionEndpoints
{
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
        var body = request.Body;
        if (request.HasFormContentType)
        {
            // The form reader stops one byte past the use case's cap, which then refuses the file as it refuses a body.
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = ApplyProductionReturn.MaxBytes + 1 }, cancellationToken);
            }
            catch (InvalidDataException)
            {
                return Problems.From(ApplyProductionReturn.FileRefused);
            }
            if (form.Files.Count == 0)
            {
                return Problems.From(ApplyProductionReturn.FileRefused);
            }
            body = form.Files[0].OpenReadStream();
        }
        return Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, body, staff, cancellationToken));
    }

    public static async Task<Results<Ok<DistributionView>, ProblemHttpResult>> DistributeAsync(Guid id, DistributionRequest body, ClaimsPrincipal user,
        DistributeBatch useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, body, cancellationToken));
}
