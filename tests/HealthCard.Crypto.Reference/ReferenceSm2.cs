using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace HealthCard.Crypto.Reference;

/// <summary>
/// SM2 signatures (GB/T 32918.2) computed by BouncyCastle alone, with the same choices as HealthCard.Crypto: SM3 digest,
/// r‖s encoding, the default signer ID. A key is built once, so a benchmark measures signing, not key decoding.
/// </summary>
public sealed class ReferenceSm2
{
    private static readonly ECDomainParameters Curve = CurveParameters();
    private static readonly byte[] DefaultId = "1234567812345678"u8.ToArray();

    private readonly ECPrivateKeyParameters _private;
    private readonly ECPublicKeyParameters _public;

    private ReferenceSm2(ECPrivateKeyParameters privateKey)
    {
        _private = privateKey;
        _public = new ECPublicKeyParameters(Curve.G.Multiply(privateKey.D).Normalize(), Curve);
    }

    /// <summary>The reference signer for a private scalar (32 bytes, big-endian).</summary>
    public static ReferenceSm2 FromPrivateScalar(ReadOnlySpan<byte> scalar) =>
        new(new ECPrivateKeyParameters(new Org.BouncyCastle.Math.BigInteger(1, scalar.ToArray()), Curve));

    public byte[] Sign(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var signer = new SM2Signer(PlainDsaEncoding.Instance, new SM3Digest());
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(_private, new SecureRandom()), DefaultId));
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    public bool Verify(byte[] message, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(message);
        var signer = new SM2Signer(PlainDsaEncoding.Instance, new SM3Digest());
        signer.Init(false, new ParametersWithID(_public, DefaultId));
        signer.BlockUpdate(message, 0, message.Length);
        return signer.VerifySignature(signature);
    }

    private static ECDomainParameters CurveParameters()
    {
        var x9 = GMNamedCurves.GetByName("sm2p256v1");
        return new ECDomainParameters(x9.Curve, x9.G, x9.N, x9.H);
    }
}
