using System.Security.Claims;
using HealthCard.App.Features.ElectronicCards;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>
/// The electronic health card (ADR 015): institutions verify a code a resident shows (nationwide, like the online
/// check, so <c>checks:write</c>); integrators with <c>registry:write</c> may make one for a card in their region.
/// The portal itself calls <see cref="IssueElectronicCard"/> directly.
/// </summary>
public static class ElectronicCardEndpoints
{
    public static RouteGroupBuilder MapElectronicCardEndpoints(this RouteGroupBuilder api)
    {
        // The use cases authorize their callers (Capabilities.ChecksWrite, ElectronicCardsIssue).
        api.MapPost("/qr/verify", VerifyAsync).WithTags("Electronic cards").WithName("VerifyElectronicCard");
        api.MapGet("/cards/{cardNumber}/ecard", IssueAsync).WithTags("Electronic cards").WithName("IssueElectronicCard");
        return api;
    }

    /// <summary>200 with what the code states and the card's status, or a problem: 400 <c>qr.malformed</c>, 409 <c>qr.*</c>.</summary>
    public static async Task<Results<Ok<ElectronicCardVerification>, ProblemHttpResult>> VerifyAsync(QrVerifyRequest body, ClaimsPrincipal user,
        VerifyElectronicCard useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), body?.Code, cancellationToken));

    public static async Task<Results<Ok<ElectronicCard>, ProblemHttpResult>> IssueAsync(string cardNumber, ClaimsPrincipal user,
        IssueElectronicCard useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ForCardAsync(user.ToCaller(), cardNumber, cancellationToken));
}
