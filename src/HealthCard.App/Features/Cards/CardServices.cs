using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Cards;

/// <summary>Cards: issuance, serials and validity, the lifecycle operations, lookup and the status check.</summary>
public static class CardServices
{
    public static IServiceCollection AddCards(this IServiceCollection services)
    {
        services.AddScoped<CardStore>();
        services.AddScoped<SerialAllocator>();
        services.AddSingleton<CardValidity>();
        services.AddScoped<IssueCard>();
        services.AddScoped<ReserveCardSerial>();
        services.AddScoped<ChangeCardStatus>();
        services.AddScoped<GetCard>();
        services.AddSingleton<CardStatusQuery>();
        services.AddScoped<GetCardStatus>();
        services.AddScoped<GetCardEvents>();
        return services;
    }
}
