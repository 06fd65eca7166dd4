using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Staff;

/// <summary>The staff-account area's stable error codes (a password's own errors come from <see cref="PasswordErrors"/>).</summary>
public static class StaffErrors
{
    public static Conflict Duplicate { get; } = new("staff.duplicate", new Message("已有同名账号", "An account with this user name exists"));
}
