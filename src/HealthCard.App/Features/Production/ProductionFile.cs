using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.Chip.Personalization;
using HealthCard.Crypto.Sm2;
using HealthCard.Crypto.Sm3;
using HealthCard.Crypto.Sm4;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Production;

/// <summary>
/// The signed facts of a production file. It travels as an exact JSON text (<see cref="ProductionFile.Envelope.Header"/>),
/// so that the factory verifies the signature over the bytes it received, without re-serializing.
/// </summary>
/// <param name="Batch">The batch number.</param>
/// <param name="Count">How many cards the body holds.</param>
/// <param name="RecipientKey">The fingerprint of the recipient's SM2 public key (<see cref="ProductionFile.Fingerprint"/>).</param>
/// <param name="BodySm3">SM3 of the plaintext body, hex: the signature covers the card data through it.</param>
public sealed record ProductionHeader(string Format, string Batch, string Region, string Bank, string Issuer, int Count,
    string RecipientKey, string BodySm3, DateTimeOffset CreatedAt);

/// <summary>One card's personalization data (standard §4): the card data set of the holder and the card's own elements.</summary>
public sealed record ProductionCard(string Serial, string CardNumber, string IssuerCode, string CityCode, DateOnly IssueDate,
    DateOnly ExpiryDate, Cardholder Holder);

/// <summary>The plaintext body: the batch number again (bound inside the ciphertext) and the cards.</summary>
public sealed record ProductionManifest(string Batch, IReadOnlyList<ProductionCard> Cards);

/// <summary>
/// The production file for the card factory or bank (ADR 012), one JSON document:
/// <code>
/// { "format": "healthcard-production/1",
///   "header": "&lt;exact JSON text of ProductionHeader&gt;",
///   "keyId", "keyVersion", "publicKey": the platform signing key (hex x‖y),
///   "signature": SM2-with-SM3 (user ID 1234567812345678) over UTF-8(header), hex r‖s,
///   "wrappedKey": the file's fresh SM4 key, SM2-encrypted (C1C3C2) to the recipient's public key, hex,
///   "body": SM4-GCM(data key, UTF-8 JSON of ProductionManifest, associated data = UTF-8(header)), base64 nonce‖ciphertext‖tag }
/// </code>
/// Sign-then-encrypt: the signature proves the platform made the card data (through <c>bodySm3</c>) for this recipient and
/// batch; GCM binds the ciphertext to the same header, so neither can be swapped. Only the recipient's private key opens it.
/// </summary>
public static class ProductionFile
{
    public const string Format = "healthcard-production/1";

    private static JsonSerializerOptions Json => ApiJson.Options;

    /// <summary>The recipient key's fingerprint: the first 8 bytes of SM3(x‖y), hex.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> publicKey) => Convert.ToHexString(Sm3Hash.Hash(publicKey)[..8]);

    public sealed record Envelope(string Format, string Header, string KeyId, int KeyVersion, string PublicKey, string Signature,
        string WrappedKey, string Body);

    /// <summary>What <see cref="Open"/> returns: the verified header and the decrypted cards.</summary>
    public sealed record Contents(ProductionHeader Header, ProductionManifest Manifest, string PlatformKeyId, int PlatformKeyVersion);

    /// <summary>Encrypts <paramref name="manifest"/> to <paramref name="recipientPublicKey"/> and signs it with the platform key.</summary>
    public static async Task<Result<byte[]>> WriteAsync(ProductionManifest manifest, string region, string bank, string issuer,
        ReadOnlyMemory<byte> recipientPublicKey, IPlatformSigner signer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(signer);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        var dataKey = RandomNumberGenerator.GetBytes(Sm4Gcm.KeySize);
        try
        {
            var header = JsonSerializer.Serialize(new ProductionHeader(Format, manifest.Batch, region, bank, issuer, manifest.Cards.Count,
                Fingerprint(recipientPublicKey.Span), Convert.ToHexString(Sm3Hash.Hash(plaintext)), now), Json);
            var headerBytes = Encoding.UTF8.GetBytes(header);
            var signed = await signer.SignAsync(headerBytes, cancellationToken);
            if (!signed.IsSuccess)
            {
                return signed.Error!;
            }
            var envelope = new Envelope(Format, header, signed.Value.KeyId, signed.Value.KeyVersion, Convert.ToHexString(signed.Value.PublicKey),
                Convert.ToHexString(signed.Value.Signature), Convert.ToHexString(Sm2Algorithm.Encrypt(recipientPublicKey.Span, dataKey)),
                Convert.ToBase64String(Sm4Gcm.Encrypt(dataKey, plaintext, headerBytes)));
            return JsonSerializer.SerializeToUtf8Bytes(envelope, Json);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// The factory side: checks that the file is for <paramref name="recipient"/>, that the platform key
    /// <paramref name="trustedPlatformKey"/> (64 bytes x‖y, provisioned out of band) signed it, and decrypts it. Any
    /// alteration, another recipient's file or another platform key is refused with a <c>production_file.*</c> error.
    /// </summary>
    public static Result<Contents> Open(ReadOnlySpan<byte> file, Sm2PrivateKey recipient, ReadOnlySpan<byte> trustedPlatformKey)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        Envelope? envelope;
        ProductionHeader? header;
        byte[] named, signature, wrapped, body;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(file, Json);
            header = envelope is { Format: Format, Header: not null } ? JsonSerializer.Deserialize<ProductionHeader>(envelope.Header, Json) : null;
            named = Convert.FromHexString(envelope?.PublicKey ?? "");
            signature = Convert.FromHexString(envelope?.Signature ?? "");
            wrapped = Convert.FromHexString(envelope?.WrappedKey ?? "");
            body = Convert.FromBase64String(envelope?.Body ?? "");
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return Refused("malformed", "生产文件格式不正确", "The production file is malformed");
        }
        if (envelope?.Header is null || header is not { Format: Format })
        {
            return Refused("malformed", "生产文件格式不正确", "The production file is malformed");
        }
        if (header.RecipientKey != Fingerprint(recipient.PublicKey))
        {
            return Refused("wrong_recipient", $"该文件不是发给此密钥的（接收方指纹 {header.RecipientKey}）",
                $"The file is for another recipient key (fingerprint {header.RecipientKey})");
        }
        var headerBytes = Encoding.UTF8.GetBytes(envelope.Header);
        if (!CryptographicOperations.FixedTimeEquals(named, trustedPlatformKey) || !Sm2Algorithm.Verify(trustedPlatformKey, headerBytes, signature))
        {
            return Refused("bad_signature", "平台签名验证失败", "The platform signature does not verify under the trusted platform key");
        }
        if (!Sm2Algorithm.TryDecrypt(recipient, wrapped, out var dataKey) || dataKey.Length != Sm4Gcm.KeySize)
        {
            return Refused("undecryptable", "无法解开数据密钥", "The data key cannot be unwrapped");
        }
        try
        {
            if (!Sm4Gcm.TryDecrypt(dataKey, body, headerBytes, out var plaintext))
            {
                return Refused("undecryptable", "文件内容已被篡改或无法解密", "The body was altered or cannot be decrypted");
            }
            if (Convert.ToHexString(Sm3Hash.Hash(plaintext)) != header.BodySm3)
            {
                return Refused("bad_signature", "文件内容与签名不符", "The body does not match the signed digest");
            }
            var manifest = JsonSerializer.Deserialize<ProductionManifest>(plaintext, Json);
            CryptographicOperations.ZeroMemory(plaintext);
            if (manifest is null || manifest.Batch != header.Batch || manifest.Cards.Count != header.Count)
            {
                return Refused("malformed", "文件内容与文件头不符", "The body does not match the header");
            }
            return new Contents(header, manifest, envelope.KeyId, envelope.KeyVersion);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static Conflict Refused(string code, string zh, string en) => new("production_file." + code, new Message(zh, en));
}
