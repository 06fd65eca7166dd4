using HealthCard.App.Features.Applications;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Production;

/// <summary>Card applications (申领) and production batches (制卡批次).</summary>
internal static class ProductionServices
{
    public static IServiceCollection AddProductionServices(this IServiceCollection services)
    {
        services.AddScoped<SubmitApplication>();
        services.AddScoped<ReviewApplication>();
        services.AddScoped<GetApplications>();
        services.AddScoped<CreateProductionBatch>();
        services.AddScoped<ExportProductionBatch>();
        services.AddScoped<ApplyProductionReturn>();
        services.AddScoped<DistributeBatch>();
        services.AddScoped<GetProductionBatches>();
        return services;
    }
}
