using HealthCard.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace HealthCard.App.Features.Staff;

/// <summary>The staff-account area's stable error codes (a password's own errors come from <see cref="PasswordErrors"/>).</summary>
public static class StaffErrors
{
    public static Conflict Duplicate { get; } = new("staff.duplicate", new Message("已有同名账号", "An account with this user name exists"));
}

/// <summary>Identity's password rules in Chinese and English (Identity itself describes them in English only).</summary>
internal static class PasswordErrors
{
    public static FieldErrors From(IEnumerable<IdentityError> errors, string field)
    {
        var result = new FieldErrors();
        AddTo(result, errors, field);
        return result;
    }

    public static void AddTo(FieldErrors target, IEnumerable<IdentityError> errors, string field)
    {
        foreach (var error in errors)
        {
            var (zh, en) = error.Code switch
            {
                "PasswordTooShort" => ($"密码至少 {StaffIdentity.MinimumPasswordLength} 个字符", $"The password has at least {StaffIdentity.MinimumPasswordLength} characters"),
                "PasswordRequiresDigit" => ("密码须包含数字", "The password needs a digit"),
                "PasswordRequiresLower" => ("密码须包含小写字母", "The password needs a lower-case letter"),
                "PasswordRequiresUpper" => ("密码须包含大写字母", "The password needs an upper-case letter"),
                "PasswordRequiresUniqueChars" => ($"密码中至少须有 {StaffIdentity.MinimumUniqueCharacters} 个不同字符",
                    $"The password needs at least {StaffIdentity.MinimumUniqueCharacters} different characters"),
                "PasswordNeedsTwoKinds" => ("密码须包含两类字符（字母、数字、其他符号中的两类）", "The password needs two kinds of character: letters, digits, others"),
                "PasswordTooCommon" => ("密码过于常见（常用密码，或常用词加数字、符号）", "The password is too common (a common password, or a common word with digits or symbols)"),
                "PasswordContainsUserName" => ("密码不能包含用户名", "The password must not contain the user name"),
                _ => ("密码不符合要求", error.Description),
            };
            target.Add(field, zh, en);
        }
    }
}
