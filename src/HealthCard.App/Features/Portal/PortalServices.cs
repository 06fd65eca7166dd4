using HealthCard.App.Features.ElectronicCards;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Portal;

/// <summary>The resident portal's use cases and the electronic health card (ADR 015).</summary>
public static class PortalServices
{
    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ElectronicCardOptions>(configuration.GetSection(ElectronicCardOptions.Section));
        services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<PortalAccount>, Microsoft.AspNetCore.Identity.PasswordHasher<PortalAccount>>();
        services.AddScoped<PortalPasswords>();
        services.AddScoped<CardSecurityCodes>();
        services.AddScoped<PortalAttempts>();
        services.AddScoped<SetPortalPassword>();
        services.AddScoped<PortalSignIn>();
        services.AddScoped<ChangePortalPassword>();
        services.AddScoped<PortalSessions>();
        services.AddScoped<GetMyCards>();
        services.AddScoped<GetMyRecord>();
        services.AddScoped<GetMyUsage>();
        services.AddScoped<PortalReportLoss>();
        services.AddScoped<RequestReplacement>();
        services.AddScoped<GetReplacementRequests>();
        return services;
    }
}
