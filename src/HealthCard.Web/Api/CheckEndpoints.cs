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
        // Each use case authorizes its caller (Capabilities.ChecksWrite, CardsRead, BlacklistsDownload).
        api.MapPost("/checks", CheckAsync).WithTags("Checks").WithName("OnlineCheck");
        api.MapPost("/usage-events", IngestAsync).WithTags("Checks").WithName("IngestUsageEvents");
        api.MapGet("/cards/{cardNumber}/usage", CardUsageAsync).WithTags("Cards").WithName("GetCardUsage");
        api.MapGet("/blacklist", BlacklistAsync).WithTags("Checks").WithName("GetBlacklist");
        api.MapGet("/greylist", GreylistAsync).WithTags("Checks").WithName("GetGreylist");
        return api;
    }

    /// <summary>
    /// 200 with a code: a refusal is the check's answer, not an HTTP error (standard §8). A caller that may not run checks
    /// at all (no <c>checks:write</c>, or a key bound to no institution) gets a 403 problem.
    /// </summary>
    public static async Task<Results<Ok<CheckResult>, ProblemHttpResult>> CheckAsync(CheckRequest body, ClaimsPrincipal user, OnlineCheck check,
        CancellationToken cancellationToken) =>
        Problems.Respond(await check.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<UsageBatchResult>, ProblemHttpResult>> IngestAsync(UsageBatchRequest body, ClaimsPrincipal user,
        IngestUsageEvents useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<Paged<UsageEventView>>, ProblemHttpResult>> CardUsageAsync(string cardNumber, DateTimeOffset? from,
        DateTimeOffset? to, int? page, int? pageSize, ClaimsPrincipal user, GetUsage useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ByCardAsync(user.ToCaller(), cardNumber, from, to, PageValidation.Of(page, pageSize), cancellationToken));

    /// <summary>One signed page of the blacklist (<c>page</c>, <c>pageSize</c> up to 500; the payload says the total).</summary>
    public static async Task<Results<Ok<SignedList>, ProblemHttpResult>> BlacklistAsync(string? region, long? since, int? page, int? pageSize,
        ClaimsPrincipal user, BuildList useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), "black", region, since, PageValidation.Of(page, pageSize), cancellationToken));

    public static async Task<Results<Ok<SignedList>, ProblemHttpResult>> GreylistAsync(string? region, long? since, int? page, int? pageSize,
        ClaimsPrincipal user, BuildList useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), "grey", region, since, PageValidation.Of(page, pageSize), cancellationToken));
}
