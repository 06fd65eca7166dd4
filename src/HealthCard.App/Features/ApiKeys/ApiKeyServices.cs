using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.ApiKeys;

/// <summary>Machine clients' keys: creating, listing and revoking them, and resolving a presented secret.</summary>
public static class ApiKeyServices
{
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddScoped<CreateApiKey>();
        services.AddScoped<ManageApiKeys>();
        services.AddScoped<ApiKeyAuthenticator>();
        return services;
    }
}
