using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Products;

/// <summary>Product filings (产品备案) and their review.</summary>
public static class ProductServices
{
    public static IServiceCollection AddProducts(this IServiceCollection services)
    {
        services.AddScoped<SubmitProduct>();
        services.AddScoped<ReviewProduct>();
        services.AddScoped<GetProducts>();
        return services;
    }
}
