using System.Security.Cryptography;
using HealthCard.App.Common;
using HealthCard.App.Features.Staff;
using HealthCard.App.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Demo;

public sealed record DemoAccount(string UserName, string Role, string Region, string Password);

/// <summary>
/// One console account per role for the demo, in the demo city and its 长安区. Passwords are random, printed once by the
/// web host and kept in a file only its user can read; the demo does not force a change so that it can be tried at once.
/// </summary>
public sealed class DemoAccounts(HealthCardDb db, StaffAccounts accounts)
{
    public const string DemoDistrict = "130102";

    public static IReadOnlyList<(string UserName, string Role, string Region, string DisplayName)> Each { get; } =
    [
        ("demo.national", StaffRoles.NationalAdmin, "", "国家级管理员"),
        ("demo.admin", StaffRoles.RegionAdmin, DemoData.DemoCity, "石家庄市管理员"),
        ("demo.operator", StaffRoles.CardOperator, DemoDistrict, "长安区制发卡员"),
        ("demo.sam", StaffRoles.SamAdmin, DemoData.DemoCity, "SAM卡管理员"),
        ("demo.keys", StaffRoles.KeyCustodian, "13", "河北省密钥保管员"),
        ("demo.auditor", StaffRoles.Auditor, DemoData.DemoCity, "审计员"),
        ("demo.institution", StaffRoles.InstitutionOperator, DemoData.DemoCity, "机构管理员"),
    ];

    /// <summary>Creates the accounts when the database has none, returning them with their passwords; null otherwise.</summary>
    public async Task<IReadOnlyList<DemoAccount>?> SeedIfNoneAsync(CancellationToken cancellationToken)
    {
        if (await db.StaffUsers.AnyAsync(cancellationToken))
        {
            return null;
        }
        var created = new List<DemoAccount>();
        foreach (var (userName, role, region, displayName) in Each)
        {
            var password = NewPassword();
            var result = await accounts.CreateAsync(Caller.System,
                new StaffAccountRequest(userName, role, region, password, displayName, MustChangePassword: false), cancellationToken);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"The demo account {userName} was refused: {result.Error!.Code}.");
            }
            created.Add(new DemoAccount(userName, role, region, password));
        }
        return created;
    }

    /// <summary>12 characters from a cryptographic source: lower-case letters and digits, with at least one of each.</summary>
    private static string NewPassword()
    {
        const string Letters = "abcdefghjkmnpqrstuvwxyz";
        const string Digits = "23456789";
        var chars = RandomNumberGenerator.GetItems<char>(Letters + Digits, 10);
        return new string(chars) + RandomNumberGenerator.GetItems<char>(Letters, 1)[0] + RandomNumberGenerator.GetItems<char>(Digits, 1)[0];
    }
}
