using HealthCard.Chip.Apdu;
using HealthCard.Chip.Files;
using HealthCard.Chip.Reader;
using HealthCard.Chip.Virtual;
using HealthCard.Crypto.Certificates;
using HealthCard.Crypto.Sm2;

namespace HealthCard.Chip.Personalization;

/// <summary>
/// A test key set (<c>keyset.json</c>): the national root and issuer SM2 keys, the SM4 master keys by SAM key index (§7),
/// and one signing key and certificate per SAM. Everything is in clear: it is for development, test labs and demos. The
/// platform's own keys live in its key service, wrapped under a key-encryption key.
/// </summary>
public sealed record KeySet
{
    public required string RootId { get; init; }

    /// <summary>The root's SM2 private key, 32 bytes hex.</summary>
    public required string RootPrivateKey { get; init; }

    /// <summary>The root's SM2 public key x‖y, 64 bytes hex: the trust anchor readers check EE/ED signatures against.</summary>
    public required string RootPublicKey { get; init; }

    public required string IssuerId { get; init; }

    public required string IssuerPrivateKey { get; init; }

    /// <summary>The issuer's 180-byte certificate, signed by the root, hex.</summary>
    public required string IssuerCertificate { get; init; }

    /// <summary>SM4 master keys by SAM key index ("2A" → 16 bytes hex).</summary>
    public required IReadOnlyDictionary<string, string> MasterKeys { get; init; }

    public required IReadOnlyList<SamKeyEntry> Sams { get; init; }

    /// <summary>The SAM PIN of the test SAMs.</summary>
    public required string SamPin { get; init; }

    /// <summary>The master keys as bytes, by SAM key index.</summary>
    public IReadOnlyDictionary<byte, byte[]> Masters() =>
        MasterKeys.ToDictionary(k => Convert.ToByte(k.Key, 16), k => Convert.FromHexString(k.Value));

    public RecordTrust Trust() => new(Convert.FromHexString(RootPublicKey), RootId);

    public void Save(string path) => ImageFile.Write(path, this);

    /// <summary>Loads a key set; <see cref="FormatException"/> when the file is not one.</summary>
    public static KeySet Load(string path) => ImageFile.Read<KeySet>(path, "key set");

    /// <summary>
    /// Generates a fresh key set for <paramref name="issuer"/>: root and issuer keys with the issuer certificate, random SM4
    /// masters, and one SAM of each type 1–5 with its own signing key and certificate. Returns the key set, the issuer
    /// description and the SAMs. Throws <see cref="ArgumentException"/> before generating anything when the issuer's name
    /// (ans30), code (digits, at most 16 so that it fits a certificate id) or city code (6 digits) would not fit the card.
    /// </summary>
    public static (KeySet Keys, IssuerProfile Issuer, IReadOnlyList<VirtualSam> Sams) Create(
        string issuerName, string issuerCode, string cityCode, DateOnly today, string samPin = "123456")
    {
        const string rootId = "CN-NHC-ROOT";
        if (cityCode is not { Length: 6 } || !cityCode.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The city code is a 6-digit GB/T 2260 code.", nameof(cityCode));
        }
        if (issuerCode is not { Length: >= 1 and <= 16 } || !issuerCode.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The issuer code is 1 to 16 digits (cn11 on the card, a 16-character certificate id).", nameof(issuerCode));
        }
        // The card's own element rules (§4.1) decide whether the name fits: what personalization will write, checked now.
        _ = new Ddf1Ef05 { IssuerName = issuerName, IssuerCode = issuerCode, CityCode = cityCode }.EncodeRecords();
        var validTo = today.AddYears(10);
        using var root = Sm2Algorithm.GenerateKey();
        using var issuerKey = Sm2Algorithm.GenerateKey();
        var issuerCertificate = CompactCertificate.Issue(issuerCode, rootId, today, validTo, CertificateUsage.Issuer, issuerKey.PublicKey, null, root);
        var masters = SamKeys.All.ToDictionary(s => s.Index, _ => System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

        var sams = new List<VirtualSam>();
        var entries = new List<SamKeyEntry>();
        for (var type = 1; type <= 5; type++)
        {
            // D: a test SAM serial is the city's 2-digit province, the type, and a 7-digit number.
            var serial = $"{cityCode[..2]}{type}{System.Security.Cryptography.RandomNumberGenerator.GetInt32(10_000_000):D7}";
            var samKey = Sm2Algorithm.GenerateKey(); // the SAM keeps it
            var samCertificate = CompactCertificate.Issue(serial, issuerCode, today, validTo, CertificateUsage.Sam, samKey.PublicKey, serial, issuerKey);
            sams.Add(new VirtualSam(type, serial, masters, samPin, samKey, issuerCertificate, samCertificate,
                SamFiles.TerminalNumber(cityCode, type), SamFiles.ApplicationInfo(issuerCode, today, validTo)));
            entries.Add(new SamKeyEntry(type, serial, Convert.ToHexString(Scalar(samKey)), Convert.ToHexString(samCertificate)));
        }

        var keys = new KeySet
        {
            RootId = rootId,
            RootPrivateKey = Convert.ToHexString(Scalar(root)),
            RootPublicKey = Convert.ToHexString(root.PublicKey),
            IssuerId = issuerCode,
            IssuerPrivateKey = Convert.ToHexString(Scalar(issuerKey)),
            IssuerCertificate = Convert.ToHexString(issuerCertificate),
            MasterKeys = masters.OrderBy(m => m.Key).ToDictionary(m => $"{m.Key:X2}", m => Convert.ToHexString(m.Value)),
            Sams = entries,
            SamPin = samPin,
        };
        return (keys, new IssuerProfile(issuerName, issuerCode, cityCode, Convert.ToHexString(issuerCertificate)), sams);
    }

    private static byte[] Scalar(Sm2PrivateKey key)
    {
        var scalar = new byte[32];
        key.WriteTo(scalar);
        return scalar;
    }
}

/// <summary>A SAM of the key set: its type, serial, SM2 signing key (hex) and 190-byte certificate (hex).</summary>
public sealed record SamKeyEntry(int Type, string Serial, string PrivateKey, string Certificate);

/// <summary>
/// The issuing institution as personalization writes it into DDF1/EF05 (<c>issuer.json</c>): its name (ans30), code
/// (cn11), the city code (cn3) whose cards it issues, and its 180-byte certificate (hex).
/// </summary>
public sealed record IssuerProfile(string Name, string Code, string CityCode, string Certificate)
{
    public void Save(string path) => ImageFile.Write(path, this);

    public static IssuerProfile Load(string path) => ImageFile.Read<IssuerProfile>(path, "issuer description");
}

/// <summary>The contents of a SAM's MF/0016 and DF01/001A files (§7) for test SAMs (D: the standard gives sizes, not encodings).</summary>
public static class SamFiles
{
    /// <summary>6 bytes: province, city (binary from the GB/T 2260 code), issuer 1, serial 3 (the SAM type as serial).</summary>
    public static byte[] TerminalNumber(string cityCode, int serial) =>
        [byte.Parse(cityCode[..2], System.Globalization.CultureInfo.InvariantCulture), byte.Parse(cityCode[2..4], System.Globalization.CultureInfo.InvariantCulture),
         0x01, 0x00, 0x00, (byte)serial];

    /// <summary>25 bytes: key index 01, issuer id cn8, receiver id cn8 (absent), start and end dates cn4.</summary>
    public static byte[] ApplicationInfo(string issuerCode, DateOnly from, DateOnly to)
    {
        var info = new byte[VirtualSam.ApplicationInfoSize];
        info[0] = 0x01;
        Encoding.Cn.TryEncode(issuerCode.Length > 16 ? issuerCode[..16] : issuerCode, info.AsSpan(1, 8), out _);
        Encoding.Cn.TryEncode(from.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), info.AsSpan(17, 4), out _);
        Encoding.Cn.TryEncode(to.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), info.AsSpan(21, 4), out _);
        return info;
    }
}
