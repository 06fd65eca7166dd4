using Microsoft.AspNetCore.Identity;

namespace HealthCard.App.Features.Portal;

/// <summary>
/// The portal's password rules and hashing. Hashes are ASP.NET Core Identity's format v3 (PBKDF2-HMAC-SHA512, 100,000
/// iterations, 128-bit salt), so that the console's Identity stores and this account table read each other's hashes.
/// Every answer of sign-in and of the first password costs one PBKDF2 computation, found or not (ADR 019): the hasher is
/// the same service on every path, so a test can count its calls.
/// </summary>
public sealed class PortalPasswords(IPasswordHasher<PortalAccount> hasher)
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    // A real hash of a random password, checked when there is no account, so that an unknown card costs the same time.
    private static readonly string DecoyHash = new PasswordHasher<PortalAccount>().HashPassword(new PortalAccount(),
        Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    /// <summary>
    /// The policy: 8–128 characters with at least one ASCII letter and one digit, and not the card number itself.
    /// Adds any violation to <paramref name="errors"/> under <paramref name="field"/>.
    /// </summary>
    public static void Check(Domain.Common.FieldErrors errors, string field, string? password, string? cardNumber)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (password is null || password.Length < MinLength || password.Length > MaxLength
            || !password.Any(char.IsAsciiLetter) || !password.Any(char.IsAsciiDigit))
        {
            errors.Add(field, $"密码应为 {MinLength}–{MaxLength} 个字符，且同时包含字母和数字",
                $"A password has {MinLength}–{MaxLength} characters, with at least one letter and one digit");
        }
        else if (cardNumber is not null && string.Equals(password.Trim(), cardNumber.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(field, "密码不能与卡号相同", "The password must not be the card number");
        }
    }

    public string Hash(string password) => hasher.HashPassword(new PortalAccount(), password);

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/> (constant time inside the hasher).</summary>
    public bool Verify(string hash, string password) =>
        hasher.VerifyHashedPassword(new PortalAccount(), hash, password) != PasswordVerificationResult.Failed;

    /// <summary>Spends the time of one verification, for answers that must not be faster when nothing was found.</summary>
    public void VerifyDecoy(string? password) => hasher.VerifyHashedPassword(new PortalAccount(), DecoyHash, password ?? "");
}
