using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Imports;

/// <summary>Population imports (ADR 011). The worker only runs in hosts that start hosted services (the web host).</summary>
public static class ImportServices
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddSingleton<PendingImports>();
        services.AddSingleton<ImportFileStore>();
        services.AddScoped<StartImport>();
        services.AddScoped<ImportRunner>();
        services.AddScoped<GetImport>();
        services.AddScoped<GetImportRejections>();
        services.AddScoped<CancelImport>();
        services.AddScoped<ListImports>();
        services.AddHostedService<ImportWorker>();
        return services;
    }
}
