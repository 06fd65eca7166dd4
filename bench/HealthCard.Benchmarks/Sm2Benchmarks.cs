using BenchmarkDotNet.Attributes;
using HealthCard.Crypto.Sm2;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace HealthCard.Benchmarks;

/// <summary>
/// SM2 sign and verify through HealthCard.Crypto, beside raw BouncyCastle doing the same work (SM3, r‖s encoding,
/// default signer ID) in the same run: the baseline shows what our wrapper costs.
/// </summary>
[MemoryDiagnoser]
public class Sm2Benchmarks : IDisposable
{
    private readonly byte[] _message = new byte[1639]; // the data part of an inpatient record (EE)
    private Sm2PrivateKey _key = null!;
    private byte[] _signature = [];
    private Sm2PublicKey _publicKey = null!;
    private ECPrivateKeyParameters _rawPrivate = null!;
    private ECPublicKeyParameters _rawPublic = null!;
    private readonly byte[] _id = "1234567812345678"u8.ToArray();

    [GlobalSetup]
    public void Setup()
    {
        _key = Sm2Algorithm.GenerateKey();
        _signature = Sm2Algorithm.Sign(_key, _message);
        _publicKey = Sm2PublicKey.Import(_key.PublicKey);
        var x9 = GMNamedCurves.GetByName("sm2p256v1");
        var curve = new ECDomainParameters(x9.Curve, x9.G, x9.N, x9.H);
        Span<byte> scalar = stackalloc byte[32];
        _key.WriteTo(scalar);
        _rawPrivate = new ECPrivateKeyParameters(new Org.BouncyCastle.Math.BigInteger(1, scalar.ToArray()), curve);
        _rawPublic = new ECPublicKeyParameters(curve.G.Multiply(_rawPrivate.D).Normalize(), curve);
    }

    [Benchmark(Baseline = true)]
    public byte[] RawBouncyCastleSign()
    {
        var signer = new SM2Signer(PlainDsaEncoding.Instance, new SM3Digest());
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(_rawPrivate, new SecureRandom()), _id));
        signer.BlockUpdate(_message, 0, _message.Length);
        return signer.GenerateSignature();
    }

    [Benchmark]
    public byte[] Sign() => Sm2Algorithm.Sign(_key, _message);

    [Benchmark]
    public bool RawBouncyCastleVerify()
    {
        var signer = new SM2Signer(PlainDsaEncoding.Instance, new SM3Digest());
        signer.Init(false, new ParametersWithID(_rawPublic, _id));
        signer.BlockUpdate(_message, 0, _message.Length);
        return signer.VerifySignature(_signature);
    }

    /// <summary>With the key as bytes: decoded on every call, so BouncyCastle cannot reuse its tables.</summary>
    [Benchmark]
    public bool VerifyWithKeyBytes() => Sm2Algorithm.Verify(_key.PublicKey, _message, _signature);

    [Benchmark]
    public bool VerifyWithImportedKey() => Sm2Algorithm.Verify(_publicKey, _message, _signature);

    public void Dispose()
    {
        _key?.Dispose();
        GC.SuppressFinalize(this);
    }
}
