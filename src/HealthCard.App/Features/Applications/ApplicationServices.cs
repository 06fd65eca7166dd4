using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Applications;

/// <summary>Card applications (申领) and their review.</summary>
public static class ApplicationServices
{
    public static IServiceCollection AddApplications(this IServiceCollection services)
    {
        services.AddScoped<SubmitApplication>();
        services.AddScoped<ReviewApplication>();
        services.AddScoped<GetApplications>();
        return services;
    }
}
