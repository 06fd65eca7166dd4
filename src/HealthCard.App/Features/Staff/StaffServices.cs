using HealthCard.App.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Staff;

/// <summary>Console staff accounts on ASP.NET Core Identity, with the platform's password policy.</summary>
public static class StaffServices
{
    public static IServiceCollection AddStaff(this IServiceCollection services)
    {
        services.AddIdentityCore<StaffUser>(StaffIdentity.Configure)
            .AddEntityFrameworkStores<HealthCardDb>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<StaffPasswordPolicy>();
        services.AddScoped<StaffAccounts>();
        return services;
    }
}
