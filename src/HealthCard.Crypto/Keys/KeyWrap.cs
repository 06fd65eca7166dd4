using System.Security.Cryptography;
using System.Text;
using HealthCard.Crypto.Sm4;

namespace HealthCard.Crypto.Keys;

/// <summary>
/// Wraps keys under a key-encryption key for storage and for transport to another tier. The project decides (D) on
/// SM4-GCM with the key's identity (id, usage, version) as associated data, so a wrapped key cannot be swapped for
/// another or replayed under a different identity. Output: <c>nonce(12) ‖ wrapped key ‖ tag(16)</c>.
/// </summary>
public static class KeyWrap
{
    public static byte[] Wrap(ReadOnlySpan<byte> keyEncryptionKey, ReadOnlySpan<byte> key, string keyIdentity) =>
        Sm4Gcm.Encrypt(keyEncryptionKey, key, Encoding.UTF8.GetBytes(keyIdentity));

    /// <summary>The unwrapped key, or a <see cref="CryptographicException"/> when the KEK or the identity is wrong.</summary>
    public static byte[] Unwrap(ReadOnlySpan<byte> keyEncryptionKey, ReadOnlySpan<byte> wrapped, string keyIdentity) =>
        TryUnwrap(keyEncryptionKey, wrapped, keyIdentity, out var key)
            ? key
            : throw new CryptographicException("The wrapped key does not open under this key-encryption key and identity.");

    /// <summary>False, with no key, when the KEK or the identity is wrong (or the value was altered).</summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> keyEncryptionKey, ReadOnlySpan<byte> wrapped, string keyIdentity, out byte[] key) =>
        Sm4Gcm.TryDecrypt(keyEncryptionKey, wrapped, Encoding.UTF8.GetBytes(keyIdentity), out key);
}
