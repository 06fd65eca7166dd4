using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Demo;

/// <summary>The demo data the embedded default starts with (README), and the printed logins.</summary>
public static class DemoServices
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<DemoData>();
        services.AddScoped<DemoRegistry>();
        services.AddScoped<DemoIssuance>();
        services.AddScoped<DemoAccounts>();
        return services;
    }
}
