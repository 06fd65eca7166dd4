using HealthCard.App.Common;
using Microsoft.AspNetCore.Identity;

namespace HealthCard.App.Features.Staff;

/// <summary>
/// A console account (health-commission or institution staff). ASP.NET Core Identity keeps the password hash, the
/// lockout and the security stamp; the platform adds the role and the region, which decide what the account may see.
/// </summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    /// <summary>The person's name as shown in the console and the audit log (the user name is the sign-in name).</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>One of <see cref="StaffRoles.All"/>.</summary>
    public string Role { get; set; } = "";

    /// <summary>A GB/T 2260 prefix (2, 4 or 6 digits); empty for a national account.</summary>
    public string RegionScope { get; set; } = "";

    /// <summary>Set on accounts made by someone else, so that only the person knows the password they use.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The console roles and what each may do. This is the one place where a role becomes permission scopes: the console
/// turns a signed-in account into the same <see cref="Caller"/> an API key would be, so every use case applies the
/// same rules to both (docs/adr/014-console-and-staff-accounts.md).
/// </summary>
public static class StaffRoles
{
    public const string NationalAdmin = "national_admin";
    public const string RegionAdmin = "region_admin";
    public const string CardOperator = "card_operator";
    public const string SamAdmin = "sam_admin";
    public const string KeyCustodian = "key_custodian";
    public const string Auditor = "auditor";
    public const string InstitutionOperator = "institution_operator";

    public static IReadOnlyList<string> All { get; } =
        [NationalAdmin, RegionAdmin, CardOperator, SamAdmin, KeyCustodian, Auditor, InstitutionOperator];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>The scopes a role grants. Administrators see personal numbers in full; operators see them masked.</summary>
    public static IReadOnlySet<string> ScopesOf(string role) => role switch
    {
        NationalAdmin => Set(Scope.Admin),
        RegionAdmin => Set(Scope.RegistryRead, Scope.RegistryWrite, Scope.PiiRead, Scope.AuditRead, Scope.InstitutionsWrite,
            Scope.SamsWrite, Scope.UsersManage),
        CardOperator => Set(Scope.RegistryRead, Scope.RegistryWrite),
        SamAdmin => Set(Scope.RegistryRead, Scope.SamsWrite),
        KeyCustodian => Set(Scope.KeysManage),
        Auditor => Set(Scope.RegistryRead, Scope.AuditRead),
        InstitutionOperator => Set(Scope.RegistryRead, Scope.InstitutionsWrite),
        _ => Set(),
    };

    /// <summary>A national administrator acts for the whole country; every other role is tied to a region.</summary>
    public static bool IsNational(string role) => role == NationalAdmin;

    /// <summary>
    /// Who may create an account of <paramref name="role"/>: a national administrator any; a regional one any but national
    /// administrators and key custodians, since only national administrators grant key custody (<see cref="Capabilities.CustodyGrant"/>, ADR 016).
    /// </summary>
    public static bool MayCreate(Caller creator, string role)
    {
        ArgumentNullException.ThrowIfNull(creator);
        return creator.Has(Scope.UsersManage) && (role != NationalAdmin || creator.Has(Scope.Admin))
            && (role != KeyCustodian || creator.Authorize(Capabilities.CustodyGrant) is null);
    }

    private static HashSet<string> Set(params string[] scopes) => scopes.ToHashSet(StringComparer.Ordinal);
}
