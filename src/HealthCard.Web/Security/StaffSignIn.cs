using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Staff;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace HealthCard.Web.Security;

public enum SignInOutcome
{
    SignedIn,
    MustChangePassword,
    Failed,
    LockedOut,

    /// <summary>Too many failures from this address (or for this name from it): wait.</summary>
    Throttled,
}

/// <summary>
/// Staff sign-in (ADR 014, ADR 019). Identity checks the password; failures never lock the account (that would let anyone
/// lock the administrator out): they are counted per user name and address, and per address, with exponential back-off
/// (<see cref="SignInThrottling"/>), and the owner's browser (its device cookie) is counted on its own. Every path
/// costs one password verification, real user name or not, so timing does not tell whether an account exists.
/// Audit: every success; the first failure of a name and address in a window and the failure that starts a back-off
/// (the rest are counted, not written); a made-up name only when an address's back-off starts, so guessing cannot
/// flood the chain or hold its write lock.
/// </summary>
public sealed class StaffSignIn(SignInManager<StaffUser> signIn, IPasswordHasher<StaffUser> hasher, AttemptThrottle throttle, AuditTrail audit)
{
    private static readonly Conflict Failed = new("auth.failed", new Message("用户名或密码不正确", "Wrong user name or password"));
    private static readonly Conflict LockedOut = new("auth.locked_out", new Message("账号已锁定", "The account is locked"));
    private static readonly Conflict Throttled = new("auth.throttled", new Message("登录失败次数过多，请稍后再试", "Too many failed sign-ins; wait before trying again"));

    // A real hash of a random password: an unknown user name costs the same verification as a real one.
    private static readonly string DecoyHash = new PasswordHasher<StaffUser>().HashPassword(new StaffUser(),
        Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    /// <summary>Signs in (sets the cookie) or says why not. <paramref name="source"/> is the client's address;
    /// <paramref name="device"/> the browser's device cookie, when it has one.</summary>
    public async Task<(SignInOutcome Outcome, StaffUser? User)> SignInAsync(string? userName, string? password, string? source, KnownDevice? device,
        CancellationToken cancellationToken)
    {
        var name = (userName ?? "").Trim();
        name = name.Length > 64 ? name[..64] : name;
        var user = name.Length == 0 ? null : await signIn.UserManager.FindByNameAsync(name);
        var ownDevice = user is not null && device?.Account == user.Id ? device.Id : null;
        var keys = SignInThrottling.Keys(SignInThrottling.StaffSignInPair, null, SignInThrottling.StaffSignInSource, name.ToUpperInvariant(),
            source, ownDevice);
        if (await throttle.BlockedUntilAsync(keys, cancellationToken) is not null)
        {
            Decoy(password);
            return (SignInOutcome.Throttled, null);
        }

        var result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        if (user is null || string.IsNullOrEmpty(password))
        {
            Decoy(password);
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
            if (result.IsLockedOut)
            {
                Decoy(password); // a locked account is refused before its password is checked
            }
        }
        var actor = new Caller(name.Length == 0 ? "(blank)" : name, "", new HashSet<string>(), Channel.Console);
        var scope = new AuditScope("staff.sign_in", "staff_account") { TargetId = name, RegionCode = user?.RegionScope };
        if (result.Succeeded)
        {
            await throttle.ResetAsync([keys[0]], cancellationToken);
            await audit.RunAsync(actor, scope, _ => Task.FromResult(Result<bool>.Success(true)), cancellationToken);
            return (user!.MustChangePassword ? SignInOutcome.MustChangePassword : SignInOutcome.SignedIn, user);
        }

        var states = await throttle.FailAsync(keys, cancellationToken);
        var blockStarted = states.Any(s => s.BlockStarted);
        if (blockStarted || (user is not null && states[0].First))
        {
            if (user is null)
            {
                // A made-up name: one entry when an address starts to be slowed down, naming no target.
                actor = actor with { Actor = "(unknown user)" };
                scope = new AuditScope("staff.sign_in", "staff_account");
            }
            scope.Details = JsonSerializer.Serialize(new { failures = states.ToDictionary(s => s.Key.Policy.Name, s => s.Failures) });
            Error refusal = blockStarted ? Throttled : result.IsLockedOut ? LockedOut : Failed;
            await audit.RunAsync(actor, scope, _ => Task.FromResult(Result<bool>.Failure(refusal)), cancellationToken);
        }
        return (blockStarted ? SignInOutcome.Throttled : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed, null);
    }

    private void Decoy(string? password) => hasher.VerifyHashedPassword(new StaffUser(), DecoyHash, password ?? "");
}
