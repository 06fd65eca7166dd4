using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.Chip.Apdu;
using HealthCard.Chip.Personalization;
using HealthCard.Chip.Virtual;
using HealthCard.Crypto.Certificates;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HealthCard.App.Features.Keys;

/// <summary>
/// What card personalization takes from the key service for one province: the provincial keys by SAM key index (the
/// "masters" of <see cref="CardKeys.Derive"/>), the province's issuer certificate, and the root to trust. Holds clear
/// keys: dispose it as soon as the card is made.
/// </summary>
public sealed class PersonalizationKeys(IReadOnlyDictionary<byte, byte[]> masters, string issuerCode, byte[] issuerCertificate, byte[] rootPublicKey,
    int version) : IDisposable
{
    public IReadOnlyDictionary<byte, byte[]> Masters { get; } = masters;

    /// <summary>The subject id of the issuer certificate (the issuing institution's code on the card).</summary>
    public string IssuerCode { get; } = issuerCode;

    public byte[] IssuerCertificate { get; } = issuerCertificate;

    public byte[] RootPublicKey { get; } = rootPublicKey;

    /// <summary>The national master version the provincial keys derive from.</summary>
    public int Version { get; } = version;

    public void Dispose()
    {
        foreach (var key in Masters.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

/// <summary>
/// The key service as other areas use it: the platform signature (<see cref="IPlatformSigner"/>), SAM personalization
/// (<see cref="ISamKeyLoader"/>), unsealing a sealed SAM image for the card-production centre, and the keys card
/// personalization needs. Read-only operations are not audited; the SAM load records the SAM's signing key.
/// </summary>
public sealed class KeyService(KeyStore store, AuditTrail audit, TimeProvider clock, IOptions<KeyServiceOptions> options)
    : IPlatformSigner, ISamKeyLoader
{
    private const int SerialSize = 10;

    public async Task<Result<PlatformSignature>> SignAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        // Only a key whose recorded usage is platform signing signs as the platform (ADR 016): never one that took its id.
        var record = await PlatformSigningKeys.Of(store.Db.Keys.AsNoTracking()).FirstOrDefaultAsync(k => k.Status == KeyStatus.Active, cancellationToken);
        if (record is null || !PlatformSigningKeys.Is(record))
        {
            return KeyErrors.NotInitialized;
        }
        using var key = store.OpenSm2(record);
        return new PlatformSignature(record.KeyId, record.Version, record.PublicKey!, Sm2Algorithm.Sign(key, message.Span));
    }

    /// <summary>
    /// Verifies a platform signature with the version that made it, active or retired (rotation keeps old versions for
    /// verification). A compromised or unknown version verifies nothing. Needs no KEK.
    /// </summary>
    public async Task<bool> VerifyAsync(int keyVersion, ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        var record = await PlatformSigningKeys.Of(store.Db.Keys.AsNoTracking())
            .FirstOrDefaultAsync(k => k.Version == keyVersion && k.Status != KeyStatus.Compromised, cancellationToken);
        return record?.PublicKey is not null && Sm2Algorithm.Verify(record.PublicKey, message.Span, signature.Span);
    }

    /// <summary>
    /// Personalizes a SAM of <paramref name="type"/> for <paramref name="provinceCode"/>: the provincial keys its type
    /// holds (§7, <see cref="SamKeys.HeldBy"/>), a fresh SM2 signing key certified by the province's issuer key, and the
    /// issuer certificate. The SAM's signing key is recorded in the store; inside a caller's transaction (its
    /// <c>audit.RunAsync</c>) the record joins it, otherwise this runs its own audited transaction. The image comes
    /// back sealed under the KEK: <c>serial (10 ASCII) ‖ SM4-GCM(KEK, image, "sam-image|serial")</c>.
    /// </summary>
    public async Task<Result<LoadedSam>> LoadAsync(string serial, int type, string provinceCode, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (serial is not { Length: SerialSize } || !serial.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("serial", "SAM 序列号应为 10 位字母或数字", "A SAM serial is 10 ASCII letters or digits");
        }
        if (type is < 1 or > 5)
        {
            errors.Add("type", "SAM 类型应为 1 至 5", "The SAM type is 1 to 5");
        }
        if (provinceCode is not { Length: 2 } || !provinceCode.All(char.IsAsciiDigit))
        {
            errors.Add("provinceCode", "省份代码应为 2 位数字", "The province code is 2 digits");
        }
        if (errors.Any)
        {
            return errors.ToError(KeyErrors.Invalid);
        }
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        if (store.Db.Database.CurrentTransaction is not null)
        {
            return await LoadStagedAsync(serial, type, provinceCode, cancellationToken);
        }
        var scope = new AuditScope("keys.sam_load", "sam") { TargetId = serial, RegionCode = provinceCode };
        return await audit.RunAsync<LoadedSam>(Caller.System, scope, async ct =>
        {
            var loaded = await LoadStagedAsync(serial, type, provinceCode, ct);
            if (loaded.IsSuccess)
            {
                scope.Details = JsonSerializer.Serialize(new { type, keyVersion = loaded.Value.KeyVersion });
            }
            return loaded;
        }, cancellationToken);
    }

    private async Task<Result<LoadedSam>> LoadStagedAsync(string serial, int type, string province, CancellationToken ct)
    {
        var held = SamKeys.HeldBy(type);
        var provincial = await ProvincialKeysAsync(province, ct);
        var issuer = await store.ActiveAsync(KeyIds.Issuer(province), ct);
        if (provincial.Count == 0 || issuer?.Certificate is null)
        {
            return KeyErrors.ProvinceHasNoKeys(province);
        }
        var masters = new Dictionary<byte, byte[]>();
        byte[]? image = null;
        try
        {
            foreach (var record in provincial)
            {
                var index = Convert.ToByte(record.KeyId[^2..], 16);
                if (held.Contains(index))
                {
                    masters[index] = store.Open(record);
                }
            }
            var issuerCertificate = CompactCertificate.Parse(issuer.Certificate);
            var today = clock.Today();
            var validTo = issuerCertificate.ValidTo;
            using var samKey = Sm2Algorithm.GenerateKey();
            using var issuerKey = store.OpenSm2(issuer);
            var samCertificate = CompactCertificate.Issue(serial, issuerCertificate.Subject, today, validTo, CertificateUsage.Sam, samKey.PublicKey, serial, issuerKey);
            var sam = new VirtualSam(type, serial, masters, options.Value.SamPin, samKey, issuer.Certificate, samCertificate,
                SamFiles.TerminalNumber(province + "0000", type), SamFiles.ApplicationInfo(issuerCertificate.Subject, today, validTo));
            var keyId = KeyIds.SamSigning(serial);
            var previous = await store.ActiveAsync(keyId, ct);
            var version = previous is null ? await store.NextVersionAsync(keyId, ct) : previous.Version + 1;
            if (previous is not null)
            {
                await store.RetireAsync(previous, ct);
            }
            store.AddSm2(keyId, version, KeyUsage.SamSigning, province, samKey, "generated", samCertificate);
            image = sam.ExportImage();
            var keyVersion = provincial.Max(k => k.ParentVersion ?? k.Version);
            return new LoadedSam(Seal(serial, image), keyVersion, samCertificate);
        }
        finally
        {
            foreach (var key in masters.Values)
            {
                CryptographicOperations.ZeroMemory(key);
            }
            if (image is not null)
            {
                CryptographicOperations.ZeroMemory(image);
            }
        }
    }

    /// <summary>
    /// Opens a SAM image sealed by <see cref="LoadAsync"/>, for the card-production centre that writes it into a real or
    /// virtual SAM (<see cref="VirtualSam.ImportImage"/>). The bytes hold keys in clear: the caller zeroes them after use.
    /// </summary>
    public async Task<Result<byte[]>> UnsealSamImageAsync(byte[] sealedImage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sealedImage);
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        if (sealedImage.Length <= SerialSize)
        {
            return NotASealedImage;
        }
        var serial = Encoding.ASCII.GetString(sealedImage, 0, SerialSize);
        return store.Vault.TryUnwrap(sealedImage.AsSpan(SerialSize), SamImageIdentity(serial), out var image) ? image : NotASealedImage;
    }

    /// <summary>
    /// The keys to personalize cards of <paramref name="provinceCode"/>: its active provincial keys and issuer
    /// certificate. Dispose the result to zero the keys.
    /// </summary>
    public async Task<Result<PersonalizationKeys>> PersonalizationKeysAsync(string provinceCode, CancellationToken cancellationToken)
    {
        if (await store.EnsureUnsealedAsync(cancellationToken) is { } sealedError)
        {
            return sealedError;
        }
        var provincial = await ProvincialKeysAsync(provinceCode, cancellationToken);
        var issuer = await store.ActiveAsync(KeyIds.Issuer(provinceCode), cancellationToken);
        // The root version that signed this issuer certificate (the root may have rotated since; retired roots still verify).
        var roots = await store.Db.Keys.AsNoTracking().Where(k => k.Usage == KeyUsage.Root && k.Status != KeyStatus.Compromised)
            .OrderByDescending(k => k.Version).ToListAsync(cancellationToken);
        if (provincial.Count != SamKeys.All.Count || issuer?.Certificate is null)
        {
            return KeyErrors.ProvinceHasNoKeys(provinceCode);
        }
        var masters = provincial.ToDictionary(k => Convert.ToByte(k.KeyId[^2..], 16), store.Open);
        var subject = CompactCertificate.Parse(issuer.Certificate).Subject;
        var root = roots.FirstOrDefault(r => r.PublicKey is not null && CompactCertificate.IsSignedBy(issuer.Certificate, r.PublicKey));
        return new PersonalizationKeys(masters, subject, issuer.Certificate, root?.PublicKey ?? [], provincial.Max(k => k.ParentVersion ?? k.Version));
    }

    /// <summary>A province's active provincial keys, one per SAM key index (§7).</summary>
    private Task<List<KeyRecord>> ProvincialKeysAsync(string province, CancellationToken cancellationToken) =>
        store.Db.Keys.AsNoTracking()
            .Where(k => k.Usage == KeyUsage.ProvincialMaster && k.RegionCode == province && k.Status == KeyStatus.Active)
            .ToListAsync(cancellationToken);

    private static readonly Conflict NotASealedImage = new("keys.not_a_sealed_image",
        new Message("不是本平台密封的 SAM 映像", "This is not a SAM image sealed by this key service"));

    private byte[] Seal(string serial, byte[] image) => [.. Encoding.ASCII.GetBytes(serial), .. store.Vault.Wrap(image, SamImageIdentity(serial))];

    private static string SamImageIdentity(string serial) => $"sam-image|{serial}";
}
