using HealthCard.Web.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace HealthCard.Web.Hosting;

/// <summary>
/// The one handler for anything unexpected: malformed requests become 400 problems; everything else a 500 with a
/// trace id and no internals. The exception is logged (its message never holds personal data: use cases keep
/// identity numbers out of exceptions).
/// </summary>
public sealed class UnexpectedErrors(ILogger<UnexpectedErrors> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is BadHttpRequestException bad)
        {
            await Problems.Write(httpContext, bad.StatusCode, "request.malformed",
                new("请求格式错误（例如 JSON 无效或字段类型不符）", "The request is malformed (for example invalid JSON or a field of the wrong type)"));
            return true;
        }
        logger.LogError(exception, "Unhandled exception on {Method} {Endpoint}", httpContext.Request.Method,
            httpContext.GetEndpoint()?.DisplayName ?? "unknown endpoint");
        await Problems.Write(httpContext, StatusCodes.Status500InternalServerError, "internal_error",
            new("服务器内部错误，请携带 traceId 联系管理员", "Internal error; quote the traceId when you contact the operators"));
        return true;
    }
}
