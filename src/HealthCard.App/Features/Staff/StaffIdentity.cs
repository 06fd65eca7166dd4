using HealthCard.App.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.App.Features.Staff;

/// <summary>The account rules for console staff: password policy and lockout (ADR 014). Every host registers these.</summary>
public static class StaffIdentity
{
    public const int MinimumPasswordLength = 10;
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    public static IServiceCollection AddStaffAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<StaffUser>(Configure)
            .AddEntityFrameworkStores<HealthCardDb>()
            .AddDefaultTokenProviders();
        services.AddScoped<StaffAccounts>();
        return services;
    }

    public static void Configure(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Password.RequiredLength = MinimumPasswordLength;
        options.Password.RequireDigit = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
        options.Lockout.DefaultLockoutTimeSpan = LockoutPeriod;
        options.User.RequireUniqueEmail = false;
        options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    }
}
