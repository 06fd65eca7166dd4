using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace HealthCard.Crypto.Sm3;

/// <summary>SM3 (GB/T 32905) and HMAC-SM3 (RFC 2104 over SM3).</summary>
public static class Sm3Hash
{
    public const int Size = 32;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var hash = new byte[Size];
        Hash(data, hash);
        return hash;
    }

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data);
        digest.DoFinal(destination);
    }

    /// <summary>HMAC-SM3 of <paramref name="data"/> under <paramref name="key"/>, written to a 32-byte destination.</summary>
    public static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hmac = new HMac(new SM3Digest());
        hmac.Init(new KeyParameter(key));
        hmac.BlockUpdate(data);
        hmac.DoFinal(destination);
    }
}
