using System.Diagnostics;
using HealthCard.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Conflict = HealthCard.Domain.Common.Conflict;
using NotFound = HealthCard.Domain.Common.NotFound;
using Microsoft.AspNetCore.Mvc;

namespace HealthCard.Web.Api;

/// <summary>
/// The one mapping from errors to RFC 9457 problem details. Every problem carries a stable <c>code</c>; the title is
/// Chinese and the detail English; validation problems add <c>errors</c>: field → messages, Chinese then English.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult From(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = error switch
        {
            ValidationFailed => StatusCodes.Status400BadRequest,
            NotFound => StatusCodes.Status404NotFound,
            Forbidden => StatusCodes.Status403Forbidden,
            Conflict or InvalidTransition => StatusCodes.Status409Conflict,
            Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => throw new UnreachableException($"Unmapped error type {error.GetType().Name}."),
        };
        var problem = Create(status, error.Code, error.Message);
        switch (error)
        {
            case ValidationFailed invalid:
                problem.Extensions["errors"] = invalid.Fields.ToDictionary(f => f.Key, f => f.Value.SelectMany(m => new[] { m.Zh, m.En }).ToArray());
                break;
            case InvalidTransition transition:
                problem.Extensions["status"] = transition.From;
                problem.Extensions["trigger"] = transition.Trigger;
                break;
        }
        return TypedResults.Problem(problem);
    }

    /// <summary>200 with the value, or the error's problem details.</summary>
    public static Results<Ok<T>, ProblemHttpResult> Respond<T>(Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : From(result.Error!);

    /// <summary>201 with the value (no Location header: URLs may hold personal numbers), or the error's problem details.</summary>
    public static Results<Created<T>, ProblemHttpResult> Created<T>(Result<T> result) =>
        result.IsSuccess ? TypedResults.Created((string?)null, result.Value) : From(result.Error!);

    public static ProblemDetails Create(int status, string code, Message message)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = $"https://healthcard.example/problems/{code}",
            Title = message.Zh,
            Detail = message.En,
        };
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>Writes a problem directly (for answers produced outside endpoints: authentication, rate limits, crashes).</summary>
    public static Task Write(HttpContext context, int status, string code, Message message)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = Create(status, code, message);
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
