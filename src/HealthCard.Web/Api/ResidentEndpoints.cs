using System.Security.Claims;
using System.Text.Json.Nodes;
using HealthCard.App.Features.Residents;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>/api/v1/residents: registration, lookup, correction (卡变更) and death.</summary>
public static class ResidentEndpoints
{
    public static RouteGroupBuilder MapResidentEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/residents").WithTags("Residents");
        group.MapPost("/", RegisterAsync).WithName("RegisterResident");
        // Every route is authorized by its use case (Capabilities.ResidentsRead, ResidentsWrite).
        group.MapGet("/", FindAsync).WithName("FindResidents");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetResident");
        group.MapPatch("/{id:guid}", ChangeAsync).WithName("ChangeResident");
        group.MapGet("/{id:guid}/history", HistoryAsync).WithName("ResidentHistory");
        group.MapPost("/{id:guid}/death", RecordDeathAsync).WithName("RecordDeath");
        return group;
    }

    public static async Task<Results<Created<ResidentView>, ProblemHttpResult>> RegisterAsync(ResidentDraft body, ClaimsPrincipal user,
        RegisterResident useCase, CancellationToken cancellationToken)
    {
        var result = await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken);
        return result.IsSuccess ? TypedResults.Created($"/api/v1/residents/{result.Value.Id}", result.Value) : Problems.From(result.Error!);
    }

    public static async Task<Results<Ok<IReadOnlyList<ResidentView>>, ProblemHttpResult>> FindAsync(string? idNumber, ClaimsPrincipal user,
        FindResidents useCase, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idNumber))
        {
            var errors = new FieldErrors();
            errors.Add("idNumber", "请提供证件号码 idNumber", "The idNumber query parameter is required");
            return Problems.From(errors.ToError("request.invalid"));
        }
        return Problems.Respond(await useCase.ByIdNumberAsync(user.ToCaller(), idNumber, cancellationToken));
    }

    public static async Task<Results<Ok<ResidentView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, GetResident useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, cancellationToken));

    /// <summary>A JSON merge patch of resident fields, plus optional <c>version</c> (the version edited) and <c>reason</c>; the use case checks them.</summary>
    public static async Task<Results<Ok<ResidentView>, ProblemHttpResult>> ChangeAsync(Guid id, JsonObject body, ClaimsPrincipal user,
        ChangeResident useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, body, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<RevisionView>>, ProblemHttpResult>> HistoryAsync(Guid id, ClaimsPrincipal user,
        ResidentHistory useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, cancellationToken));

    public sealed record DeathRequest(string? Date);

    public static async Task<Results<Ok<DeathRecorded>, ProblemHttpResult>> RecordDeathAsync(Guid id, DeathRequest body, ClaimsPrincipal user,
        RecordDeath useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, body.Date, cancellationToken));
}
