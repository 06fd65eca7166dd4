using System.Security.Claims;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>
/// /api/v1/keys: the key service (ADR 009). Every endpoint needs <c>keys:manage</c> (the key custodians' scope), except
/// the platform's public signing key, which any authenticated client (terminals) may fetch. Answers carry metadata,
/// check values and public keys, never key material; the only clear key ever returned is a transport key the platform
/// has just generated for a tier to load.
/// </summary>
public static class KeyEndpoints
{
    public sealed record UnsealRequest(string? Share);

    public sealed record RotateRequest(string? Reason);

    public sealed record TransportKeyRequest(string? RegionCode, string? Key);

    public sealed record ExportRequest(string? Province, string? TransportKey);

    public sealed record ImportRequest(KeyExport? Package, string? TransportKey);

    public sealed record CheckValueView(KeyView Key, bool? Verified);

    public static RouteGroupBuilder MapKeyEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/keys").WithTags("Keys");
        group.MapGet("/platform-signing-key", PlatformSigningKeyAsync).WithName("GetPlatformSigningKey");
        var manage = group.MapGroup("").RequireAuthorization(Scope.KeysManage);
        manage.MapGet("/", ListAsync).WithName("ListKeys");
        manage.MapGet("/status", StatusAsync).WithName("GetKeyServiceStatus");
        manage.MapPost("/unseal", UnsealAsync).WithName("UnsealKeyService");
        manage.MapPost("/seal", SealAsync).WithName("SealKeyService");
        manage.MapPost("/transport-keys", RegisterTransportKeyAsync).WithName("RegisterTransportKey");
        manage.MapPost("/export", ExportAsync).WithName("ExportKeys");
        manage.MapPost("/import", ImportAsync).WithName("ImportKeys");
        manage.MapGet("/applications", ListApplicationsAsync).WithName("ListKeyApplications");
        manage.MapPost("/applications", ApplyAsync).WithName("SubmitKeyApplication");
        manage.MapGet("/applications/{id:guid}", GetApplicationAsync).WithName("GetKeyApplication");
        manage.MapPost("/applications/{id:guid}/approve", ApproveAsync).WithName("ApproveKeyApplication");
        manage.MapPost("/applications/{id:guid}/reject", RejectAsync).WithName("RejectKeyApplication");
        manage.MapGet("/applications/{id:guid}/delegations", ListDelegationsAsync).WithName("ListKeyDelegations");
        manage.MapPost("/applications/{id:guid}/delegations", DelegateAsync).WithName("CreateKeyDelegation");
        manage.MapPost("/applications/{id:guid}/issue", IssueAsync).WithName("IssueProvinceKeys");
        manage.MapGet("/handovers", ListHandoversAsync).WithName("ListKeyHandovers");
        manage.MapGet("/handovers/{number}", GetHandoverAsync).WithName("GetKeyHandover");
        manage.MapGet("/{keyId}", GetAsync).WithName("GetKey");
        manage.MapGet("/{keyId}/check-value", CheckValueAsync).WithName("GetKeyCheckValue");
        manage.MapPost("/{keyId}/rotate", RotateAsync).WithName("RotateKey");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<KeyView>>> ListAsync(string? usage, string? region, string? status, KeyManagement keys,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(usage, region, status, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<KeyView>>, ProblemHttpResult>> GetAsync(string keyId, KeyManagement keys,
        CancellationToken cancellationToken) =>
        Problems.Respond(await keys.GetAsync(keyId, cancellationToken));

    public static async Task<Results<Ok<CheckValueView>, ProblemHttpResult>> CheckValueAsync(string keyId, int? version, bool? verify,
        KeyManagement keys, CancellationToken cancellationToken) =>
        Problems.Respond((await keys.CheckValueAsync(keyId, version, verify ?? false, cancellationToken))
            .Map(r => new CheckValueView(r.Key, r.Verified)));

    public static async Task<Results<Ok<RotationView>, ProblemHttpResult>> RotateAsync(string keyId, RotateRequest body, ClaimsPrincipal user,
        KeyManagement keys, CancellationToken cancellationToken) =>
        Problems.Respond(await keys.RotateAsync(user.ToCaller(), keyId, body.Reason, cancellationToken));

    public static async Task<Ok<KeyStoreStatus>> StatusAsync(KeyCeremony ceremony, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ceremony.StatusAsync(cancellationToken));

    public static async Task<Results<Ok<KeyStoreStatus>, ProblemHttpResult>> UnsealAsync(UnsealRequest body, ClaimsPrincipal user,
        KeyCeremony ceremony, CancellationToken cancellationToken) =>
        Problems.Respond(await ceremony.UnsealAsync(user.ToCaller(), body.Share, cancellationToken));

    public static async Task<Results<Ok<KeyStoreStatus>, ProblemHttpResult>> SealAsync(ClaimsPrincipal user, KeyCeremony ceremony,
        CancellationToken cancellationToken) =>
        Problems.Respond(await ceremony.SealAsync(user.ToCaller(), cancellationToken));

    public static async Task<Results<Ok<PlatformKeyView>, ProblemHttpResult>> PlatformSigningKeyAsync(KeyManagement keys,
        CancellationToken cancellationToken) =>
        Problems.Respond(await keys.PlatformSigningKeyAsync(cancellationToken));

    public static async Task<Results<Ok<TransportKeyView>, ProblemHttpResult>> RegisterTransportKeyAsync(TransportKeyRequest body,
        ClaimsPrincipal user, KeyManagement keys, CancellationToken cancellationToken) =>
        Problems.Respond(await keys.RegisterTransportKeyAsync(user.ToCaller(), body.RegionCode, body.Key, cancellationToken));

    public static async Task<Results<Ok<KeyExport>, ProblemHttpResult>> ExportAsync(ExportRequest body, ClaimsPrincipal user, KeyManagement keys,
        CancellationToken cancellationToken) =>
        Problems.Respond(await keys.ExportAsync(user.ToCaller(), body.Province, body.TransportKey, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<KeyView>>, ProblemHttpResult>> ImportAsync(ImportRequest body, ClaimsPrincipal user,
        KeyManagement keys, CancellationToken cancellationToken) =>
        Problems.Respond(await keys.ImportAsync(user.ToCaller(), body.Package, body.TransportKey, cancellationToken));

    public static async Task<Ok<IReadOnlyList<KeyApplicationView>>> ListApplicationsAsync(string? province, KeyIssuance issuance,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await issuance.ListApplicationsAsync(province, cancellationToken));

    public static async Task<Results<Created<KeyApplicationView>, ProblemHttpResult>> ApplyAsync(KeyApplicationRequest body, ClaimsPrincipal user,
        KeyIssuance issuance, CancellationToken cancellationToken)
    {
        var result = await issuance.ApplyAsync(user.ToCaller(), body, cancellationToken);
        return result.IsSuccess ? TypedResults.Created($"/api/v1/keys/applications/{result.Value.Id}", result.Value) : Problems.From(result.Error!);
    }

    public static async Task<Results<Ok<KeyApplicationView>, ProblemHttpResult>> GetApplicationAsync(Guid id, KeyIssuance issuance,
        CancellationToken cancellationToken) =>
        Problems.Respond(await issuance.GetApplicationAsync(id, cancellationToken));

    public static async Task<Results<Ok<KeyApplicationView>, ProblemHttpResult>> ApproveAsync(Guid id, ReviewRequest? body, ClaimsPrincipal user,
        KeyIssuance issuance, CancellationToken cancellationToken) =>
        Problems.Respond(await issuance.ReviewAsync(user.ToCaller(), id, approve: true, body, cancellationToken));

    public static async Task<Results<Ok<KeyApplicationView>, ProblemHttpResult>> RejectAsync(Guid id, ReviewRequest? body, ClaimsPrincipal user,
        KeyIssuance issuance, CancellationToken cancellationToken) =>
        Problems.Respond(await issuance.ReviewAsync(user.ToCaller(), id, approve: false, body, cancellationToken));

    public static async Task<Ok<IReadOnlyList<DelegationView>>> ListDelegationsAsync(Guid id, KeyIssuance issuance, CancellationToken cancellationToken) =>
        TypedResults.Ok(await issuance.ListDelegationsAsync(id, cancellationToken));

    public static async Task<Results<Created<DelegationView>, ProblemHttpResult>> DelegateAsync(Guid id, DelegationRequest body, ClaimsPrincipal user,
        KeyIssuance issuance, CancellationToken cancellationToken)
    {
        var result = await issuance.DelegateAsync(user.ToCaller(), id, body, cancellationToken);
        return result.IsSuccess ? TypedResults.Created((string?)null, result.Value) : Problems.From(result.Error!);
    }

    public static async Task<Results<Created<HandoverView>, ProblemHttpResult>> IssueAsync(Guid id, IssueKeysRequest body, ClaimsPrincipal user,
        KeyIssuance issuance, CancellationToken cancellationToken)
    {
        var result = await issuance.IssueAsync(user.ToCaller(), id, body, cancellationToken);
        return result.IsSuccess ? TypedResults.Created($"/api/v1/keys/handovers/{result.Value.Number}", result.Value) : Problems.From(result.Error!);
    }

    public static async Task<Ok<IReadOnlyList<HandoverView>>> ListHandoversAsync(string? province, KeyIssuance issuance,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await issuance.ListHandoversAsync(province, cancellationToken));

    public static async Task<Results<Ok<HandoverView>, ProblemHttpResult>> GetHandoverAsync(string number, KeyIssuance issuance,
        CancellationToken cancellationToken) =>
        Problems.Respond(await issuance.GetHandoverAsync(number, cancellationToken));
}
