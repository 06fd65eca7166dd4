using System.Security.Claims;
using HealthCard.App.Common;
using HealthCard.App.Features.Blacklists;
using HealthCard.App.Features.Checks;
using HealthCard.App.Features.Usage;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>
/// What terminals and institution systems call: the online check before each card use, card-use events in batches, the
/// card's usage history, and the signed black and grey lists for offline terminals.
/// </summary>
public static class CheckEndpoints
{
    public static RouteGroupBuilder MapCheckEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/checks", CheckAsync).RequireAuthorization(Scope.ChecksWrite).WithTags("Checks").WithName("OnlineCheck");
        api.MapPost("/usage-events", IngestAsync).RequireAuthorization(Scope.ChecksWrite).WithTags("Checks").WithName("IngestUsageEvents");
        api.MapGet("/cards/{cardNumber}/usage", CardUsageAsync).RequireAuthorization(Scope.RegistryRead).WithTags("Cards").WithName("GetCardUsage");
        api.MapGet("/blacklist", BlacklistAsync).RequireAuthorization(Scope.RegistryRead).WithTags("Checks").WithName("GetBlacklist");
        api.MapGet("/greylist", GreylistAsync).RequireAuthorization(Scope.RegistryRead).WithTags("Checks").WithName("GetGreylist");
        return api;
    }

    /// <summary>Always 200 with a code: a refusal is the check's answer, not an HTTP error (standard §8).</summary>
    public static async Task<Ok<CheckResult>> CheckAsync(CheckRequest body, ClaimsPrincipal user, OnlineCheck check, CancellationToken cancellationToken) =>
        TypedResults.Ok(await check.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<UsageBatchResult>, ProblemHttpResult>> IngestAsync(UsageBatchRequest body, ClaimsPrincipal user,
        IngestUsageEvents useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<Paged<UsageEventView>>, ProblemHttpResult>> CardUsageAsync(string cardNumber, DateTimeOffset? from,
        DateTimeOffset? to, int? page, int? pageSize, ClaimsPrincipal user, GetUsage useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ByCardAsync(user.ToCaller(), cardNumber, from, to, InstitutionEndpoints.Paging(page, pageSize), cancellationToken));

    public static async Task<Results<Ok<SignedList>, ProblemHttpResult>> BlacklistAsync(string? region, long? since, ClaimsPrincipal user,
        BuildList useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), "black", region, since, cancellationToken));

    public static async Task<Results<Ok<SignedList>, ProblemHttpResult>> GreylistAsync(string? region, long? since, ClaimsPrincipal user,
        BuildList useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), "grey", region, since, cancellationToken));
}
