using System.Text;
using HealthCard.Crypto.Sm2;

namespace HealthCard.Crypto.Certificates;

/// <summary>What a certified key may do (D).</summary>
public enum CertificateUsage : byte
{
    /// <summary>An issuer (发卡机构) key: signs SAM certificates.</summary>
    Issuer = 0x01,

    /// <summary>A SAM key: signs card records (EE/ED).</summary>
    Sam = 0x02,
}

/// <summary>
/// The compact certificates stored on cards and SAMs (standard §6): issuer certificate 180 bytes, SAM certificate 190
/// bytes. The layout is not public, so the project decides it (D) here, in one place:
/// <code>
/// offset 0   version (1) = 1
///        1   subject id, ans16 (ASCII, 0x00-padded)
///       17   issuer id, ans16
///       33   valid from, cn4 (YYYYMMDD packed BCD)
///       37   valid to, cn4
///       41   key usage (1)
///       42   public key x‖y (64)
///      106   SAM serial, ans10 (SAM certificates only)
///  106/116   signature r‖s (64) by the parent key over every preceding byte (SM2, default signer ID)
///  170/180   0x00 padding to 180 / 190
/// </code>
/// </summary>
public sealed record CompactCertificate(
    string Subject,
    string Issuer,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    CertificateUsage Usage,
    byte[] PublicKey,
    string? SamSerial,
    byte[] Signature)
{
    public const int IssuerSize = 180;
    public const int SamSize = 190;
    private const byte Version = 1;
    private const int IdSize = 16;
    private const int SerialSize = 10;
    private const int PublicKeyOffset = 42;
    private const int SerialOffset = 106;

    private int SignatureOffset => SamSerial is null ? SerialOffset : SerialOffset + SerialSize;

    /// <summary>Issues a certificate for <paramref name="publicKey"/>, signed by <paramref name="parentKey"/>.</summary>
    public static byte[] Issue(string subject, string issuer, DateOnly validFrom, DateOnly validTo, CertificateUsage usage,
        ReadOnlySpan<byte> publicKey, string? samSerial, Sm2PrivateKey parentKey)
    {
        ArgumentNullException.ThrowIfNull(parentKey);
        if (publicKey.Length != Sm2Algorithm.PublicKeySize)
        {
            throw new ArgumentException("The certified key is 64 bytes x‖y.", nameof(publicKey));
        }
        if ((usage == CertificateUsage.Sam) != (samSerial is not null))
        {
            throw new ArgumentException("A SAM certificate, and only a SAM certificate, names the SAM serial.", nameof(samSerial));
        }
        var certificate = new CompactCertificate(subject, issuer, validFrom, validTo, usage, publicKey.ToArray(), samSerial, []);
        var bytes = new byte[samSerial is null ? IssuerSize : SamSize];
        bytes[0] = Version;
        WriteAscii(subject, bytes.AsSpan(1, IdSize), nameof(subject));
        WriteAscii(issuer, bytes.AsSpan(17, IdSize), nameof(issuer));
        Date(validFrom, bytes.AsSpan(33, 4));
        Date(validTo, bytes.AsSpan(37, 4));
        bytes[41] = (byte)usage;
        publicKey.CopyTo(bytes.AsSpan(PublicKeyOffset));
        if (samSerial is not null)
        {
            WriteAscii(samSerial, bytes.AsSpan(SerialOffset, SerialSize), nameof(samSerial));
        }
        var offset = certificate.SignatureOffset;
        Sm2Algorithm.Sign(parentKey, bytes.AsSpan(0, offset)).CopyTo(bytes, offset);
        return bytes;
    }

    /// <summary>Reads a 180- or 190-byte certificate; <see cref="FormatException"/> when it is malformed.</summary>
    public static CompactCertificate Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is not (IssuerSize or SamSize))
        {
            throw new FormatException($"A compact certificate has {IssuerSize} or {SamSize} bytes, not {bytes.Length}.");
        }
        if (bytes[0] != Version)
        {
            throw new FormatException($"Unknown certificate version {bytes[0]}.");
        }
        var isSam = bytes.Length == SamSize;
        var usage = (CertificateUsage)bytes[41];
        if (usage != (isSam ? CertificateUsage.Sam : CertificateUsage.Issuer))
        {
            throw new FormatException($"Key usage {bytes[41]:X2} does not fit a {bytes.Length}-byte certificate.");
        }
        var signatureOffset = isSam ? SerialOffset + SerialSize : SerialOffset;
        return new CompactCertificate(
            ReadAscii(bytes.Slice(1, IdSize)),
            ReadAscii(bytes.Slice(17, IdSize)),
            ReadDate(bytes.Slice(33, 4)),
            ReadDate(bytes.Slice(37, 4)),
            usage,
            bytes.Slice(PublicKeyOffset, Sm2Algorithm.PublicKeySize).ToArray(),
            isSam ? ReadAscii(bytes.Slice(SerialOffset, SerialSize)) : null,
            bytes.Slice(signatureOffset, Sm2Algorithm.SignatureSize).ToArray());
    }

    /// <summary>True when <paramref name="encoded"/> carries a valid signature by <paramref name="parentPublicKey"/>.</summary>
    public static bool IsSignedBy(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> parentPublicKey)
    {
        var certificate = Parse(encoded);
        return Sm2Algorithm.Verify(parentPublicKey, encoded[..certificate.SignatureOffset], certificate.Signature);
    }

    /// <summary>
    /// Verifies root → issuer → SAM on <paramref name="at"/>: both signatures, the issuer/subject links, the usages and
    /// the validity periods. Returns null when the chain holds, else what is wrong.
    /// </summary>
    public static string? VerifyChain(ReadOnlySpan<byte> rootPublicKey, string rootId, ReadOnlySpan<byte> issuerCertificate,
        ReadOnlySpan<byte> samCertificate, DateOnly at)
    {
        CompactCertificate issuer, sam;
        try
        {
            issuer = Parse(issuerCertificate);
            sam = Parse(samCertificate);
        }
        catch (FormatException e)
        {
            return e.Message;
        }
        return issuer.Usage != CertificateUsage.Issuer ? "the issuer certificate is not an issuer certificate"
            : sam.Usage != CertificateUsage.Sam ? "the SAM certificate is not a SAM certificate"
            : issuer.Issuer != rootId ? $"the issuer certificate names '{issuer.Issuer}' as its issuer, not the root '{rootId}'"
            : sam.Issuer != issuer.Subject ? $"the SAM certificate names '{sam.Issuer}' as its issuer, not '{issuer.Subject}'"
            : !IsSignedBy(issuerCertificate, rootPublicKey) ? "the issuer certificate's signature does not verify under the root key"
            : !IsSignedBy(samCertificate, issuer.PublicKey) ? "the SAM certificate's signature does not verify under the issuer key"
            : at < issuer.ValidFrom || at > issuer.ValidTo ? "the issuer certificate is not valid on that date"
            : at < sam.ValidFrom || at > sam.ValidTo ? "the SAM certificate is not valid on that date"
            : null;
    }

    private static void WriteAscii(string value, Span<byte> destination, string name)
    {
        if (value.Length > destination.Length || !value.All(char.IsAscii) || value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} is ASCII of at most {destination.Length} characters.", name);
        }
        Encoding.ASCII.GetBytes(value, destination);
    }

    private static string ReadAscii(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        var text = end < 0 ? field : field[..end];
        if (!System.Text.Ascii.IsValid(text) || (end >= 0 && field[end..].ContainsAnyExcept((byte)0)))
        {
            throw new FormatException("A certificate identifier is not 0x00-padded ASCII.");
        }
        return Encoding.ASCII.GetString(text);
    }

    private static void Date(DateOnly date, Span<byte> destination)
    {
        var digits = date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 4; i++)
        {
            destination[i] = (byte)(((digits[2 * i] - '0') << 4) | (digits[2 * i + 1] - '0'));
        }
    }

    private static DateOnly ReadDate(ReadOnlySpan<byte> field)
    {
        Span<char> digits = stackalloc char[8];
        for (var i = 0; i < 4; i++)
        {
            int high = field[i] >> 4, low = field[i] & 0x0F;
            if (high > 9 || low > 9)
            {
                throw new FormatException("A certificate date is not packed BCD.");
            }
            digits[2 * i] = (char)('0' + high);
            digits[2 * i + 1] = (char)('0' + low);
        }
        return DateOnly.TryParseExact(digits, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException("A certificate date is not a real date.");
    }
}
