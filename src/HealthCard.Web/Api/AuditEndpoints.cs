using System.Security.Claims;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Audit;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>/api/v1/audit: the tamper-evident log and its verification.</summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Scope.AuditRead);
        group.MapGet("/", ListAsync).WithName("ListAudit");
        group.MapGet("/verify", VerifyAsync).WithName("VerifyAudit");
        return group;
    }

    /// <summary>Entries with <c>from</c> ≤ time &lt; <c>to</c>; page with <c>after</c> (the last id seen) and <c>limit</c>.</summary>
    public static async Task<Ok<IReadOnlyList<AuditEntryView>>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, long? after, int? limit,
        ClaimsPrincipal user, ListAudit useCase, CancellationToken cancellationToken) =>
        TypedResults.Ok(await useCase.ExecuteAsync(user.ToCaller(), from, to, after ?? 0, limit ?? 100, cancellationToken));

    public static async Task<Ok<AuditVerification>> VerifyAsync(AuditVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verifier.VerifyAsync(cancellationToken));
}
