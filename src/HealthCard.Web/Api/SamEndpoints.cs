using System.Security.Claims;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Sams;
using HealthCard.App.Features.Terminals;
using HealthCard.Domain.SecurityModules;
using HealthCard.Domain.Terminals;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HealthCard.Web.Api;

/// <summary>/api/v1/sam-applications, /sam-plans, /sams and /terminals: the SAM flow from application to use, and the devices.</summary>
public static class SamEndpoints
{
    /// <summary>The SAM operations that change only the status, as URL segments.</summary>
    private static readonly Dictionary<string, SamTrigger> SamOperations = new(StringComparer.Ordinal)
    {
        ["freeze"] = SamTrigger.Freeze,
        ["unfreeze"] = SamTrigger.Unfreeze,
        ["lock"] = SamTrigger.Lock,
        ["unlock"] = SamTrigger.Unlock,
        ["report-loss"] = SamTrigger.ReportLoss,
        ["recover"] = SamTrigger.Recover,
        ["scrap"] = SamTrigger.Scrap,
        ["cancel"] = SamTrigger.Cancel,
    };

    private static readonly Dictionary<string, TerminalTrigger> TerminalOperations = new(StringComparer.Ordinal)
    {
        ["freeze"] = TerminalTrigger.Freeze,
        ["unfreeze"] = TerminalTrigger.Unfreeze,
        ["report-loss"] = TerminalTrigger.ReportLoss,
        ["cancel"] = TerminalTrigger.Cancel,
    };

    public static RouteGroupBuilder MapSamEndpoints(this RouteGroupBuilder api)
    {
        var applications = api.MapGroup("/sam-applications").WithTags("SAMs");
        applications.MapPost("/", ApplyAsync).WithName("ApplyForSams");
        applications.MapGet("/", ListApplicationsAsync).WithName("ListSamApplications");
        applications.MapPost("/{id:guid}/{operation:regex(^(approve|reject)$)}", ReviewAsync).WithName("ReviewSamApplication");

        var plans = api.MapGroup("/sam-plans").WithTags("SAMs");
        plans.MapPost("/", PlanAsync).WithName("CreateSamPlan");
        plans.MapGet("/{id:guid}", GetPlanAsync).WithName("GetSamPlan");

        var sams = api.MapGroup("/sams").WithTags("SAMs");
        sams.MapPost("/stock-in", StockInAsync).WithName("StockInSams");
        sams.MapPost("/stock-out", StockOutAsync).WithName("StockOutSams");
        sams.MapGet("/handovers/{number}", HandoverAsync).WithName("GetHandover");
        sams.MapGet("/", ListSamsAsync).WithName("ListSams");
        sams.MapGet("/{serial}", GetSamAsync).WithName("GetSam");
        sams.MapGet("/{serial}/history", SamHistoryAsync).WithName("GetSamHistory");
        sams.MapPost("/{serial}/activate", BindAsync).WithName("ActivateSam");
        sams.MapPost("/{serial}/replace", ReplaceAsync).WithName("ReplaceSam");
        sams.MapPost($"/{{serial}}/{{operation:regex(^({string.Join('|', SamOperations.Keys)})$)}}", ChangeSamAsync)
            .WithName("ChangeSamStatus");

        var terminals = api.MapGroup("/terminals").WithTags("Terminals");
        terminals.MapPost("/", RegisterTerminalAsync).WithName("RegisterTerminal");
        terminals.MapGet("/", ListTerminalsAsync).WithName("ListTerminals");
        terminals.MapGet("/{serial}", GetTerminalAsync).WithName("GetTerminal");
        terminals.MapGet("/{serial}/history", TerminalHistoryAsync).WithName("GetTerminalHistory");
        terminals.MapPost($"/{{serial}}/{{operation:regex(^({string.Join('|', TerminalOperations.Keys)})$)}}", ChangeTerminalAsync)
            .WithName("ChangeTerminalStatus");
        return api;
    }

    public static async Task<Results<Created<SamApplicationView>, ProblemHttpResult>> ApplyAsync(SamApplicationRequest body, ClaimsPrincipal user,
        ApplyForSams useCase, CancellationToken cancellationToken) =>
        Problems.Created(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<Paged<SamApplicationView>>, ProblemHttpResult>> ListApplicationsAsync(string? status, int? page, int? pageSize, ClaimsPrincipal user,
        GetSamApplications useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ListAsync(user.ToCaller(), status, PageValidation.Of(page, pageSize), cancellationToken));

    public static async Task<Results<Ok<SamApplicationView>, ProblemHttpResult>> ReviewAsync(Guid id, string operation, ReasonRequest? body,
        ClaimsPrincipal user, ReviewSamApplication useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), id, operation == "approve", body?.Reason, cancellationToken));

    public static async Task<Results<Created<SamPlanView>, ProblemHttpResult>> PlanAsync(SamPlanRequest body, ClaimsPrincipal user,
        CreateSamPlan useCase, CancellationToken cancellationToken) =>
        Problems.Created(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<SamPlanView>, ProblemHttpResult>> GetPlanAsync(Guid id, ClaimsPrincipal user, GetSamApplications useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.PlanAsync(user.ToCaller(), id, cancellationToken));

    public static async Task<Results<Created<StockInResult>, ProblemHttpResult>> StockInAsync(StockInRequest body, ClaimsPrincipal user,
        StockInSams useCase, CancellationToken cancellationToken) =>
        Problems.Created(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Created<HandoverView>, ProblemHttpResult>> StockOutAsync(StockOutRequest body, ClaimsPrincipal user,
        StockOutSams useCase, CancellationToken cancellationToken) =>
        Problems.Created(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<HandoverView>, ProblemHttpResult>> HandoverAsync(string number, ClaimsPrincipal user, GetSams useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.HandoverAsync(user.ToCaller(), number, cancellationToken));

    public static async Task<Results<Ok<Paged<SamView>>, ProblemHttpResult>> ListSamsAsync(int? type, string? status, string? serial, string? institutionCode, int? page, int? pageSize,
        ClaimsPrincipal user, GetSams useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ListAsync(user.ToCaller(), type, status, serial, institutionCode, PageValidation.Of(page, pageSize), cancellationToken));

    public static async Task<Results<Ok<SamView>, ProblemHttpResult>> GetSamAsync(string serial, ClaimsPrincipal user, GetSams useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.OneAsync(user.ToCaller(), serial, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<LifecycleEventView>>, ProblemHttpResult>> SamHistoryAsync(string serial, ClaimsPrincipal user,
        GetSams useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.HistoryAsync(user.ToCaller(), serial, cancellationToken));

    public static async Task<Results<Ok<SamView>, ProblemHttpResult>> BindAsync(string serial, SamBindRequest body, ClaimsPrincipal user,
        BindSam useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), serial, body, cancellationToken));

    public static async Task<Results<Ok<SamView>, ProblemHttpResult>> ReplaceAsync(string serial, SamReplaceRequest body, ClaimsPrincipal user,
        ReplaceSam useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), serial, body, cancellationToken));

    public static async Task<Results<Ok<SamView>, ProblemHttpResult>> ChangeSamAsync(string serial, string operation, ReasonRequest? body,
        ClaimsPrincipal user, ChangeSamStatus useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), serial, SamOperations[operation], body?.Reason, cancellationToken));

    public static async Task<Results<Created<TerminalView>, ProblemHttpResult>> RegisterTerminalAsync(TerminalRequest body, ClaimsPrincipal user,
        RegisterTerminal useCase, CancellationToken cancellationToken) =>
        Problems.Created(await useCase.ExecuteAsync(user.ToCaller(), body, cancellationToken));

    public static async Task<Results<Ok<Paged<TerminalView>>, ProblemHttpResult>> ListTerminalsAsync(string? institutionCode, string? status, int? page, int? pageSize,
        ClaimsPrincipal user, GetTerminals useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ListAsync(user.ToCaller(), institutionCode, status, PageValidation.Of(page, pageSize), cancellationToken));

    public static async Task<Results<Ok<TerminalView>, ProblemHttpResult>> GetTerminalAsync(string serial, ClaimsPrincipal user, GetTerminals useCase,
        CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.OneAsync(user.ToCaller(), serial, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<LifecycleEventView>>, ProblemHttpResult>> TerminalHistoryAsync(string serial,
        ClaimsPrincipal user, GetTerminals useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.HistoryAsync(user.ToCaller(), serial, cancellationToken));

    public static async Task<Results<Ok<TerminalView>, ProblemHttpResult>> ChangeTerminalAsync(string serial, string operation, ReasonRequest? body,
        ClaimsPrincipal user, ChangeTerminalStatus useCase, CancellationToken cancellationToken) =>
        Problems.Respond(await useCase.ExecuteAsync(user.ToCaller(), serial, TerminalOperations[operation], body?.Reason, cancellationToken));
}
