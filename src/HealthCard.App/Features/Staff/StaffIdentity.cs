using Microsoft.AspNetCore.Identity;

namespace HealthCard.App.Features.Staff;

/// <summary>
/// The account rules for console staff: password policy (ADR 014, tightened by ADR 019). Every host registers these
/// (<see cref="StaffServices.AddStaff"/>).
/// Failed sign-ins do not lock an account (an attacker could lock anyone out, the administrator included): they are
/// slowed down per user name and address (<see cref="Security.SignInThrottling"/>). An administrator's explicit lock
/// (<see cref="StaffAccounts.SetLockedAsync"/>) still uses Identity's lockout end.
/// </summary>
public static class StaffIdentity
{
    public const int MinimumPasswordLength = 12;
    public const int MinimumUniqueCharacters = 5;

    public static void Configure(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Password.RequiredLength = MinimumPasswordLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = MinimumUniqueCharacters;
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = false;
        options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    }
}

/// <summary>
/// The staff password policy beyond length (ADR 019): at least two kinds of character (letters, digits, others), not the
/// user name, and not a common password — neither one from the built-in list nor such a word with digits or symbols
/// around it (<c>password12</c>, <c>Admin@2026</c>, <c>qwertyuiop123</c>), nor a keyboard or digit run.
/// </summary>
public sealed class StaffPasswordPolicy : IPasswordValidator<StaffUser>
{
    /// <summary>Common passwords and password words, lower case; matched whole and as the core of word+digits patterns.</summary>
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "password", "passw0rd", "p@ssw0rd", "p@ssword", "pass", "passwd", "admin", "administrator", "root", "user", "guest", "test", "tester",
        "welcome", "letmein", "login", "master", "secret", "changeme", "default", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbn",
        "zxcvbnm", "qazwsx", "1qaz2wsx", "1q2w3e4r", "1q2w3e", "abc", "abcd", "abcdef", "abcdefg", "abcdefgh", "iloveyou", "monkey", "dragon",
        "sunshine", "princess", "football", "baseball", "superman", "batman", "trustno1", "shadow", "michael", "jennifer", "hello", "freedom",
        "whatever", "starwars", "computer", "internet", "service", "system", "server", "database", "security", "health", "healthcard",
        "hospital", "doctor", "woaini", "woaiwojia", "aini", "zhangwei", "wangwei", "wangfang", "liwei", "zhongguo", "china", "beijing",
        "shanghai", "hebei", "shijiazhuang", "huawei", "baidu", "tencent", "taobao", "weixin", "wechat", "jiankang", "jiankangka", "weijian",
        "weijianwei", "yiyuan", "mima", "mimamima", "woshishui", "nihao", "yilusheng", "fuck", "love", "lover", "mustang", "access", "flower",
        "summer", "winter", "spring", "autumn", "office", "company", "manager", "operator", "auditor", "console", "portal",
    };

    private static readonly string[] Runs =
    [
        "0123456789", "9876543210", "abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba", "qwertyuiop", "asdfghjkl", "zxcvbnm",
        "poiuytrewq", "lkjhgfdsa", "mnbvcxz", "1qaz2wsx3edc4rfv", "1q2w3e4r5t6y",
    ];

    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success); // Identity's own validator reports the missing password
        }
        var errors = new List<IdentityError>();
        var kinds = (password.Any(char.IsLetter) ? 1 : 0) + (password.Any(char.IsAsciiDigit) ? 1 : 0)
            + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (kinds < 2)
        {
            errors.Add(new IdentityError { Code = "PasswordNeedsTwoKinds", Description = "The password needs two kinds of character: letters, digits, others." });
        }
        if (IsCommon(password))
        {
            errors.Add(new IdentityError { Code = "PasswordTooCommon", Description = "The password is a common password or a common word with digits or symbols." });
        }
        if (user?.UserName is { Length: >= 3 } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsUserName", Description = "The password must not contain the user name." });
        }
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    /// <summary>
    /// A listed password; or, once digits, symbols and spaces are taken off both ends, a listed word, a word repeated, a
    /// run (keyboard row, alphabet, digits) or nothing at all.
    /// </summary>
    public static bool IsCommon(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var lower = password.ToLowerInvariant();
        if (Common.Contains(lower) || IsRun(lower))
        {
            return true;
        }
        var core = lower.Trim().TrimStart(NotLetter).TrimEnd(NotLetter);
        core = new string(core.Where(char.IsLetterOrDigit).ToArray());
        if (core.Length < 4 || Common.Contains(core) || IsRun(core))
        {
            return true;
        }
        // A listed word doubled or with a separator ("adminadmin", "admin_admin").
        for (var half = 3; half <= core.Length / 2; half++)
        {
            if (core.Length % half == 0 && core == string.Concat(Enumerable.Repeat(core[..half], core.Length / half)))
            {
                return true;
            }
        }
        return false;
    }

    private static readonly char[] NotLetter = [.. Enumerable.Range(32, 95).Select(i => (char)i).Where(c => !char.IsAsciiLetter(c))];

    private static bool IsRun(string text) => text.Length >= 4 && Runs.Any(r => r.Contains(text, StringComparison.Ordinal));
}
