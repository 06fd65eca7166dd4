using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Keys;

/// <summary>The key service (ADR 009, 016): its options, the vault and store, and its use cases.</summary>
public static class KeyServices
{
    public static IServiceCollection AddKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KeyServiceOptions>(configuration.GetSection(KeyServiceOptions.Section));
        // One KEK per process: the vault is the only singleton; everything else is scoped like the DbContext it uses.
        services.AddSingleton<KeyVault>();
        services.AddScoped<KeyStore>();
        services.AddScoped<KeyCeremony>();
        services.AddScoped<TransportKeys>();
        services.AddScoped<GetKeys>();
        services.AddScoped<GetPlatformSigningKey>();
        services.AddScoped<RotateKey>();
        services.AddScoped<ExportProvinceKeys>();
        services.AddScoped<ImportProvinceKeys>();
        services.AddScoped<ApplyForKeys>();
        services.AddScoped<ReviewKeyApplication>();
        services.AddScoped<DelegateKeyCollectors>();
        services.AddScoped<IssueProvinceKeys>();
        services.AddScoped<GetKeyApplications>();
        services.AddScoped<GetKeyHandovers>();
        services.AddScoped<KeyService>();
        services.AddScoped<IPlatformSigner>(sp => sp.GetRequiredService<KeyService>());
        services.AddScoped<ISamKeyLoader>(sp => sp.GetRequiredService<KeyService>());
        return services;
    }
}
