using BenchmarkDotNet.Attributes;
using HealthCard.Crypto.Reference;
using HealthCard.Crypto.Sm2;

namespace HealthCard.Benchmarks;

/// <summary>
/// SM2 sign and verify through HealthCard.Crypto, beside raw BouncyCastle doing the same work (SM3, r‖s encoding,
/// default signer ID) in the same run: the baseline shows what our wrapper costs. BouncyCastle is reached only through
/// the tests' reference (HealthCard.Crypto.Reference), so the benchmarks keep the rule that only Crypto references it.
/// </summary>
[MemoryDiagnoser]
public class Sm2Benchmarks : IDisposable
{
    private readonly byte[] _message = new byte[1639]; // the data part of an inpatient record (EE)
    private Sm2PrivateKey _key = null!;
    private byte[] _signature = [];
    private Sm2PublicKey _publicKey = null!;
    private ReferenceSm2 _reference = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = Sm2Algorithm.GenerateKey();
        _signature = Sm2Algorithm.Sign(_key, _message);
        _publicKey = Sm2PublicKey.Import(_key.PublicKey);
        Span<byte> scalar = stackalloc byte[32];
        _key.WriteTo(scalar);
        _reference = ReferenceSm2.FromPrivateScalar(scalar);
        scalar.Clear();
    }

    [Benchmark(Baseline = true)]
    public byte[] RawBouncyCastleSign() => _reference.Sign(_message);

    [Benchmark]
    public byte[] Sign() => Sm2Algorithm.Sign(_key, _message);

    [Benchmark]
    public bool RawBouncyCastleVerify() => _reference.Verify(_message, _signature);

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
