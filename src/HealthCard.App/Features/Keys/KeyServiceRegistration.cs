using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Keys;

/// <summary>Registers the key service (issue #4, ADR 009): one line in <see cref="HealthCardServices.AddHealthCard"/>.</summary>
public static class KeyServiceRegistration
{
    public static IServiceCollection AddKeyService(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KeyServiceOptions>(configuration.GetSection(KeyServiceOptions.Section));
        // One KEK per process: the vault is the only singleton; everything else is scoped like the DbContext it uses.
        services.AddSingleton<KeyVault>();
        services.AddScoped<KeyStore>();
        services.AddScoped<KeyCeremony>();
        services.AddScoped<KeyManagement>();
        services.AddScoped<TransportKeys>();
        services.AddScoped<KeyIssuance>();
        services.AddScoped<KeyService>();
        services.AddScoped<IPlatformSigner>(sp => sp.GetRequiredService<KeyService>());
        services.AddScoped<ISamKeyLoader>(sp => sp.GetRequiredService<KeyService>());
        return services;
    }
}
