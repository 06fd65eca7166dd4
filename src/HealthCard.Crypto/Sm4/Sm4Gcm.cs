using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace HealthCard.Crypto.Sm4;

/// <summary>
/// SM4 (GB/T 32907) in GCM mode: authenticated encryption with associated data. The output is
/// <c>nonce(12) ‖ ciphertext ‖ tag(16)</c>; every call draws a fresh random nonce from the cryptographic RNG.
/// </summary>
public static class Sm4Gcm
{
    public const int KeySize = 16;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = NonceSize + TagSize;

    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        CheckKey(key);
        Span<byte> nonce = stackalloc byte[NonceSize];
        RandomNumberGenerator.Fill(nonce);
        return Seal(key, nonce, plaintext, associatedData);
    }

    /// <summary>Encryption with a caller-chosen nonce: only for known-answer tests. A repeated nonce breaks GCM.</summary>
    internal static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[Overhead + plaintext.Length];
        nonce.CopyTo(output);
        var cipher = Create(forEncryption: true, key, nonce, associatedData);
        var written = cipher.ProcessBytes(plaintext, output.AsSpan(NonceSize));
        cipher.DoFinal(output.AsSpan(NonceSize + written));
        return output;
    }

    /// <summary>Decrypts and authenticates; returns false (and no plaintext) when the data or its context was altered.</summary>
    public static bool TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData,
        out byte[] plaintext)
    {
        CheckKey(key);
        plaintext = [];
        if (sealedData.Length < Overhead)
        {
            return false;
        }
        var cipher = Create(forEncryption: false, key, sealedData[..NonceSize], associatedData);
        var output = new byte[sealedData.Length - Overhead];
        try
        {
            var written = cipher.ProcessBytes(sealedData[NonceSize..], output);
            cipher.DoFinal(output.AsSpan(written));
        }
        catch (InvalidCipherTextException)
        {
            CryptographicOperations.ZeroMemory(output);
            return false;
        }
        plaintext = output;
        return true;
    }

    private static GcmBlockCipher Create(bool forEncryption, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData)
    {
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(forEncryption, new AeadParameters(new KeyParameter(key), TagSize * 8, nonce.ToArray(), associatedData.ToArray()));
        return cipher;
    }

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("An SM4 key has 16 bytes.", nameof(key));
        }
    }
}
