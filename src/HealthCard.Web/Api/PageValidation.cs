using HealthCard.App.Common;

namespace HealthCard.Web.Api;

/// <summary>
/// Every list of the API pages with <c>page</c> and <c>pageSize</c>; this checks both once, for all of them, with
/// <see cref="PageRequest.Parse"/>: a bad value is a 400 problem (<c>page.invalid</c>, a message per field) before any
/// endpoint binds it, never a silently different page.
/// </summary>
public static class PageValidation
{
    public static IApplicationBuilder UsePageValidation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var query = context.Request.Query;
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && (query.ContainsKey("page") || query.ContainsKey("pageSize")))
        {
            var parsed = PageRequest.Parse(Single(query, "page"), Single(query, "pageSize"));
            if (!parsed.IsSuccess)
            {
                await Problems.From(parsed.Error!).ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    });

    /// <summary>The one value given; a repeated parameter is refused like a bad one (an empty string fails to parse).</summary>
    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.Count == 1 ? values[0] ?? "" : "" : null;

    /// <summary>The page an endpoint serves, from values <see cref="UsePageValidation"/> already checked.</summary>
    public static PageRequest Of(int? page, int? pageSize) => new(page ?? 1, pageSize ?? PageRequest.DefaultSize);
}
