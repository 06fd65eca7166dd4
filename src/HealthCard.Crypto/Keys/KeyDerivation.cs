using System.Security.Cryptography;
using System.Text;
using HealthCard.Crypto.Sm4;

namespace HealthCard.Crypto.Keys;

/// <summary>
/// Key diversification and check values of standard §6. The diversification rule is a project decision (D,
/// PBOC style adapted to SM4): <c>child = SM4_enc(parent, D ‖ ~D)</c> for an 8-byte diversifier D. DDF1 and DF01 keys use
/// one level (the card diversifier); DF02 and DF03 keys use two (the city diversifier, then the card diversifier).
/// </summary>
public static class KeyDerivation
{
    public const int DiversifierSize = 8;

    /// <summary>One level of diversification.</summary>
    public static byte[] Diversify(ReadOnlySpan<byte> parent, ReadOnlySpan<byte> diversifier)
    {
        if (diversifier.Length != DiversifierSize)
        {
            throw new ArgumentException("A diversifier has 8 bytes.", nameof(diversifier));
        }
        Span<byte> block = stackalloc byte[Sm4Block.BlockSize];
        diversifier.CopyTo(block);
        for (var i = 0; i < DiversifierSize; i++)
        {
            block[DiversifierSize + i] = (byte)~diversifier[i];
        }
        return Sm4Block.EncryptEcb(parent, block);
    }

    /// <summary>Two levels (DF02/DF03 keys): the city diversifier, then the card diversifier.</summary>
    public static byte[] Diversify(ReadOnlySpan<byte> parent, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var intermediate = Diversify(parent, first);
        try
        {
            return Diversify(intermediate, second);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(intermediate);
        }
    }

    /// <summary>The city diversifier: ASCII of the first two digits of the 6-digit application city code, then "000000".</summary>
    public static byte[] CityDiversifier(string cityCode)
    {
        if (cityCode is not { Length: >= 2 } || !char.IsAsciiDigit(cityCode[0]) || !char.IsAsciiDigit(cityCode[1]))
        {
            throw new ArgumentException("The application city code starts with two digits.", nameof(cityCode));
        }
        return Encoding.ASCII.GetBytes(cityCode[..2] + "000000");
    }

    /// <summary>
    /// The province diversifier (D, ADR 009): national master key → provincial key. ASCII <c>"PR"</c>, the two-digit
    /// province code (GB/T 2260), then <c>"0000"</c>, e.g. <c>"PR130000"</c> for Hebei. It starts with letters, so it can
    /// never equal a city diversifier (always eight digits), and a provincial key is never a city-level key of another
    /// province.
    /// </summary>
    public static byte[] ProvinceDiversifier(string provinceCode)
    {
        if (provinceCode is not { Length: 2 } || !char.IsAsciiDigit(provinceCode[0]) || !char.IsAsciiDigit(provinceCode[1]))
        {
            throw new ArgumentException("A province code is two digits (GB/T 2260).", nameof(provinceCode));
        }
        return Encoding.ASCII.GetBytes("PR" + provinceCode + "0000");
    }

    /// <summary>The card diversifier: the first 8 bytes of the chip serial from the card's answer to reset.</summary>
    public static byte[] CardDiversifier(ReadOnlySpan<byte> chipSerial) =>
        chipSerial.Length >= DiversifierSize ? chipSerial[..DiversifierSize].ToArray()
            : throw new ArgumentException("The chip serial has at least 8 bytes.", nameof(chipSerial));

    /// <summary>Key check value (D): the first 3 bytes of SM4_enc(key, 16 zero bytes).</summary>
    public static byte[] CheckValue(ReadOnlySpan<byte> key) => Sm4Block.EncryptEcb(key, stackalloc byte[Sm4Block.BlockSize])[..3];

    /// <summary>
    /// The check value of an SM2 key (D, ADR 009): the first 3 bytes of SM3 over its 64-byte public key x‖y. Like the
    /// SM4 KCV it identifies a key across tiers without revealing anything about the private scalar.
    /// </summary>
    public static byte[] PublicKeyCheckValue(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == 64 ? Sm3.Sm3Hash.Hash(publicKey)[..3] : throw new ArgumentException("An SM2 public key is 64 bytes x‖y.", nameof(publicKey));
}
