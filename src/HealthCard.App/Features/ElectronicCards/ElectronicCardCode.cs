using System.Globalization;
using System.Text;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.ElectronicCards;

/// <summary>What a valid electronic health card code states: whose card, which physical card, and for how long.</summary>
public sealed record ElectronicCardClaims(string CardNumber, string CardSerial, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, int KeyVersion);

/// <summary>
/// The electronic health card code (电子健康卡二维码), format <c>HC1</c> (ADR 015): one line of the QR alphanumeric
/// character set, so that the QR stays small —
/// <code>HC1:&lt;card number&gt;:&lt;card serial&gt;:&lt;issued, Unix s&gt;:&lt;expires, Unix s&gt;:&lt;key version&gt;:&lt;signature, 128 hex&gt;</code>
/// The signature is the platform's SM2/SM3 signature (user ID <c>1234567812345678</c>, r‖s) over the ASCII bytes of
/// everything before the last colon, the version and key version included. <see cref="Verify"/> needs nothing but the
/// platform's public key, so that an offline terminal can check a code; the online check adds the card's status.
/// </summary>
public static class ElectronicCardCode
{
    public const string Version = "HC1";
    public const char Separator = ':';
    public const int MaxCardNumberLength = 18;
    public const int SerialLength = 10;
    public const int SignatureHexLength = 2 * Sm2Algorithm.SignatureSize;

    /// <summary>Longer codes are refused unread.</summary>
    public const int MaxLength = 256;

    /// <summary>How far the issuer's clock may be ahead of the verifier's before a code is "not yet valid".</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>The longest lifetime a well-formed code may state.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    /// <summary>The QR alphanumeric characters (ISO/IEC 18004) a card number may hold; no separator, no space.</summary>
    public static bool IsEncodable(string cardNumber) =>
        cardNumber is { Length: > 0 and <= MaxCardNumberLength } && cardNumber.All(c => char.IsAsciiDigit(c) || c is >= 'A' and <= 'Z' || "$%*+-./".Contains(c, StringComparison.Ordinal));

    /// <summary>The signed part: every field but the signature, as the ASCII text that is signed.</summary>
    public static string SignedText(string cardNumber, string cardSerial, DateTimeOffset issuedAt, DateTimeOffset expiresAt, int keyVersion) =>
        string.Join(Separator, Version, cardNumber, cardSerial, issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), keyVersion.ToString(CultureInfo.InvariantCulture));

    /// <summary>The complete code: the signed part, then the 64-byte signature as upper-case hex.</summary>
    public static string Attach(string signedText, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(signedText);
        if (signature.Length != Sm2Algorithm.SignatureSize)
        {
            throw new ArgumentException("An SM2 signature is 64 bytes r‖s.", nameof(signature));
        }
        return signedText + Separator + Convert.ToHexString(signature);
    }

    /// <summary>Reads the fields without checking the signature or the time: qr.malformed or qr.unsupported_version.</summary>
    public static Result<ElectronicCardClaims> Read(string? code) => Parse(code).Map(p => p.Claims);

    /// <summary>
    /// Offline verification with only the platform's public key (64 bytes x‖y): well formed, signed by that key, issued
    /// no later than <paramref name="now"/> plus <see cref="MaxClockSkew"/> and not expired at <paramref name="now"/>.
    /// When <paramref name="keyVersion"/> is given, a code naming another version is <c>qr.unknown_key</c>. The card's
    /// status is not known offline: check it against a black list, or use the online verification.
    /// </summary>
    public static Result<ElectronicCardClaims> Verify(string? code, ReadOnlySpan<byte> platformPublicKey, DateTimeOffset now, int? keyVersion = null)
    {
        if (platformPublicKey.Length != 64)
        {
            throw new ArgumentException("The platform public key is 64 bytes x‖y.", nameof(platformPublicKey));
        }
        var parsed = Parse(code);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }
        var (claims, signed, signature) = parsed.Value;
        if (keyVersion is { } trusted && trusted != claims.KeyVersion)
        {
            return ElectronicCardErrors.UnknownKey;
        }
        if (!Sm2Algorithm.Verify(platformPublicKey, signed, signature))
        {
            return ElectronicCardErrors.BadSignature;
        }
        if (claims.IssuedAt > now + MaxClockSkew)
        {
            return ElectronicCardErrors.NotYetValid;
        }
        return now >= claims.ExpiresAt ? ElectronicCardErrors.Expired : claims;
    }

    internal sealed record Parsed(ElectronicCardClaims Claims, byte[] Signed, byte[] Signature);

    internal static Result<Parsed> Parse(string? code)
    {
        var text = code?.Trim();
        if (text is not { Length: > 0 and <= MaxLength })
        {
            return ElectronicCardErrors.Malformed("二维码内容为空或过长", "The code is empty or too long");
        }
        var first = text.IndexOf(Separator, StringComparison.Ordinal);
        var version = first < 0 ? text : text[..first];
        if (version != Version)
        {
            return version.Length > 2 && version.StartsWith("HC", StringComparison.Ordinal) && version[2..].All(char.IsAsciiDigit)
                ? ElectronicCardErrors.UnsupportedVersion
                : ElectronicCardErrors.Malformed("不是电子健康卡二维码", "This is not an electronic health card code");
        }
        var fields = text.Split(Separator);
        if (fields.Length != 7)
        {
            return ElectronicCardErrors.Malformed("二维码字段数不正确", "The code does not have 7 fields");
        }
        var (cardNumber, serial, issued, expires, key, signatureHex) = (fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]);
        if (!IsEncodable(cardNumber))
        {
            return ElectronicCardErrors.Malformed("卡号字段无效", "The card number field is invalid");
        }
        if (serial.Length != SerialLength || !serial.All(c => char.IsAsciiDigit(c) || c is >= 'A' and <= 'Z'))
        {
            return ElectronicCardErrors.Malformed("卡序列号字段无效", "The card serial field is invalid");
        }
        if (!Seconds(issued, out var issuedAt) || !Seconds(expires, out var expiresAt) || expiresAt <= issuedAt || expiresAt - issuedAt > MaxLifetime)
        {
            return ElectronicCardErrors.Malformed("签发或过期时间字段无效", "The issue or expiry time field is invalid");
        }
        if (key.Length is < 1 or > 9 || !key.All(char.IsAsciiDigit) || int.Parse(key, CultureInfo.InvariantCulture) < 1)
        {
            return ElectronicCardErrors.Malformed("密钥版本字段无效", "The key version field is invalid");
        }
        if (signatureHex.Length != SignatureHexLength || !signatureHex.All(char.IsAsciiHexDigit))
        {
            return ElectronicCardErrors.Malformed("签名字段无效", "The signature field is invalid");
        }
        var claims = new ElectronicCardClaims(cardNumber, serial, issuedAt, expiresAt, int.Parse(key, CultureInfo.InvariantCulture));
        return new Parsed(claims, Encoding.ASCII.GetBytes(text[..text.LastIndexOf(Separator)]), Convert.FromHexString(signatureHex));
    }

    private static bool Seconds(string field, out DateTimeOffset time)
    {
        time = default;
        if (field.Length is < 1 or > 11 || !field.All(char.IsAsciiDigit))
        {
            return false;
        }
        var seconds = long.Parse(field, CultureInfo.InvariantCulture);
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }
        time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}
