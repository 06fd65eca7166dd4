using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Production;

/// <summary>Production batches (制卡批次): creation, export to the factory, the return file and distribution.</summary>
public static class ProductionServices
{
    public static IServiceCollection AddProduction(this IServiceCollection services)
    {
        services.AddScoped<CreateProductionBatch>();
        services.AddScoped<ExportProductionBatch>();
        services.AddScoped<ApplyProductionReturn>();
        services.AddScoped<DistributeBatch>();
        services.AddScoped<GetProductionBatches>();
        return services;
    }
}
