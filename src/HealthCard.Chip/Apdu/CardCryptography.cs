using HealthCard.Crypto.Sm4;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// The card-side computations of standard §6, shared by the virtual card (which checks) and the reader/SAM (which
/// compute), so both ends follow one definition.
/// </summary>
public static class CardCryptography
{
    public const int ChallengeSize = 8;
    public const int CryptogramSize = 8;
    public const int MacSize = 4;

    /// <summary>External authentication: C = SM4(key, R ‖ 00×8); A = C[0..7] XOR C[8..15] (§6).</summary>
    public static byte[] AuthenticationCryptogram(ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge)
    {
        if (challenge.Length != ChallengeSize)
        {
            throw new ArgumentException("A challenge has 8 bytes.", nameof(challenge));
        }
        Span<byte> block = stackalloc byte[Sm4Block.BlockSize];
        challenge.CopyTo(block);
        var c = Sm4Block.EncryptEcb(key, block);
        var a = new byte[CryptogramSize];
        for (var i = 0; i < CryptogramSize; i++)
        {
            a[i] = (byte)(c[i] ^ c[i + CryptogramSize]);
        }
        return a;
    }

    /// <summary>
    /// The MAC of secure messaging (§6): the first 4 bytes of SM4-CBC-MAC over IV ‖ header ‖ Lc ‖ data, padded
    /// ISO 9797-1 method 2, where the 16-byte IV is the card's last challenge followed by eight zero bytes (D).
    /// </summary>
    public static byte[] CommandMac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> header, byte lc, ReadOnlySpan<byte> data)
    {
        if (challenge.Length != ChallengeSize || header.Length != 4)
        {
            throw new ArgumentException("The MAC covers an 8-byte challenge and a 4-byte header.");
        }
        var input = new byte[Sm4Block.BlockSize + 4 + 1 + data.Length];
        challenge.CopyTo(input);
        header.CopyTo(input.AsSpan(Sm4Block.BlockSize));
        input[Sm4Block.BlockSize + 4] = lc;
        data.CopyTo(input.AsSpan(Sm4Block.BlockSize + 5));
        return Sm4Block.Mac(key, input)[..MacSize];
    }

    /// <summary>The encrypted part of a secure UPDATE RECORD: SM4-CBC, zero IV, over the TLV padded method 2 (§6).</summary>
    public static byte[] EncryptRecord(ReadOnlySpan<byte> key, ReadOnlySpan<byte> record) =>
        Sm4Block.EncryptCbc(key, stackalloc byte[Sm4Block.BlockSize], Sm4Block.Pad(record));

    /// <summary>Decrypts and unpads a secure UPDATE RECORD body; false when the padding is malformed.</summary>
    public static bool TryDecryptRecord(ReadOnlySpan<byte> key, ReadOnlySpan<byte> encrypted, out byte[] record)
    {
        record = [];
        if (encrypted.Length == 0 || encrypted.Length % Sm4Block.BlockSize != 0)
        {
            return false;
        }
        var padded = Sm4Block.DecryptCbc(key, stackalloc byte[Sm4Block.BlockSize], encrypted);
        if (!Sm4Block.TryUnpad(padded, out var data))
        {
            return false;
        }
        record = data.ToArray();
        return true;
    }
}
