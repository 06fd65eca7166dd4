using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Audit;

/// <summary>Reading the audit log. The chain itself (<c>HealthCard.App.Audit</c>) is infrastructure every use case writes through.</summary>
public static class AuditServices
{
    public static IServiceCollection AddAuditQueries(this IServiceCollection services)
    {
        services.AddScoped<ListAudit>();
        return services;
    }
}
