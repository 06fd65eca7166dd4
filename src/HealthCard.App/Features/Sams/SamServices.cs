using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Sams;

/// <summary>SAM security modules: applications, plans, stock, binding and their lifecycle.</summary>
public static class SamServices
{
    public static IServiceCollection AddSams(this IServiceCollection services)
    {
        services.AddScoped<ApplyForSams>();
        services.AddScoped<ReviewSamApplication>();
        services.AddScoped<CreateSamPlan>();
        services.AddScoped<GetSamApplications>();
        services.AddScoped<StockInSams>();
        services.AddScoped<StockOutSams>();
        services.AddScoped<BindSam>();
        services.AddScoped<ChangeSamStatus>();
        services.AddScoped<ReplaceSam>();
        services.AddScoped<GetSams>();
        return services;
    }
}
