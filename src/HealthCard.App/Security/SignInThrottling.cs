namespace HealthCard.App.Security;

/// <summary>
/// The back-off policies of sign-in, the portal's proof of holding a card and password changes
/// (docs/adr/019-sign-in-portal-and-audit-hardening.md). No policy locks anything for good: from a number of failures
/// on, each failure doubles a delay up to a cap. Keys per account and source address ("pair") slow one guesser without touching the
/// owner elsewhere; keys per account alone and per address alone are skipped for a browser that signed in to that
/// account before (its device cookie), so an attacker cannot use them to keep the owner out.
/// </summary>
public static class SignInThrottling
{
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>The portal's proof (card number, serial, security code, phone), per card number, whatever the address:
    /// the 5th failure blocks for 15 minutes, doubling to one a day.</summary>
    public static ThrottlePolicy PortalProofCard { get; } = new("portal.proof.card", 5, TimeSpan.FromMinutes(15), TimeSpan.FromDays(1), Month);

    /// <summary>The portal's proof from one address, over all cards: the 20th failure blocks for 1 minute, doubling to 1 hour.</summary>
    public static ThrottlePolicy PortalProofSource { get; } = new("portal.proof.source", 20, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), Week);

    /// <summary>Portal password sign-in for one card from one address: the 5th failure blocks for 15 minutes, doubling to one a day.</summary>
    public static ThrottlePolicy PortalSignInPair { get; } = new("portal.sign_in.pair", 5, TimeSpan.FromMinutes(15), TimeSpan.FromDays(1), Month);

    /// <summary>Portal password sign-in for one card, whatever the address (not for its known devices): the 10th
    /// failure blocks for 1 minute, doubling to 1 hour.</summary>
    public static ThrottlePolicy PortalSignInAccount { get; } = new("portal.sign_in.account", 10, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), Week);

    /// <summary>Portal password sign-in from one address, over all cards (not for known devices): the 20th failure
    /// blocks for 1 minute, doubling to 1 hour.</summary>
    public static ThrottlePolicy PortalSignInSource { get; } = new("portal.sign_in.source", 20, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), Week);

    /// <summary>A signed-in resident's wrong current passwords: the 5th failure blocks for 15 minutes, doubling to one a day.</summary>
    public static ThrottlePolicy PortalChangePassword { get; } = new("portal.change_password", 5, TimeSpan.FromMinutes(15), TimeSpan.FromDays(1), Month);

    /// <summary>Staff sign-in for one user name (real or not) from one address: the 5th failure blocks for 15 minutes, doubling to one a day.</summary>
    public static ThrottlePolicy StaffSignInPair { get; } = new("staff.sign_in.pair", 5, TimeSpan.FromMinutes(15), TimeSpan.FromDays(1), Month);

    /// <summary>Staff sign-in from one address, over all names (not for a known device of the account): the 20th
    /// failure blocks for 1 minute, doubling to 1 hour.</summary>
    public static ThrottlePolicy StaffSignInSource { get; } = new("staff.sign_in.source", 20, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), Week);

    /// <summary>A signed-in staff member's wrong current passwords: the 5th failure (which also ends every session of the
    /// account) blocks for 15 minutes, doubling to one a day.</summary>
    public static ThrottlePolicy StaffChangePassword { get; } = new("staff.change_password", 5, TimeSpan.FromMinutes(15), TimeSpan.FromDays(1), Month);

    /// <summary>
    /// The keys of one sign-in attempt on <paramref name="subject"/> (a card number's blind index, a user name). A browser
    /// that signed in to the account before (<paramref name="device"/>, from its signed device cookie) is counted on its
    /// own, and nobody else's failures slow it; any other attempt counts per subject and address, per subject (when
    /// <paramref name="account"/> is given) and per address.
    /// </summary>
    public static ThrottleKey[] Keys(ThrottlePolicy pair, ThrottlePolicy? account, ThrottlePolicy source, string subject, string? address,
        string? device)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(source);
        if (device is { Length: > 0 })
        {
            return [new(pair, subject + "|device:" + device)];
        }
        var from = SourceOf(address);
        return account is null
            ? [new(pair, subject + "|" + from), new(source, from)]
            : [new(pair, subject + "|" + from), new(account, subject), new(source, from)];
    }

    /// <summary>The address of a caller that gave none (the CLI, tests): one shared bucket.</summary>
    public const string UnknownSource = "unknown";

    public static string SourceOf(string? source) => source is { Length: > 0 and <= 64 } s ? s : UnknownSource;
}

/// <summary>
/// A browser that signed in to an account before: the account (resident id or staff user id) and the browser's random
/// device id, read from a cookie the web host signed (Data Protection), so neither can be forged.
/// </summary>
public sealed record KnownDevice(Guid Account, string Id);
