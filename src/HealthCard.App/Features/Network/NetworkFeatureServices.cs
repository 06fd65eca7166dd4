using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Network;

/// <summary>The network area's use cases; the transport itself is registered by <c>App.Network.NetworkServices.AddNetwork</c>.</summary>
public static class NetworkFeatureServices
{
    public static IServiceCollection AddNetworkFeatures(this IServiceCollection services)
    {
        services.AddScoped<GetNetworkStatus>();
        services.AddScoped<ResyncOwnRecords>();
        services.AddScoped<ResyncChild>();
        services.AddScoped<ReconcileChild>();
        services.AddScoped<CheckAnchors>();
        return services;
    }
}
