using System.Security.Claims;
using HealthCard.App.Common;
using HealthCard.App.Features.Applications;
using HealthCard.App.Features.Institutions;
using HealthCard.Domain.Applications;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>/api/v1/card-applications: a resident's application for a card (申领) and its two-step review.</summary>
public static class ApplicationEndpoints
{
    public static RouteGroupBuilder MapApplicationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/card-applications").WithTags("Applications");
        group.MapPost("/", SubmitAsync).WithName("SubmitCardApplication");
        group.MapGet("/", ListAsync).WithName("ListCardApplications");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetCardApplication");
        group.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetCardApplicationHistory");
        // The photo and the ID scan are personal data: shown only to callers who see personal data.
        group.MapGet("/{id:guid}/attachments/{kind:regex(^(photo|id_scan)$)}", AttachmentAsync)
            .WithName("GetCardApplicationAttachment");
        group.MapPost("/{id:guid}/{operation:regex(^(approve|reject)$)}", ReviewAsync)
            .WithName("ReviewCardApplication");
        return group;
    }

    public static async Task<Results<Created<CardApplicationView>, ProblemHttpResult>> SubmitAsync(ApplicationRequest body, ClaimsPrincipal user,
        SubmitApplication useCase, CancellationToken cancellationToken) =>
        Problems.Created(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<Paged<CardApplicationView>>, ProblemHttpResult>> ListAsync(string? status, string? channel, string? region, int? page, int? pageSize,
        ClaimsPrincipal user, GetApplications useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ListAsync(user.ToCaller(), status, channel, region, PageValidation.Of(page, pageSize), cancellationToken));

    public static async Task<Results<Ok<CardApplicationView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, GetApplications useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.OneAsync(user.ToCaller(), id, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<LifecycleEventView>>, ProblemHttpResult>> HistoryAsync(Guid id, ClaimsPrincipal user,
        GetApplications useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.HistoryAsync(user.ToCaller(), id, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> AttachmentAsync(Guid id, string kind, ClaimsPrincipal user,
        GetApplications useCase, CancellationToken cancellationToken)
    {
        var result = await useCase.AttachmentAsync(user.ToCaller(), id, kind, cancellationToken);
        return result.IsSuccess ? TypedResults.File(result.Value.Bytes, result.Value.ContentType) : Problems.From(result.Error!);
    }

    public static async Task<Results<Ok<CardApplicationView>, ProblemHttpResult>> ReviewAsync(Guid id, string operation, ReasonRequest? body,
        ClaimsPrincipal user, ReviewApplication useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, operation == "approve" ? ApplicationTrigger.Approve : ApplicationTrigger.Reject,
            body?.Reason, cancellationToken));
}
