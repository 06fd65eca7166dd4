using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Residents;

/// <summary>The registry's residents: registration, lookup, correction (卡变更), history and death.</summary>
public static class ResidentServices
{
    public static IServiceCollection AddResidents(this IServiceCollection services)
    {
        services.AddScoped<RegisterResident>();
        services.AddScoped<GetResident>();
        services.AddScoped<FindResidents>();
        services.AddScoped<ChangeResident>();
        services.AddScoped<RecordDeath>();
        services.AddScoped<ResidentHistory>();
        return services;
    }
}
