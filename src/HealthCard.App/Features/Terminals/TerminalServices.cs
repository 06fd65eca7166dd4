using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Terminals;

/// <summary>Reader terminals of institutions.</summary>
public static class TerminalServices
{
    public static IServiceCollection AddTerminals(this IServiceCollection services)
    {
        services.AddScoped<RegisterTerminal>();
        services.AddScoped<ChangeTerminalStatus>();
        services.AddScoped<GetTerminals>();
        return services;
    }
}
