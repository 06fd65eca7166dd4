using System.Security.Claims;
using HealthCard.App.Features.Network;
using HealthCard.Domain.Common;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>/api/v1/network: the node's links to the national network, resynchronisation, reconciliation and audit anchors.</summary>
public static class NetworkEndpoints
{
    public static RouteGroupBuilder MapNetworkEndpoints(this RouteGroupBuilder api)
    {
        // The use cases decide (Capabilities.NetworkRead, NetworkManage); the /api/v1 group requires an authenticated caller.
        var group = api.MapGroup("/network").WithTags("Network");
        group.MapGet("/status", StatusAsync).WithName("GetNetworkStatus");
        group.MapPost("/resync", ResyncAsync).WithName("ResyncChild");
        group.MapGet("/reconcile", ReconcileAsync).WithName("ReconcileChild");
        group.MapGet("/anchors", AnchorsAsync).WithName("CheckAuditAnchors");
        return group;
    }

    /// <summary>Each link: changes waiting and lag in seconds, the last delivered change, errors; children seen; refused changes.</summary>
    public static async Task<Results<Ok<NetworkStatusView>, ProblemHttpResult>> StatusAsync(ClaimsPrincipal user, GetNetworkStatus useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), cancellationToken));

    /// <summary>Asks the child to send all its records again; answers how many it queued.</summary>
    public static async Task<Results<Ok<ResyncResult>, ProblemHttpResult>> ResyncAsync(ResyncRequest request, ClaimsPrincipal user, ResyncChild useCase,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await useCase.ExecuteAsync(user.ToCaller(), request.Child ?? "", cancellationToken);
        return Problems.Respond(result.IsSuccess ? (Result<ResyncResult>)new ResyncResult(request.Child!, result.Value) : result.Error!);
    }

    /// <summary>Counts and digests per kind on both sides, naming each differing record.</summary>
    public static async Task<Results<Ok<ReconciliationReport>, ProblemHttpResult>> ReconcileAsync(string? child, ClaimsPrincipal user,
        ReconcileChild useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), child ?? "", cancellationToken));

    /// <summary>Each child chain against the newest anchor held for it: intact, rewritten, cut or unreachable.</summary>
    public static async Task<Results<Ok<IReadOnlyList<AnchorCheck>>, ProblemHttpResult>> AnchorsAsync(ClaimsPrincipal user, CheckAnchors useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), cancellationToken));
}

public sealed record ResyncRequest(string? Child);

public sealed record ResyncResult(string Child, int Queued);
