using HealthCard.App.Regions;

namespace HealthCard.Web.Api;

/// <summary>/api/v1/about: what this platform is and speaks. A static answer, also the load tests' baseline endpoint.</summary>
public static class SystemEndpoints
{
    public sealed record About(string Name, string ApiVersion, string Standard, int RegionCodes);

    public static RouteGroupBuilder MapSystemEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/about", GetAbout).WithTags("System").WithName("About");
        return api;
    }

    public static IResult GetAbout(RegionDirectory regions) =>
        TypedResults.Ok(new About("HealthCard 居民健康卡管理平台", "v1", "WS/T 543-2017", regions.Count));
}
