using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace HealthCard.Crypto.Sm4;

/// <summary>
/// SM4 (GB/T 32907) on whole 16-byte blocks: ECB and CBC without padding (callers pad with <see cref="Pad"/>), and the
/// CBC-MAC of standard §6 (ISO 9797-1 padding method 2). This is what the card and the SAM compute with.
/// </summary>
public static class Sm4Block
{
    public const int BlockSize = 16;

    public static byte[] EncryptEcb(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => Ecb(key, data, forEncryption: true);

    public static byte[] DecryptEcb(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => Ecb(key, data, forEncryption: false);

    public static byte[] EncryptCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        CheckBlocks(data);
        CheckIv(iv);
        var engine = Engine(key, forEncryption: true);
        var output = new byte[data.Length];
        Span<byte> chain = stackalloc byte[BlockSize];
        iv.CopyTo(chain);
        for (var offset = 0; offset < data.Length; offset += BlockSize)
        {
            for (var i = 0; i < BlockSize; i++)
            {
                chain[i] ^= data[offset + i];
            }
            engine.ProcessBlock(chain, output.AsSpan(offset, BlockSize));
            output.AsSpan(offset, BlockSize).CopyTo(chain);
        }
        return output;
    }

    public static byte[] DecryptCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        CheckBlocks(data);
        CheckIv(iv);
        var engine = Engine(key, forEncryption: false);
        var output = new byte[data.Length];
        Span<byte> previous = stackalloc byte[BlockSize];
        iv.CopyTo(previous);
        for (var offset = 0; offset < data.Length; offset += BlockSize)
        {
            var block = output.AsSpan(offset, BlockSize);
            engine.ProcessBlock(data.Slice(offset, BlockSize), block);
            for (var i = 0; i < BlockSize; i++)
            {
                block[i] ^= previous[i];
            }
            data.Slice(offset, BlockSize).CopyTo(previous);
        }
        return output;
    }

    /// <summary>
    /// SM4-CBC-MAC (standard §6): CBC over <paramref name="data"/> padded with ISO 9797-1 method 2, from
    /// <paramref name="iv"/> (zero when empty); the result is the last 16-byte block. The card uses its first 4 bytes.
    /// </summary>
    public static byte[] Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> iv = default)
    {
        var padded = Pad(data);
        var chained = EncryptCbc(key, iv.IsEmpty ? stackalloc byte[BlockSize] : iv, padded);
        return chained[^BlockSize..];
    }

    /// <summary>Compares a received MAC (any prefix length of at least 4) with the expected one in constant time.</summary>
    public static bool MacMatches(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> received) =>
        received.Length >= 4 && received.Length <= expected.Length && CryptographicOperations.FixedTimeEquals(expected[..received.Length], received);

    /// <summary>ISO 9797-1 padding method 2: append 0x80, then 0x00 up to a multiple of 16 (always adds at least one byte).</summary>
    public static byte[] Pad(ReadOnlySpan<byte> data)
    {
        var padded = new byte[(data.Length / BlockSize + 1) * BlockSize];
        data.CopyTo(padded);
        padded[data.Length] = 0x80;
        return padded;
    }

    /// <summary>Removes ISO 9797-1 method 2 padding; false when the padding is malformed.</summary>
    public static bool TryUnpad(ReadOnlySpan<byte> padded, out ReadOnlySpan<byte> data)
    {
        data = default;
        var end = padded.Length - 1;
        while (end >= 0 && padded[end] == 0x00)
        {
            end--;
        }
        if (end < 0 || padded[end] != 0x80 || padded.Length - end > BlockSize)
        {
            return false;
        }
        data = padded[..end];
        return true;
    }

    private static byte[] Ecb(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, bool forEncryption)
    {
        CheckBlocks(data);
        var engine = Engine(key, forEncryption);
        var output = new byte[data.Length];
        for (var offset = 0; offset < data.Length; offset += BlockSize)
        {
            engine.ProcessBlock(data.Slice(offset, BlockSize), output.AsSpan(offset, BlockSize));
        }
        return output;
    }

    private static SM4Engine Engine(ReadOnlySpan<byte> key, bool forEncryption)
    {
        if (key.Length != Sm4Gcm.KeySize)
        {
            throw new ArgumentException("An SM4 key has 16 bytes.", nameof(key));
        }
        var engine = new SM4Engine();
        engine.Init(forEncryption, new KeyParameter(key));
        return engine;
    }

    private static void CheckBlocks(ReadOnlySpan<byte> data)
    {
        if (data.Length % BlockSize != 0)
        {
            throw new ArgumentException("SM4 ECB/CBC data must be whole 16-byte blocks; pad it first.", nameof(data));
        }
    }

    private static void CheckIv(ReadOnlySpan<byte> iv)
    {
        if (iv.Length != BlockSize)
        {
            throw new ArgumentException("An SM4 IV has 16 bytes.", nameof(iv));
        }
    }
}
