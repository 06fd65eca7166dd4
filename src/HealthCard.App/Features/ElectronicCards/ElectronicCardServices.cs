using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.ElectronicCards;

/// <summary>The electronic health card: issuing its signed code and verifying one.</summary>
public static class ElectronicCardServices
{
    public static IServiceCollection AddElectronicCards(this IServiceCollection services)
    {
        services.AddScoped<IssueElectronicCard>();
        services.AddScoped<VerifyElectronicCard>();
        return services;
    }
}
