using HealthCard.App.Features.Network;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Network;

public static class NetworkServices
{
    /// <summary>
    /// The network's parts. The use cases and the interceptor are always registered (they do nothing on an island); the
    /// link, relay, consumers and responders only when <c>HealthCard:Network:Region</c> is set.
    /// </summary>
    public static IServiceCollection AddNetwork(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("HealthCard:Network").Get<NetworkOptions>() ?? new NetworkOptions();
        var node = new NetworkNode(options);
        services.AddSingleton(node);
        services.AddSingleton<NetworkOutboxInterceptor>();
        services.AddSingleton<NetworkStatusBoard>();
        services.AddSingleton<NationalRegistry>();
        services.AddSingleton<OwnerRequests>();
        services.AddSingleton<CardDirectory>();
        services.AddSingleton<ResidentHandover>();
        services.AddNetworkFeatures();
        if (node.Enabled)
        {
            services.AddSingleton<NetworkLink>();
            services.AddSingleton<OutboxRelay>();
            services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
            services.AddHostedService<ChangeApplier>();
            services.AddHostedService<OwnerRequestResponder>();
            services.AddSingleton<AnchorPublisher>();
            services.AddHostedService(sp => sp.GetRequiredService<AnchorPublisher>());
            if (node.IsNational)
            {
                services.AddHostedService<NationalClaimsResponder>();
            }
        }
        return services;
    }
}
