using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
namespace HealthCard.App.Features.Keys;

/// <summary>A key version as the API and CLI show it: metadata, check value and public parts. Never material.</summary>
public sealed record KeyView(string KeyId, int Version, string Usage, string Algorithm, string Status, string? RegionCode, string CheckValue,
    string? PublicKey, string? Certificate, int? ParentVersion, string Origin, DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt)
{
    public static KeyView Of(KeyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new KeyView(record.KeyId, record.Version, EnumNames.Of(record.Usage), EnumNames.Of(record.Algorithm), EnumNames.Of(record.Status),
            record.RegionCode, record.CheckValue, record.PublicKey is null ? null : Convert.ToHexString(record.PublicKey),
            record.Certificate is null ? null : Convert.ToHexString(record.Certificate), record.ParentVersion, record.Origin, record.CreatedAt,
            record.RotatedAt);
    }
}

/// <summary>A rotation's outcome: the new active version and the version now retired.</summary>
public sealed record RotationView(KeyView Active, KeyView Retired, string Reason);

/// <summary>The platform's public signing key (active) and the retired versions still valid for verification.</summary>
public sealed record PlatformKeyView(string KeyId, int Version, string PublicKey, string CheckValue, IReadOnlyList<KeyView> Retired);

/// <summary>A registered transport key: its identity and check value, and the clear key only when the platform generated it.</summary>
public sealed record TransportKeyView(string KeyId, int Version, string RegionCode, string CheckValue, string? Key);

/// <summary>
/// A key export to a lower tier (<c>healthcard-key-export/1</c>): every key wrapped under the tier's transport key with
/// the identity <c>export|keyId|vN|usage|to:region</c>, beside its id, version and check value so that the importing
/// tier verifies each one. The root's public key travels in clear: it is the trust anchor for the issuer certificate.
/// </summary>
public sealed record KeyExport(string Format, string To, string TransportKeyCheckValue, string RootId, string RootPublicKey,
    DateTimeOffset CreatedAt, IReadOnlyList<ExportedKey> Keys)
{
    public const string CurrentFormat = "healthcard-key-export/1";
}

public sealed record ExportedKey(string KeyId, int Version, string Usage, string Algorithm, string? RegionCode, string CheckValue,
    string? PublicKey, string? Certificate, int? ParentVersion, string Wrapped);
