using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Statistics;

/// <summary>Statistics, the region ranking, rollout plans and the monthly report; the counters' compaction runs in the background.</summary>
public static class StatisticsServices
{
    public static IServiceCollection AddStatistics(this IServiceCollection services)
    {
        services.AddScoped<GetStatistics>();
        services.AddScoped<StatisticsCompactor>();
        services.AddHostedService<StatisticsCompactionService>();
        services.AddScoped<CreateCoveragePlan>();
        services.AddScoped<GetCoveragePlans>();
        services.AddScoped<GetRegionRanking>();
        services.AddScoped<BuildMonthlyReport>();
        return services;
    }
}
