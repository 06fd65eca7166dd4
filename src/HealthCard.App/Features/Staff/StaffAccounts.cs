using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Staff;

public sealed record StaffAccountRequest(string? UserName, string? Role, string? RegionScope, string? Password,
    string? DisplayName = null, bool MustChangePassword = true);

public sealed record StaffAccountView(Guid Id, string UserName, string DisplayName, string Role, string RegionScope,
    bool MustChangePassword, bool LockedOut, DateTimeOffset CreatedAt)
{
    public static StaffAccountView From(StaffUser user, DateTimeOffset now) => new(user.Id, user.UserName ?? "", user.DisplayName,
        user.Role, user.RegionScope, user.MustChangePassword, user.LockoutEnd is { } end && end > now, user.CreatedAt);
}

/// <summary>
/// Console accounts: create, list, lock and unlock, reset and change passwords. Identity's <see cref="UserManager{T}"/>
/// hashes passwords; this class adds the region rules and the audit. Managing accounts needs
/// <see cref="Capabilities.UsersManage"/>; an account is visible to and managed by administrators whose region covers it.
/// Anyone may change their own password, proving the current one (wrong ones are throttled, ADR 019).
/// </summary>
public sealed class StaffAccounts(HealthCardDb db, UserManager<StaffUser> users, AuditTrail audit, IRegionDirectory regions, AttemptThrottle throttle,
    TimeProvider clock)
{
    public static NotFound NotFound { get; } = new("staff account");

    /// <summary>Too many wrong current passwords: wait (ADR 019).</summary>
    public static Conflict Throttled { get; } = new("staff.throttled",
        new Message("当前密码错误次数过多，请稍后再试", "Too many wrong current passwords; wait before trying again"));

    public Task<Result<StaffAccountView>> CreateAsync(Caller caller, StaffAccountRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("staff.create", "staff_account") { TargetId = request.UserName, RegionCode = request.RegionScope };
        return audit.RunAsync<StaffAccountView>(caller, scope, async _ =>
        {
            if (caller.Authorize(Capabilities.UsersManage) is { } denied)
            {
                return denied;
            }
            var errors = new FieldErrors();
            var region = RegionPrefix.Parse(request.RegionScope, regions, errors, "region", nationalAllowed: true)?.Value ?? "";
            if (string.IsNullOrWhiteSpace(request.UserName) || request.UserName.Length > 64 || !request.UserName.All(IsUserNameChar))
            {
                errors.Add("name", "用户名为 1 至 64 个字母、数字或 . _ -", "The user name is 1 to 64 letters, digits or . _ -");
            }
            if (!StaffRoles.IsKnown(request.Role))
            {
                errors.Add("role", $"角色应为 {string.Join("、", StaffRoles.All)} 之一", $"The role is one of {string.Join(", ", StaffRoles.All)}");
            }
            else if (StaffRoles.IsNational(request.Role!) != (region.Length == 0))
            {
                errors.Add("region", "全国管理员不设地区，其他角色必须指定地区", "A national administrator has no region; every other role needs one");
            }
            else if (!StaffRoles.MayCreate(caller, request.Role!))
            {
                errors.Add("role", "无权创建该角色的账号", "You may not create accounts with this role");
            }
            if (!caller.Covers(region))
            {
                errors.Add("region", "不能创建超出自身管辖范围的账号", "An account cannot be given a wider region than its creator's");
            }
            if (request.DisplayName is { Length: > 30 })
            {
                errors.Add("displayName", "姓名最多 30 个字符", "The display name has at most 30 characters");
            }
            var user = new StaffUser
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                UserName = request.UserName,
                DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.UserName ?? "" : request.DisplayName.Trim(),
                Role = request.Role ?? "",
                RegionScope = region,
                MustChangePassword = request.MustChangePassword,
                CreatedAt = clock.GetUtcNow(),
                LockoutEnabled = true,
            };
            await CheckPasswordAsync(user, request.Password, "password", errors);
            if (errors.Any)
            {
                return errors.ToError("staff.invalid");
            }
            var created = await users.CreateAsync(user, request.Password!);
            if (!created.Succeeded)
            {
                return created.Errors.Any(e => e.Code is "DuplicateUserName")
                    ? StaffErrors.Duplicate
                    : PasswordErrors.From(created.Errors, "password").ToError("staff.invalid");
            }
            scope.TargetId = user.UserName;
            return StaffAccountView.From(user, clock.GetUtcNow());
        }, cancellationToken);
    }

    /// <summary>Accounts whose region lies within the caller's, by user name, a page at a time.</summary>
    public async Task<Result<Paged<StaffAccountView>>> ListAsync(Caller caller, string? search, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.UsersManage) is { } denied)
        {
            return denied;
        }
        var query = VisibleTo(caller).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(u => u.UserName!.Contains(term) || u.DisplayName.Contains(term));
        }
        var now = clock.GetUtcNow();
        return await Paged<StaffAccountView>.ReadAsync(query.OrderBy(u => u.UserName), page, u => StaffAccountView.From(u, now), cancellationToken);
    }

    public async Task<Result<StaffAccountView>> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.UsersManage) is { } denied)
        {
            return denied;
        }
        var user = await VisibleTo(caller).AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? NotFound : StaffAccountView.From(user, clock.GetUtcNow());
    }

    /// <summary>Locks an account indefinitely, or lifts a lock (including one from failed sign-ins).</summary>
    public Task<Result<StaffAccountView>> SetLockedAsync(Caller caller, Guid id, bool locked, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, locked ? "staff.lock" : "staff.unlock", async user =>
        {
            user.LockoutEnd = locked ? DateTimeOffset.MaxValue : null;
            user.AccessFailedCount = 0;
            await users.UpdateSecurityStampAsync(user); // signs the account out everywhere
            return null;
        }, cancellationToken);

    /// <summary>An administrator sets a new password; the person must change it at the next sign-in.</summary>
    public Task<Result<StaffAccountView>> ResetPasswordAsync(Caller caller, Guid id, string? newPassword, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, "staff.reset_password", async user =>
        {
            if (user.Role == StaffRoles.KeyCustodian && caller.Authorize(Capabilities.CustodyGrant) is { } denied)
            {
                // Setting a custodian's password would hand their custody to whoever sets it (ADR 016).
                return denied;
            }
            var errors = new FieldErrors();
            await CheckPasswordAsync(user, newPassword, "newPassword", errors);
            if (errors.Any)
            {
                return errors.ToError("staff.invalid");
            }
            user.PasswordHash = users.PasswordHasher.HashPassword(user, newPassword!);
            user.MustChangePassword = true;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            await users.UpdateSecurityStampAsync(user);
            return null;
        }, cancellationToken);

    /// <summary>
    /// The signed-in person changes their own password, proving the current one. Clears the forced change. Wrong current
    /// passwords are counted (<see cref="SignInThrottling.StaffChangePassword"/>): the fifth ends every session of the
    /// account (someone holding a session is guessing) and starts a back-off, so a stolen session cannot guess on.
    /// </summary>
    public async Task<Result<StaffAccountView>> ChangeOwnPasswordAsync(Caller caller, Guid id, string? currentPassword, string? newPassword,
        CancellationToken cancellationToken)
    {
        ThrottleKey[] keys = [new(SignInThrottling.StaffChangePassword, id.ToString())];
        if (await throttle.BlockedUntilAsync(keys, cancellationToken) is not null)
        {
            return Throttled;
        }
        var wrongCurrent = false;
        var changed = await ChangeAsync(caller, id, "staff.change_password", async user =>
        {
            var errors = new FieldErrors();
            if (string.IsNullOrEmpty(currentPassword) || !await users.CheckPasswordAsync(user, currentPassword))
            {
                wrongCurrent = true;
                errors.Add("currentPassword", "当前密码不正确", "The current password is wrong");
            }
            else if (currentPassword == newPassword)
            {
                errors.Add("newPassword", "新密码不能与当前密码相同", "The new password must differ from the current one");
            }
            await CheckPasswordAsync(user, newPassword, "newPassword", errors);
            if (errors.Any)
            {
                return errors.ToError("staff.invalid");
            }
            user.PasswordHash = users.PasswordHasher.HashPassword(user, newPassword!);
            user.MustChangePassword = false;
            await users.UpdateSecurityStampAsync(user);
            return null;
        }, cancellationToken, self: true);
        if (changed.IsSuccess)
        {
            await throttle.ResetAsync(keys, cancellationToken);
            return changed;
        }
        if (!wrongCurrent)
        {
            return changed;
        }
        var states = await throttle.FailAsync(keys, cancellationToken);
        if (!states[0].BlockStarted)
        {
            return changed;
        }
        // Someone holding a session is guessing the password: every session of the account ends, audited.
        await ChangeAsync(caller, id, "staff.sessions_ended", async user =>
        {
            await users.UpdateSecurityStampAsync(user);
            return null;
        }, cancellationToken, self: true);
        return Throttled;
    }

    private Task<Result<StaffAccountView>> ChangeAsync(Caller caller, Guid id, string action, Func<StaffUser, Task<Error?>> change,
        CancellationToken cancellationToken, bool self = false)
    {
        var scope = new AuditScope(action, "staff_account") { TargetId = id.ToString() };
        return audit.RunAsync<StaffAccountView>(caller, scope, async ct =>
        {
            // An administrator acts on accounts in their region; anyone may change their own password.
            if (!self && caller.Authorize(Capabilities.UsersManage) is { } denied)
            {
                return denied;
            }
            var user = self
                ? await db.StaffUsers.FirstOrDefaultAsync(u => u.Id == id && u.UserName == caller.Actor, ct)
                : await VisibleTo(caller).FirstOrDefaultAsync(u => u.Id == id, ct);
            if (user is null)
            {
                return NotFound;
            }
            scope.TargetId = user.UserName;
            scope.RegionCode = user.RegionScope;
            if (await change(user) is { } error)
            {
                return error;
            }
            await db.SaveChangesAsync(ct);
            return StaffAccountView.From(user, clock.GetUtcNow());
        }, cancellationToken);
    }

    private IQueryable<StaffUser> VisibleTo(Caller caller)
    {
        var prefix = caller.RegionScope;
        return prefix.Length == 0 ? db.StaffUsers : db.StaffUsers.Where(u => u.RegionScope.StartsWith(prefix) && u.RegionScope != "");
    }

    private async Task CheckPasswordAsync(StaffUser user, string? password, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(field, "密码不能为空", "The password is required");
            return;
        }
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded)
            {
                PasswordErrors.AddTo(errors, result.Errors, field);
            }
        }
    }

    private static bool IsUserNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}

