using System.Security.Claims;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Products;
using HealthCard.App.Features.Usage;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.Products;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>The reason an operator gives for a lifecycle operation or a review.</summary>
public sealed record ReasonRequest(string? Reason);

/// <summary>/api/v1/institutions and /api/v1/products: registration, edits, suspension, product filing and review.</summary>
public static class InstitutionEndpoints
{
    public static RouteGroupBuilder MapInstitutionEndpoints(this RouteGroupBuilder api)
    {
        var institutions = api.MapGroup("/institutions").WithTags("Institutions");
        institutions.MapPost("/", CreateAsync).WithName("CreateInstitution");
        institutions.MapGet("/", ListAsync).WithName("ListInstitutions");
        institutions.MapGet("/{code}", GetAsync).WithName("GetInstitution");
        institutions.MapPut("/{code}", EditAsync).WithName("EditInstitution");
        institutions.MapGet("/{code}/history", HistoryAsync).WithName("GetInstitutionHistory");
        institutions.MapGet("/{code}/usage", UsageAsync).WithName("GetInstitutionUsage");
        institutions.MapPost("/{code}/{operation:regex(^(suspend|reactivate)$)}", ChangeStatusAsync).WithName("ChangeInstitutionStatus");

        // The product use cases authorize their callers (Capabilities.InstitutionsRead, ProductsSubmit, ProductsReview).
        var products = api.MapGroup("/products").WithTags("Products");
        products.MapPost("/", SubmitProductAsync).WithName("SubmitProduct");
        products.MapGet("/", ListProductsAsync).WithName("ListProducts");
        products.MapGet("/{id:guid}", GetProductAsync).WithName("GetProduct");
        products.MapGet("/{id:guid}/history", ProductHistoryAsync).WithName("GetProductHistory");
        products.MapPost("/{id:guid}/{operation:regex(^(approve|reject|revoke)$)}", ReviewProductAsync).WithName("ReviewProduct");
        return api;
    }

    public static async Task<Results<Created<InstitutionView>, ProblemHttpResult>> CreateAsync(InstitutionRequest body, ClaimsPrincipal user,
        CreateInstitution useCase, CancellationToken cancellationToken) =>
        Problems.Created(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<Paged<InstitutionView>>, ProblemHttpResult>> ListAsync(string? kind, string? regionCode, string? status, int? page, int? pageSize,
        ClaimsPrincipal user, GetInstitutions useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ListAsync(user.ToCaller(), kind, regionCode, status, PageValidation.Of(page, pageSize), cancellationToken));

    public static async Task<Results<Ok<InstitutionView>, ProblemHttpResult>> GetAsync(string code, ClaimsPrincipal user, GetInstitutions useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.OneAsync(user.ToCaller(), code, cancellationToken));

    public static async Task<Results<Ok<InstitutionView>, ProblemHttpResult>> EditAsync(string code, InstitutionRequest body, ClaimsPrincipal user,
        EditInstitution useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), code, body, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<LifecycleEventView>>, ProblemHttpResult>> HistoryAsync(string code, ClaimsPrincipal user,
        GetInstitutions useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.HistoryAsync(user.ToCaller(), code, cancellationToken));

    public static async Task<Results<Ok<Paged<UsageEventView>>, ProblemHttpResult>> UsageAsync(string code, DateTimeOffset? from, DateTimeOffset? to,
        int? page, int? pageSize, ClaimsPrincipal user, GetUsage useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ByInstitutionAsync(user.ToCaller(), code, from, to, PageValidation.Of(page, pageSize), cancellationToken));

    public static async Task<Results<Ok<InstitutionView>, ProblemHttpResult>> ChangeStatusAsync(string code, string operation, ReasonRequest? body,
        ClaimsPrincipal user, ChangeInstitutionStatus useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), code,
            operation == "suspend" ? InstitutionTrigger.Suspend : InstitutionTrigger.Reactivate, body?.Reason, cancellationToken));

    public static async Task<Results<Created<ProductView>, ProblemHttpResult>> SubmitProductAsync(ProductRequest body, ClaimsPrincipal user,
        SubmitProduct useCase, CancellationToken cancellationToken) =>
        Problems.Created(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<Paged<ProductView>>, ProblemHttpResult>> ListProductsAsync(string? kind, string? status,
        string? manufacturerCode, int? page, int? pageSize, ClaimsPrincipal user, GetProducts useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ListAsync(user.ToCaller(), kind, status, manufacturerCode, PageValidation.Of(page, pageSize), cancellationToken));

    public static async Task<Results<Ok<ProductView>, ProblemHttpResult>> GetProductAsync(Guid id, ClaimsPrincipal user, GetProducts useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.OneAsync(user.ToCaller(), id, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<LifecycleEventView>>, ProblemHttpResult>> ProductHistoryAsync(Guid id, ClaimsPrincipal user,
        GetProducts useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.HistoryAsync(user.ToCaller(), id, cancellationToken));

    public static async Task<Results<Ok<ProductView>, ProblemHttpResult>> ReviewProductAsync(Guid id, string operation, ReasonRequest? body,
        ClaimsPrincipal user, ReviewProduct useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, operation switch
        {
            "approve" => ProductTrigger.Approve,
            "reject" => ProductTrigger.Reject,
            _ => ProductTrigger.Revoke,
        }, body?.Reason, cancellationToken));

}
