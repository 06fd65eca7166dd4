using System.Security.Claims;
using HealthCard.App.Audit;
using HealthCard.App.Features.Audit;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>/api/v1/audit: the tamper-evident log and its verification.</summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        // The use cases decide (Capabilities.AuditRead); the /api/v1 group already requires an authenticated caller.
        var group = api.MapGroup("/audit").WithTags("Audit");
        group.MapGet("/", ListAsync).WithName("ListAudit");
        group.MapGet("/verify", VerifyAsync).WithName("VerifyAudit");
        return group;
    }

    /// <summary>Entries with <c>from</c> ≤ time &lt; <c>to</c>; page with <c>after</c> (the last id seen) and <c>limit</c>.</summary>
    public static async Task<Results<Ok<IReadOnlyList<AuditEntryView>>, ProblemHttpResult>> ListAsync(DateTimeOffset? from, DateTimeOffset? to,
        long? after, int? limit, ClaimsPrincipal user, ListAudit useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), from, to, after ?? 0, limit ?? 100, cancellationToken));

    /// <summary>Walks every chain from its first entry under the chain key, checking the signed checkpoints too.</summary>
    public static async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> VerifyAsync(ClaimsPrincipal user, AuditVerifier verifier,
        CancellationToken cancellationToken) =>
        Problems.Respond(await verifier.VerifyAsync(user.ToCaller(), cancellationToken));
}
