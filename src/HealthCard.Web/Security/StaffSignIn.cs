using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Staff;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace HealthCard.Web.Security;

public enum SignInOutcome
{
    SignedIn,
    MustChangePassword,
    Failed,
    LockedOut,
}

/// <summary>
/// Staff sign-in: Identity checks the password and counts failures (5 lock the account for 15 minutes); every attempt
/// is audited, failed ones too, so that password guessing shows in the audit log.
/// </summary>
public sealed class StaffSignIn(SignInManager<StaffUser> signIn, AuditTrail audit)
{
    private static readonly Conflict Failed = new("auth.failed", new Message("用户名或密码不正确", "Wrong user name or password"));
    private static readonly Conflict LockedOut = new("auth.locked_out", new Message("账号已锁定", "The account is locked"));

    public async Task<SignInOutcome> SignInAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var name = (userName ?? "").Trim();
        name = name.Length > 64 ? name[..64] : name;
        var result = name.Length == 0 || string.IsNullOrEmpty(password)
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(name, password, isPersistent: false, lockoutOnFailure: true);
        var outcome = result.Succeeded ? SignInOutcome.SignedIn : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
        if (outcome == SignInOutcome.SignedIn && (await signIn.UserManager.FindByNameAsync(name))?.MustChangePassword == true)
        {
            outcome = SignInOutcome.MustChangePassword;
        }
        var actor = new Caller(name.Length == 0 ? "(blank)" : name, "", new HashSet<string>(), Channel.Console);
        await audit.RunAsync<bool>(actor, new AuditScope("staff.sign_in", "staff_account") { TargetId = name }, _ => Task.FromResult(
            outcome switch
            {
                SignInOutcome.Failed => Result<bool>.Failure(Failed),
                SignInOutcome.LockedOut => Result<bool>.Failure(LockedOut),
                _ => Result<bool>.Success(true),
            }), cancellationToken);
        return outcome;
    }
}
