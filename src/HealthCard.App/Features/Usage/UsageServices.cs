using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Usage;

/// <summary>The record of card use: the batched durable writer, ingestion from institutions, and the queries.</summary>
public static class UsageServices
{
    public static IServiceCollection AddUsage(this IServiceCollection services)
    {
        services.AddSingleton<UsagePartitions>();
        services.AddSingleton<UsageWriter>();
        services.AddSingleton<UsageRecorder>();
        services.AddScoped<IngestUsageEvents>();
        services.AddScoped<UsageTrend>();
        services.AddScoped<GetUsage>();
        return services;
    }
}
