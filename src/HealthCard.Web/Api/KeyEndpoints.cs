using System.Security.Claims;
using HealthCard.App.Features.Keys;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>
/// /api/v1/keys: the key service (ADR 009, 016). The use cases decide who may do what (capabilities, the caller's tier
/// and region, separation of duties), so the API, the console and the CLI get the same answers; the group only requires
/// an authenticated caller. The platform's public signing key is open to any authenticated client (terminals). Answers
/// carry metadata, check values and public keys, never key material: not even a transport key, which exists whole only
/// inside the key service.
/// </summary>
public static class KeyEndpoints
{
    public sealed record UnsealRequest(string? Share);

    public sealed record RotateRequest(string? Reason);

    /// <summary>One custodian's component of their tier's transport key (ADR 016).</summary>
    public sealed record TransportComponentBody(string? RegionCode, string? Component, string? CheckValue);

    /// <summary>Names the receiving province; the transport key is the one its custodians registered, never one given here.</summary>
    public sealed record ExportRequest(string? Province);

    public sealed record ImportRequest(KeyExport? Package);

    public sealed record CheckValueView(KeyView Key, bool? Verified);

    public static RouteGroupBuilder MapKeyEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/keys").WithTags("Keys");
        group.MapGet("/platform-signing-key", PlatformSigningKeyAsync).WithName("GetPlatformSigningKey");
        group.MapGet("/", ListAsync).WithName("ListKeys");
        group.MapGet("/status", StatusAsync).WithName("GetKeyServiceStatus");
        group.MapPost("/unseal", UnsealAsync).WithName("UnsealKeyService");
        group.MapPost("/seal", SealAsync).WithName("SealKeyService");
        group.MapPost("/transport-keys", ContributeTransportComponentAsync).WithName("ContributeTransportKeyComponent");
        group.MapGet("/transport-keys/{region}", TransportCeremonyAsync).WithName("GetTransportKeyCeremony");
        group.MapPost("/transport-keys/{region}/cancel", CancelTransportCeremonyAsync).WithName("CancelTransportKeyCeremony");
        group.MapPost("/export", ExportAsync).WithName("ExportKeys");
        group.MapPost("/import", ImportAsync).WithName("ImportKeys");
        group.MapGet("/applications", ListApplicationsAsync).WithName("ListKeyApplications");
        group.MapPost("/applications", ApplyAsync).WithName("SubmitKeyApplication");
        group.MapGet("/applications/{id:guid}", GetApplicationAsync).WithName("GetKeyApplication");
        group.MapPost("/applications/{id:guid}/approve", ApproveAsync).WithName("ApproveKeyApplication");
        group.MapPost("/applications/{id:guid}/reject", RejectAsync).WithName("RejectKeyApplication");
        group.MapGet("/applications/{id:guid}/delegations", ListDelegationsAsync).WithName("ListKeyDelegations");
        group.MapPost("/applications/{id:guid}/delegations", DelegateAsync).WithName("CreateKeyDelegation");
        group.MapPost("/applications/{id:guid}/issue", IssueAsync).WithName("IssueProvinceKeys");
        group.MapGet("/handovers", ListHandoversAsync).WithName("ListKeyHandovers");
        group.MapGet("/handovers/{number}", GetHandoverAsync).WithName("GetKeyHandover");
        group.MapGet("/{keyId}", GetAsync).WithName("GetKey");
        group.MapGet("/{keyId}/check-value", CheckValueAsync).WithName("GetKeyCheckValue");
        group.MapPost("/{keyId}/rotate", RotateAsync).WithName("RotateKey");
        return group;
    }

    public static async Task<Results<Ok<IReadOnlyList<KeyView>>, ProblemHttpResult>> ListAsync(string? usage, string? region, string? status, ClaimsPrincipal user,
        GetKeys keys, CancellationToken cancellationToken) =>
        Problems.Respond(await keys.ListAsync(user.ToCaller(), usage, region, status, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<KeyView>>, ProblemHttpResult>> GetAsync(string keyId, ClaimsPrincipal user, GetKeys keys,
        CancellationToken cancellationToken) =>
        Problems.Respond(await keys.VersionsAsync(user.ToCaller(), keyId, cancellationToken));

    public static async Task<Results<Ok<CheckValueView>, ProblemHttpResult>> CheckValueAsync(string keyId, int? version, bool? verify, ClaimsPrincipal user,
        GetKeys keys, CancellationToken cancellationToken) =>
        Problems.Respond((await keys.CheckValueAsync(user.ToCaller(), keyId, version, verify ?? false, cancellationToken))
            .Map(r => new CheckValueView(r.Key, r.Verified)));

    public static async Task<Results<Ok<RotationView>, ProblemHttpResult>> RotateAsync(string keyId, RotateRequest body, ClaimsPrincipal user,
        RotateKey rotate, CancellationToken cancellationToken) =>
        Problems.Respond(await rotate.ExecuteAsync(user.ToCaller(), keyId, body.Reason, cancellationToken));

    public static async Task<Results<Ok<KeyStoreStatus>, ProblemHttpResult>> StatusAsync(ClaimsPrincipal user, KeyCeremony ceremony,
        CancellationToken cancellationToken) =>
        Problems.Respond(await ceremony.StatusAsync(user.ToCaller(), cancellationToken));

    public static async Task<Results<Ok<KeyStoreStatus>, ProblemHttpResult>> UnsealAsync(UnsealRequest body, ClaimsPrincipal user,
        KeyCeremony ceremony, CancellationToken cancellationToken) =>
        Problems.Respond(await ceremony.UnsealAsync(user.ToCaller(), body.Share, cancellationToken));

    public static async Task<Results<Ok<KeyStoreStatus>, ProblemHttpResult>> SealAsync(ClaimsPrincipal user, KeyCeremony ceremony,
        CancellationToken cancellationToken) =>
        Problems.Respond(await ceremony.SealAsync(user.ToCaller(), cancellationToken));

    public static async Task<Results<Ok<PlatformKeyView>, ProblemHttpResult>> PlatformSigningKeyAsync(GetPlatformSigningKey key,
        CancellationToken cancellationToken) =>
        Problems.Respond(await key.ExecuteAsync(cancellationToken));

    public static async Task<Results<Ok<TransportCeremonyView>, ProblemHttpResult>> ContributeTransportComponentAsync(TransportComponentBody body,
        ClaimsPrincipal user, TransportKeys transport, CancellationToken cancellationToken) =>
        Problems.Respond(await transport.ContributeAsync(user.ToCaller(), body.RegionCode, new TransportComponentRequest(body.Component, body.CheckValue),
            cancellationToken));

    public static async Task<Results<Ok<TransportCeremonyView>, ProblemHttpResult>> TransportCeremonyAsync(string region, ClaimsPrincipal user,
        TransportKeys transport, CancellationToken cancellationToken) =>
        Problems.Respond(await transport.StatusAsync(user.ToCaller(), region, cancellationToken));

    public static async Task<Results<Ok<TransportCeremonyView>, ProblemHttpResult>> CancelTransportCeremonyAsync(string region, ClaimsPrincipal user,
        TransportKeys transport, CancellationToken cancellationToken) =>
        Problems.Respond(await transport.CancelAsync(user.ToCaller(), region, cancellationToken));

    public static async Task<Results<Ok<KeyExport>, ProblemHttpResult>> ExportAsync(ExportRequest body, ClaimsPrincipal user, ExportProvinceKeys export,
        CancellationToken cancellationToken) =>
        Problems.Respond(await export.ExecuteAsync(user.ToCaller(), body.Province, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<KeyView>>, ProblemHttpResult>> ImportAsync(ImportRequest body, ClaimsPrincipal user,
        ImportProvinceKeys import, CancellationToken cancellationToken) =>
        Problems.Respond(await import.ExecuteAsync(user.ToCaller(), body.Package, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<KeyApplicationView>>, ProblemHttpResult>> ListApplicationsAsync(string? province, ClaimsPrincipal user,
        GetKeyApplications applications, CancellationToken cancellationToken) =>
        Problems.Respond(await applications.ListAsync(user.ToCaller(), province, cancellationToken));

    public static async Task<Results<Created<KeyApplicationView>, ProblemHttpResult>> ApplyAsync(KeyApplicationRequest body, ClaimsPrincipal user,
        ApplyForKeys apply, CancellationToken cancellationToken)
    {
        var result = await apply.ExecuteAsync(user.ToCaller(), body, cancellationToken);
        return result.IsSuccess ? TypedResults.Created($"/api/v1/keys/applications/{result.Value.Id}", result.Value) : Problems.From(result.Error!);
    }

    public static async Task<Results<Ok<KeyApplicationView>, ProblemHttpResult>> GetApplicationAsync(Guid id, ClaimsPrincipal user, GetKeyApplications applications,
        CancellationToken cancellationToken) =>
        Problems.Respond(await applications.OneAsync(user.ToCaller(), id, cancellationToken));

    public static async Task<Results<Ok<KeyApplicationView>, ProblemHttpResult>> ApproveAsync(Guid id, ReviewRequest? body, ClaimsPrincipal user,
        ReviewKeyApplication review, CancellationToken cancellationToken) =>
        Problems.Respond(await review.ExecuteAsync(user.ToCaller(), id, approve: true, body, cancellationToken));

    public static async Task<Results<Ok<KeyApplicationView>, ProblemHttpResult>> RejectAsync(Guid id, ReviewRequest? body, ClaimsPrincipal user,
        ReviewKeyApplication review, CancellationToken cancellationToken) =>
        Problems.Respond(await review.ExecuteAsync(user.ToCaller(), id, approve: false, body, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<DelegationView>>, ProblemHttpResult>> ListDelegationsAsync(Guid id, ClaimsPrincipal user,
        GetKeyApplications applications, CancellationToken cancellationToken) =>
        Problems.Respond(await applications.DelegationsAsync(user.ToCaller(), id, cancellationToken));

    public static async Task<Results<Created<DelegationView>, ProblemHttpResult>> DelegateAsync(Guid id, DelegationRequest body, ClaimsPrincipal user,
        DelegateKeyCollectors delegation, CancellationToken cancellationToken)
    {
        var result = await delegation.ExecuteAsync(user.ToCaller(), id, body, cancellationToken);
        return result.IsSuccess ? TypedResults.Created((string?)null, result.Value) : Problems.From(result.Error!);
    }

    public static async Task<Results<Created<HandoverView>, ProblemHttpResult>> IssueAsync(Guid id, IssueKeysRequest body, ClaimsPrincipal user,
        IssueProvinceKeys issue, CancellationToken cancellationToken)
    {
        var result = await issue.ExecuteAsync(user.ToCaller(), id, body, cancellationToken);
        return result.IsSuccess ? TypedResults.Created($"/api/v1/keys/handovers/{result.Value.Number}", result.Value) : Problems.From(result.Error!);
    }

    public static async Task<Results<Ok<IReadOnlyList<HandoverView>>, ProblemHttpResult>> ListHandoversAsync(string? province, ClaimsPrincipal user,
        GetKeyHandovers handovers, CancellationToken cancellationToken) =>
        Problems.Respond(await handovers.ListAsync(user.ToCaller(), province, cancellationToken));

    public static async Task<Results<Ok<HandoverView>, ProblemHttpResult>> GetHandoverAsync(string number, ClaimsPrincipal user, GetKeyHandovers handovers,
        CancellationToken cancellationToken) =>
        Problems.Respond(await handovers.OneAsync(user.ToCaller(), number, cancellationToken));
}
