using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace HealthCard.Crypto.Sm2;

/// <summary>
/// SM2 (GB/T 32918) on the recommended curve sm2p256v1 with SM3: key generation, signatures (64-byte r‖s as on the card,
/// or DER) with an explicit signer ID, and public-key encryption in the C1C3C2 order of the 2012+ standard.
/// Public keys are 64 bytes x‖y (standard §6); a leading 0x04 is accepted on input.
/// </summary>
public static class Sm2Algorithm
{
    /// <summary>The default signer ID of GM/T 0009. Vendors disagree on it, so every call names its ID explicitly.</summary>
    public const string DefaultUserId = "1234567812345678";

    public const int SignatureSize = 64;
    public const int PublicKeySize = 64;

    internal static ECDomainParameters Curve { get; } = CreateCurve();

    public static Sm2PrivateKey GenerateKey()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Curve, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        return new Sm2PrivateKey(((ECPrivateKeyParameters)pair.Private).D, Curve);
    }

    /// <summary>Signs <paramref name="message"/> (SM3 over Z_A ‖ message, as GB/T 32918.2 specifies); returns r‖s.</summary>
    public static byte[] Sign(Sm2PrivateKey key, ReadOnlySpan<byte> message, string userId = DefaultUserId)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Sign(key, message, userId, PlainDsaEncoding.Instance, new SecureRandom());
    }

    /// <summary>The same signature in DER (SEQUENCE of two INTEGERs), as X.509 tooling expects.</summary>
    public static byte[] SignDer(Sm2PrivateKey key, ReadOnlySpan<byte> message, string userId = DefaultUserId)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Sign(key, message, userId, StandardDsaEncoding.Instance, new SecureRandom());
    }

    /// <summary>Verifies an r‖s signature. Malformed input (wrong length, r or s out of range, bad key) is simply invalid.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, string userId = DefaultUserId) =>
        signature.Length == SignatureSize && Verify(publicKey, message, signature, userId, PlainDsaEncoding.Instance);

    /// <summary>
    /// Verifies with an imported key. Prefer this when one key verifies many signatures (a SAM's records, a chain):
    /// BouncyCastle keeps its multiplication tables on the decoded point, which halves the cost of later verifications.
    /// </summary>
    public static bool Verify(Sm2PublicKey publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, string userId = DefaultUserId)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return signature.Length == SignatureSize && Verify(publicKey.Parameters, message, signature, userId, PlainDsaEncoding.Instance);
    }

    public static bool VerifyDer(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, string userId = DefaultUserId) =>
        Verify(publicKey, message, signature, userId, StandardDsaEncoding.Instance);

    /// <summary>Encrypts to <paramref name="publicKey"/>: C1 (65 bytes, 0x04 ‖ x ‖ y) ‖ C3 (SM3, 32 bytes) ‖ C2.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> plaintext) =>
        Encrypt(PublicPoint(publicKey, Curve), Curve, plaintext, new SecureRandom());

    /// <summary>Decrypts C1C3C2; false when the ciphertext is malformed or fails its integrity check (C3).</summary>
    public static bool TryDecrypt(Sm2PrivateKey key, ReadOnlySpan<byte> ciphertext, out byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        var engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
        engine.Init(false, key.Parameters);
        try
        {
            plaintext = engine.ProcessBlock(ciphertext.ToArray(), 0, ciphertext.Length);
            return true;
        }
        catch (Exception e) when (e is InvalidCipherTextException or ArgumentException)
        {
            plaintext = [];
            return false;
        }
    }

    /// <summary>
    /// e = SM3(Z_A ‖ message) with Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5): what a
    /// terminal computes before asking a SAM to sign, because a SAM cannot receive a whole 1,639-byte record.
    /// </summary>
    public static byte[] Digest(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, string userId = DefaultUserId)
    {
        var point = PublicPoint(publicKey, Curve);
        var id = Encoding.ASCII.GetBytes(userId);
        var digest = new SM3Digest();
        var bits = id.Length * 8;
        digest.Update((byte)(bits >> 8));
        digest.Update((byte)bits);
        digest.BlockUpdate(id, 0, id.Length);
        foreach (var element in new[] { Curve.Curve.A, Curve.Curve.B, Curve.G.AffineXCoord, Curve.G.AffineYCoord, point.AffineXCoord, point.AffineYCoord })
        {
            var bytes = element.GetEncoded();
            digest.BlockUpdate(bytes, 0, bytes.Length);
        }
        var z = new byte[32];
        digest.DoFinal(z, 0);
        digest.BlockUpdate(z, 0, z.Length);
        digest.BlockUpdate(message);
        var e = new byte[32];
        digest.DoFinal(e, 0);
        return e;
    }

    /// <summary>
    /// Signs a digest e from <see cref="Digest"/> (GB/T 32918.2 §6.1 steps A3–A7); returns r‖s. The result verifies with
    /// <see cref="Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, string)"/> over the original message.
    /// </summary>
    public static byte[] SignDigest(Sm2PrivateKey key, ReadOnlySpan<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (digest.Length != 32)
        {
            throw new ArgumentException("An SM3 digest has 32 bytes.", nameof(digest));
        }
        var n = Curve.N;
        var d = key.Parameters.D;
        var e = new BigInteger(1, digest.ToArray());
        var random = new SecureRandom();
        var multiplier = new FixedPointCombMultiplier();
        while (true)
        {
            var k = new BigInteger(n.BitLength, random);
            if (k.SignValue == 0 || k.CompareTo(n) >= 0)
            {
                continue;
            }
            var x1 = multiplier.Multiply(Curve.G, k).Normalize().AffineXCoord.ToBigInteger();
            var r = e.Add(x1).Mod(n);
            if (r.SignValue == 0 || r.Add(k).Equals(n))
            {
                continue;
            }
            var s = d.Add(BigInteger.One).ModInverse(n).Multiply(k.Subtract(r.Multiply(d))).Mod(n);
            if (s.SignValue == 0)
            {
                continue;
            }
            return [.. BigIntegers.AsUnsignedByteArray(32, r), .. BigIntegers.AsUnsignedByteArray(32, s)];
        }
    }

    // The overloads below take the domain and the randomness explicitly: the known-answer tests of GB/T 32918 use the
    // standard's own test curve and its fixed random k. Production code always goes through the public methods above.

    internal static byte[] Sign(Sm2PrivateKey key, ReadOnlySpan<byte> message, string userId, IDsaEncoding encoding, SecureRandom random)
    {
        var signer = new SM2Signer(encoding, new SM3Digest());
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(key.Parameters, random), Encoding.ASCII.GetBytes(userId)));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    internal static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, string userId,
        IDsaEncoding encoding, ECDomainParameters? curve = null)
    {
        curve ??= Curve;
        try
        {
            return Verify(new ECPublicKeyParameters(PublicPoint(publicKey, curve), curve), message, signature, userId, encoding);
        }
        catch (ArgumentException)
        {
            // A public key that is not a point of the curve verifies nothing.
            return false;
        }
    }

    private static bool Verify(ECPublicKeyParameters publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, string userId, IDsaEncoding encoding)
    {
        try
        {
            var signer = new SM2Signer(encoding, new SM3Digest());
            signer.Init(false, new ParametersWithID(publicKey, Encoding.ASCII.GetBytes(userId)));
            signer.BlockUpdate(message);
            return signer.VerifySignature(signature.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IOException)
        {
            // Out-of-range r or s or malformed DER: not a valid signature.
            return false;
        }
    }

    internal static byte[] Encrypt(ECPoint publicPoint, ECDomainParameters curve, ReadOnlySpan<byte> plaintext, SecureRandom random)
    {
        var engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
        engine.Init(true, new ParametersWithRandom(new ECPublicKeyParameters(publicPoint, curve), random));
        return engine.ProcessBlock(plaintext.ToArray(), 0, plaintext.Length);
    }

    internal static ECPoint PublicPoint(ReadOnlySpan<byte> publicKey, ECDomainParameters curve)
    {
        Span<byte> encoded = stackalloc byte[PublicKeySize + 1];
        encoded[0] = 0x04;
        if (publicKey.Length == PublicKeySize)
        {
            publicKey.CopyTo(encoded[1..]);
        }
        else if (publicKey.Length == PublicKeySize + 1 && publicKey[0] == 0x04)
        {
            publicKey.CopyTo(encoded);
        }
        else
        {
            throw new ArgumentException("An SM2 public key is 64 bytes x‖y (or 65 with a leading 0x04).", nameof(publicKey));
        }
        // DecodePoint rejects a point that is not on the curve. The SM2 curves have cofactor 1, so every point on the
        // curve except infinity has order n: the full (and costly) order check of ValidatePublicPoint adds nothing.
        var point = curve.Curve.DecodePoint(encoded.ToArray());
        return point.IsInfinity ? throw new ArgumentException("The SM2 public key is the point at infinity.", nameof(publicKey)) : point;
    }

    private static ECDomainParameters CreateCurve()
    {
        var x9 = GMNamedCurves.GetByName("sm2p256v1");
        return new ECDomainParameters(x9.Curve, x9.G, x9.N, x9.H, x9.GetSeed());
    }
}

/// <summary>An SM2 public key, decoded and checked once (on the curve, not infinity).</summary>
public sealed class Sm2PublicKey
{
    private Sm2PublicKey(ECPublicKeyParameters parameters, byte[] encoded)
    {
        Parameters = parameters;
        Encoded = encoded;
    }

    /// <summary>64 bytes x‖y.</summary>
    public byte[] Encoded { get; }

    internal ECPublicKeyParameters Parameters { get; }

    /// <summary>Imports 64 bytes x‖y (or 65 with 0x04); <see cref="ArgumentException"/> when it is no point of the curve.</summary>
    public static Sm2PublicKey Import(ReadOnlySpan<byte> publicKey)
    {
        var point = Sm2Algorithm.PublicPoint(publicKey, Sm2Algorithm.Curve);
        return new Sm2PublicKey(new ECPublicKeyParameters(point, Sm2Algorithm.Curve), publicKey[^Sm2Algorithm.PublicKeySize..].ToArray());
    }
}

/// <summary>An SM2 private key. The scalar stays inside; export it only through <see cref="WriteTo"/>. Dispose to forget it.</summary>
public sealed class Sm2PrivateKey : IDisposable
{
    private readonly ECDomainParameters _curve;
    private ECPrivateKeyParameters? _key;

    internal Sm2PrivateKey(BigInteger d, ECDomainParameters curve)
    {
        _curve = curve;
        _key = new ECPrivateKeyParameters(d, curve);
        var q = new FixedPointCombMultiplier().Multiply(curve.G, d).Normalize();
        PublicKey = [.. q.AffineXCoord.GetEncoded(), .. q.AffineYCoord.GetEncoded()];
    }

    /// <summary>The public key, 64 bytes x‖y.</summary>
    public byte[] PublicKey { get; }

    internal ECPrivateKeyParameters Parameters => _key ?? throw new ObjectDisposedException(nameof(Sm2PrivateKey));

    /// <summary>Imports a 32-byte big-endian scalar in [1, n−1].</summary>
    public static Sm2PrivateKey Import(ReadOnlySpan<byte> scalar) => Import(scalar, Sm2Algorithm.Curve);

    internal static Sm2PrivateKey Import(ReadOnlySpan<byte> scalar, ECDomainParameters curve)
    {
        if (scalar.Length != 32)
        {
            throw new ArgumentException("An SM2 private key has 32 bytes.", nameof(scalar));
        }
        var d = new BigInteger(1, scalar.ToArray());
        if (d.SignValue <= 0 || d.CompareTo(curve.N.Subtract(BigInteger.One)) >= 0)
        {
            throw new ArgumentException("The SM2 private key is out of range.", nameof(scalar));
        }
        return new Sm2PrivateKey(d, curve);
    }

    /// <summary>Writes the 32-byte scalar (for wrapping under a key-encryption key, never for display).</summary>
    public void WriteTo(Span<byte> destination)
    {
        var scalar = Parameters.D.ToByteArrayUnsigned();
        try
        {
            destination[..32].Clear();
            scalar.CopyTo(destination[(32 - scalar.Length)..32]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    public void Dispose() => _key = null; // BouncyCastle's BigInteger is immutable; dropping the reference is all we can do.

    internal ECDomainParameters Curve => _curve;
}
