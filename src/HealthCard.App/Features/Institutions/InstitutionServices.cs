using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Institutions;

/// <summary>Medical institutions, banks, manufacturers and personalization centres.</summary>
public static class InstitutionServices
{
    public static IServiceCollection AddInstitutions(this IServiceCollection services)
    {
        services.AddScoped<CreateInstitution>();
        services.AddScoped<EditInstitution>();
        services.AddScoped<ChangeInstitutionStatus>();
        services.AddScoped<GetInstitutions>();
        return services;
    }
}
