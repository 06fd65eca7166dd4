using HealthCard.App.Persistence;
using HealthCard.App.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Staff;

/// <summary>Console staff accounts on ASP.NET Core Identity, with the platform's password policy.</summary>
public static class StaffServices
{
    public static IServiceCollection AddStaff(this IServiceCollection services)
    {
        // Identity's token providers (password resets) need Data Protection, in every host: the web host and the command
        // line alike. Its key ring lives in the database, encrypted under the data keys (ADR 019).
        services.AddHealthCardDataProtection();
        services.AddIdentityCore<StaffUser>(StaffIdentity.Configure)
            .AddEntityFrameworkStores<HealthCardDb>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<StaffPasswordPolicy>();
        services.AddScoped<StaffAccounts>();
        return services;
    }
}
