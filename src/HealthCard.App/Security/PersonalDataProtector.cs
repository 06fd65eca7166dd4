using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HealthCard.Crypto.Sm3;
using HealthCard.Crypto.Sm4;

namespace HealthCard.App.Security;

/// <summary>
/// Encrypts personal data for storage (SM4-GCM, bound by associated data to the row and field it belongs to, so a
/// ciphertext cannot be moved to another row) and computes blind indexes (HMAC-SM3) for exact lookups.
/// Stored form: <c>format(1) ‖ keyId(1) ‖ nonce(12) ‖ ciphertext ‖ tag(16)</c>.
/// </summary>
public sealed class PersonalDataProtector(DataKeys keys)
{
    private const byte Format = 1;

    public byte[] Protect(string plaintext, string context) => Protect(Encoding.UTF8.GetBytes(plaintext), context);

    public byte[] ProtectJson<T>(T value, string context) => Protect(JsonSerializer.SerializeToUtf8Bytes(value, JsonOptions), context);

    public string Unprotect(byte[] stored, string context)
    {
        var plaintext = Open(stored, context);
        try
        {
            return Encoding.UTF8.GetString(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public T UnprotectJson<T>(byte[] stored, string context)
    {
        var plaintext = Open(stored, context);
        try
        {
            return JsonSerializer.Deserialize<T>(plaintext, JsonOptions) ?? throw new CryptographicException("Protected value is empty.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Binary personal data (an application's photo or ID scan, a segment of an uploaded import file), sealed like every other protected value.</summary>
    public byte[] ProtectBytes(ReadOnlySpan<byte> plaintext, string context) => Protect(plaintext.ToArray(), context);

    public byte[] UnprotectBytes(byte[] stored, string context) => Open(stored, context);

    /// <summary>The blind index of an identity number: HMAC-SM3 over its normalised form (upper-case, trimmed).</summary>
    public byte[] IdNumberIndex(string idNumber)
    {
        var normalised = Encoding.ASCII.GetBytes("id:" + idNumber.Trim().ToUpperInvariant());
        var index = new byte[Sm3Hash.Size];
        Sm3Hash.Hmac(keys.IndexKey, normalised, index);
        return index;
    }

    private byte[] Protect(byte[] plaintext, string context)
    {
        try
        {
            var sealedData = Sm4Gcm.Encrypt(keys.EncryptionKey, plaintext, AssociatedData(context));
            var stored = new byte[2 + sealedData.Length];
            stored[0] = Format;
            stored[1] = keys.KeyId;
            sealedData.CopyTo(stored, 2);
            return stored;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private byte[] Open(byte[] stored, string context)
    {
        if (stored.Length < 2 || stored[0] != Format || stored[1] != keys.KeyId
            || !Sm4Gcm.TryDecrypt(keys.EncryptionKey, stored.AsSpan(2), AssociatedData(context), out var plaintext))
        {
            // Tampering or a wrong key is an integrity failure of the platform, not a user error.
            throw new CryptographicException($"A protected value failed authentication ({context.Split('/')[0]}).");
        }
        return plaintext;
    }

    private static byte[] AssociatedData(string context) => Encoding.UTF8.GetBytes(context);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
