using System.Security.Claims;
using HealthCard.App.Features.Cards;
using HealthCard.Domain.Cards;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>/api/v1/cards: issuance, lookup, the status check and the lifecycle operations.</summary>
public static class CardEndpoints
{
    /// <summary>The lifecycle operations as URL segments, each one trigger of the card lifecycle table.</summary>
    private static readonly Dictionary<string, CardTrigger> Operations = new(StringComparer.Ordinal)
    {
        ["distribute"] = CardTrigger.Distribute,
        ["activate"] = CardTrigger.Activate,
        ["freeze"] = CardTrigger.Freeze,
        ["unfreeze"] = CardTrigger.Unfreeze,
        ["report-loss"] = CardTrigger.ReportLoss,
        ["cancel-loss"] = CardTrigger.CancelLoss,
        ["replace"] = CardTrigger.Replace,
        ["cancel"] = CardTrigger.Cancel,
    };

    public static RouteGroupBuilder MapCardEndpoints(this RouteGroupBuilder api)
    {
        // Each use case authorizes its caller (Capabilities.CardsRead / CardsWrite); the group only requires one.
        var group = api.MapGroup("/cards").WithTags("Cards");
        group.MapPost("/", IssueAsync).WithName("IssueCard");
        group.MapGet("/{cardNumber}", GetAsync).WithName("GetCard");
        group.MapGet("/{cardNumber}/status", StatusAsync).WithName("GetCardStatus");
        group.MapGet("/{cardNumber}/events", EventsAsync).WithName("GetCardEvents");
        group.MapPost($"/{{cardNumber}}/{{operation:regex(^({string.Join('|', Operations.Keys)})$)}}", ChangeStatusAsync).WithName("ChangeCardStatus");
        return group;
    }

    public static async Task<Results<Created<CardView>, ProblemHttpResult>> IssueAsync(IssueCardRequest body, ClaimsPrincipal user,
        IssueCard useCase, CancellationToken cancellationToken)
    {
        var result = await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken);
        // No Location header: the card's URL holds the card number, which is personal data and must not travel in headers.
        return result.IsSuccess ? TypedResults.Created((string?)null, result.Value) : Problems.From(result.Error!);
    }

    public static async Task<Results<Ok<CardView>, ProblemHttpResult>> GetAsync(string cardNumber, ClaimsPrincipal user, GetCard useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), cardNumber, cancellationToken));

    public static async Task<Results<Ok<CardStatusView>, ProblemHttpResult>> StatusAsync(string cardNumber, ClaimsPrincipal user,
        GetCardStatus useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), cardNumber, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<CardEventView>>, ProblemHttpResult>> EventsAsync(string cardNumber, ClaimsPrincipal user,
        GetCardEvents useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), cardNumber, cancellationToken));

    public static async Task<Results<Ok<CardView>, ProblemHttpResult>> ChangeStatusAsync(string cardNumber, string operation, CardOperation? body,
        ClaimsPrincipal user, ChangeCardStatus useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), cardNumber, Operations[operation], body ?? new CardOperation(),
            cancellationToken));
}
