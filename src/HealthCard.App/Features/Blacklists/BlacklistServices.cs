using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Blacklists;

/// <summary>The signed lists of unusable cards for offline terminals.</summary>
public static class BlacklistServices
{
    public static IServiceCollection AddBlacklists(this IServiceCollection services)
    {
        services.AddScoped<BuildList>();
        return services;
    }
}
