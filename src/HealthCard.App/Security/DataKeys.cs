using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HealthCard.Crypto.Sm4;

namespace HealthCard.App.Security;

/// <summary>
/// The keys that protect personal data at rest: an SM4 key for field encryption and an HMAC-SM3 key for the blind
/// index. The default provider is a file beside the database, generated on first start; when a key-encryption key is
/// configured the file holds the data keys only wrapped (SM4-GCM) under it. Later issues move this into the key
/// management service. See docs/adr/002-personal-data-encryption.md.
/// </summary>
public sealed class DataKeys : IDisposable
{
    private static readonly byte[] WrapContext = Encoding.ASCII.GetBytes("healthcard/data-key/v1");
    private readonly byte[] _encryptionKey;
    private readonly byte[] _indexKey;

    private DataKeys(byte keyId, byte[] encryptionKey, byte[] indexKey)
    {
        KeyId = keyId;
        _encryptionKey = encryptionKey;
        _indexKey = indexKey;
    }

    /// <summary>The identifier written into every ciphertext, so that keys can rotate later.</summary>
    public byte KeyId { get; }

    internal ReadOnlySpan<byte> EncryptionKey => _encryptionKey;

    internal ReadOnlySpan<byte> IndexKey => _indexKey;

    /// <summary>Loads the key file, or creates it (owner read/write only) when it does not exist yet.</summary>
    public static DataKeys LoadOrCreate(string path, string? keyEncryptionKeyHex)
    {
        var kek = keyEncryptionKeyHex is { Length: > 0 } ? ParseKek(keyEncryptionKeyHex) : null;
        try
        {
            if (!File.Exists(path))
            {
                Create(path, kek);
            }
            var file = JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"The data key file {path} is empty.");
            if (file.Wrapped != (kek is not null))
            {
                throw new InvalidOperationException(file.Wrapped
                    ? $"The data key file {path} is wrapped: configure HealthCard:DataProtection:KeyEncryptionKey."
                    : $"The data key file {path} is not wrapped, but a key-encryption key is configured.");
            }
            return new DataKeys(file.KeyId, Unwrap(file.Encryption, kek), Unwrap(file.Index, kek));
        }
        finally
        {
            if (kek is not null)
            {
                CryptographicOperations.ZeroMemory(kek);
            }
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_encryptionKey);
        CryptographicOperations.ZeroMemory(_indexKey);
    }

    private static void Create(string path, byte[]? kek)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var encryption = RandomNumberGenerator.GetBytes(Sm4Gcm.KeySize);
        var index = RandomNumberGenerator.GetBytes(32);
        var file = new KeyFile(1, kek is not null, Wrap(encryption, kek), Wrap(index, kek));
        CryptographicOperations.ZeroMemory(encryption);
        CryptographicOperations.ZeroMemory(index);
        try
        {
            SecretFile.Write(path, stream => JsonSerializer.Serialize(stream, file), overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (a second node, the CLI) created it first: both use that one.
        }
    }

    /// <summary>
    /// Writes the network's data keys for another node (issue 16 §4): the same two keys, wrapped under a transfer key that
    /// travels separately. Every node must share them: the national uniqueness index and replicated ciphertexts depend on it.
    /// </summary>
    public static void ExportForNetwork(string keyFile, string? keyEncryptionKeyHex, string exportPath, string transferKeyHex)
    {
        using var keys = LoadOrCreate(keyFile, keyEncryptionKeyHex);
        var transfer = ParseKek(transferKeyHex);
        try
        {
            var file = new KeyFile(keys.KeyId, true, Wrap(keys._encryptionKey, transfer), Wrap(keys._indexKey, transfer));
            SecretFile.Write(exportPath, stream => JsonSerializer.Serialize(stream, file), overwrite: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(transfer);
        }
    }

    /// <summary>
    /// Installs the network's data keys at a node before its first start: refused when the node already has a key file
    /// (its data would be sealed under other keys). Stored wrapped under the node's own key-encryption key when configured.
    /// </summary>
    public static void ImportFromNetwork(string exportPath, string transferKeyHex, string keyFile, string? keyEncryptionKeyHex)
    {
        if (File.Exists(keyFile))
        {
            throw new InvalidOperationException($"{keyFile} exists: the network's keys are installed before the node's first start.");
        }
        var transfer = ParseKek(transferKeyHex);
        var kek = keyEncryptionKeyHex is { Length: > 0 } ? ParseKek(keyEncryptionKeyHex) : null;
        byte[]? encryption = null, index = null;
        try
        {
            var file = JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(exportPath))
                ?? throw new InvalidOperationException($"{exportPath} is empty.");
            encryption = Unwrap(file.Encryption, transfer);
            index = Unwrap(file.Index, transfer);
            var local = new KeyFile(file.KeyId, kek is not null, Wrap(encryption, kek), Wrap(index, kek));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
            SecretFile.Write(keyFile, stream => JsonSerializer.Serialize(stream, local), overwrite: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(transfer);
            if (kek is not null)
            {
                CryptographicOperations.ZeroMemory(kek);
            }
            if (encryption is not null)
            {
                CryptographicOperations.ZeroMemory(encryption);
            }
            if (index is not null)
            {
                CryptographicOperations.ZeroMemory(index);
            }
        }
    }

    private static string Wrap(byte[] key, byte[]? kek) =>
        Convert.ToBase64String(kek is null ? key : Sm4Gcm.Encrypt(kek, key, WrapContext));

    private static byte[] Unwrap(string stored, byte[]? kek)
    {
        var bytes = Convert.FromBase64String(stored);
        if (kek is null)
        {
            return bytes;
        }
        return Sm4Gcm.TryDecrypt(kek, bytes, WrapContext, out var key)
            ? key
            : throw new InvalidOperationException("The configured key-encryption key does not open the data key file.");
    }

    private static byte[] ParseKek(string hex)
    {
        try
        {
            var kek = Convert.FromHexString(hex);
            return kek.Length == Sm4Gcm.KeySize ? kek : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("HealthCard:DataProtection:KeyEncryptionKey must be 32 hex characters (an SM4 key).");
        }
    }

    private sealed record KeyFile(byte KeyId, bool Wrapped, string Encryption, string Index);
}
