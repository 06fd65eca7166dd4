using System.Security.Cryptography;
using HealthCard.App.Security;
using Microsoft.AspNetCore.DataProtection;

namespace HealthCard.Web.Security;

/// <summary>
/// "This browser signed in to this account before" (ADR 019): a long-lived cookie, signed and encrypted with Data
/// Protection, holding the account's id and a random device id. Sign-in counts such a browser's failures on their own,
/// so nobody can keep the owner out by failing on purpose from elsewhere. Also the client's address, as the throttles
/// key it (after the forwarded headers of a trusted proxy are applied).
/// </summary>
public static class DeviceCookies
{
    public const string StaffCookie = "hc.console.device";
    public const string PortalCookie = "hc.portal.device";
    private const string Purpose = "HealthCard.KnownDevice.v1";

    public static KnownDevice? Read(HttpContext context, string cookie)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies[cookie] is not { Length: > 0 and < 1024 } value)
        {
            return null;
        }
        try
        {
            var text = Protector(context, cookie).Unprotect(value);
            var parts = text.Split('|');
            return parts.Length == 2 && Guid.TryParse(parts[0], out var account) && parts[1].Length == 32 ? new KnownDevice(account, parts[1]) : null;
        }
        catch (CryptographicException)
        {
            return null; // forged, or from a key ring that is gone
        }
    }

    /// <summary>Marks this browser as a known device of <paramref name="account"/> for a year (keeping its device id).</summary>
    public static void Issue(HttpContext context, string cookie, Guid account)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = Read(context, cookie)?.Id ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(cookie, Protector(context, cookie).Protect($"{account:N}|{id}"), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = IsSecure(context),
            IsEssential = true,
            Path = cookie == PortalCookie ? "/portal" : "/account",
            Expires = DateTimeOffset.UtcNow.AddYears(1),
        });
    }

    /// <summary>Whether a cookie set on this request is marked Secure: HTTPS (as forwarded by a trusted proxy), or
    /// <c>HealthCard:Cookies:AlwaysSecure</c>.</summary>
    public static bool IsSecure(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.IsHttps || context.RequestServices.GetRequiredService<IConfiguration>().GetValue<bool>("HealthCard:Cookies:AlwaysSecure");
    }

    /// <summary>The client's address as the throttles count it (the proxy's forwarded address when it is trusted).</summary>
    public static string? SourceOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString();
    }

    private static IDataProtector Protector(HttpContext context, string cookie) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose, cookie);
}
