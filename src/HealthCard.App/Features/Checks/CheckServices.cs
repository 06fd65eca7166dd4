using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Checks;

/// <summary>The online check before every card read or write.</summary>
public static class CheckServices
{
    public static IServiceCollection AddChecks(this IServiceCollection services)
    {
        // A singleton: it keeps its own connections and prepared statements for the hot path (docs/performance.md).
        services.AddSingleton<OnlineCheck>();
        return services;
    }
}
