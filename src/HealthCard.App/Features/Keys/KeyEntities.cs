using HealthCard.Domain.Keys;

namespace HealthCard.App.Features.Keys;

/// <summary>What a key is for. One usage, one purpose: a key is never used outside it (ADR 009).</summary>
public enum KeyUsage
{
    /// <summary>The national root SM2 key: signs issuer certificates.</summary>
    Root,

    /// <summary>An issuer (level-2, one per province) SM2 key: signs SAM certificates.</summary>
    Issuer,

    /// <summary>A SAM's own SM2 key (it signs EE/ED records inside the SAM).</summary>
    SamSigning,

    /// <summary>The platform's SM2 key for blacklists and health-card codes.</summary>
    PlatformSigning,

    /// <summary>An SM4 national master key, one per SAM key index (§7).</summary>
    NationalMaster,

    /// <summary>An SM4 provincial key: a national master diversified by the province (ADR 009).</summary>
    ProvincialMaster,

    /// <summary>An SM4 transport key of a tier: exports to that tier are wrapped under it.</summary>
    Transport,
}

public enum KeyAlgorithm
{
    Sm2,
    Sm4,
}

/// <summary>
/// <c>active</c>: the one version used for new signatures, derivations and exports. <c>retired</c>: superseded by a
/// rotation, kept for verification only. <c>compromised</c>: never used again, not even to verify.
/// </summary>
public enum KeyStatus
{
    Active,
    Retired,
    Compromised,
}

/// <summary>
/// One version of one key. The material is stored only wrapped under the key-encryption key (SM4-GCM, the identity
/// <c>keyId|vN|usage</c> as associated data), so a row copied onto another id or version no longer opens.
/// </summary>
public sealed class KeyRecord
{
    public Guid Id { get; set; }

    public required string KeyId { get; set; }

    public int Version { get; set; }

    public KeyUsage Usage { get; set; }

    public KeyAlgorithm Algorithm { get; set; }

    public KeyStatus Status { get; set; }

    /// <summary>The province (2 digits) of provincial, issuer and SAM keys, or the tier of a transport key; null for national keys.</summary>
    public string? RegionCode { get; set; }

    /// <summary>KCV (SM4) or public-key check value (SM2), 6 hex characters.</summary>
    public required string CheckValue { get; set; }

    /// <summary>SM2 keys: the public key x‖y. Public, so stored in clear.</summary>
    public byte[]? PublicKey { get; set; }

    /// <summary>Issuer and SAM keys: their compact certificate (180 / 190 bytes).</summary>
    public byte[]? Certificate { get; set; }

    /// <summary>The key material wrapped under the key-encryption key.</summary>
    public required byte[] Wrapped { get; set; }

    /// <summary>Provincial keys: the national master version they were derived from.</summary>
    public int? ParentVersion { get; set; }

    /// <summary><c>generated</c>, <c>derived</c>, <c>imported</c> or <c>registered</c>.</summary>
    public required string Origin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a rotation (or a re-issue) superseded this version.</summary>
    public DateTimeOffset? RotatedAt { get; set; }
}

/// <summary>A rotation: which key went from which version to which, why, and who did it.</summary>
public sealed class KeyRotation
{
    public Guid Id { get; set; }

    public required string KeyId { get; set; }

    public int FromVersion { get; set; }

    public int ToVersion { get; set; }

    public required string Reason { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// The key ceremony that created this key store: how many custodians hold shares of the key-encryption key, how many
/// rebuild it, and how to recognise it (its KCV, and a verifier wrapped under it whose GCM tag confirms it fully).
/// </summary>
public sealed class KeyCeremonyRecord
{
    /// <summary>The name of the key store; unique, so a second <c>keys init</c> fails on the database constraint.</summary>
    public const string PlatformName = "platform";

    public Guid Id { get; set; }

    public required string Name { get; set; }

    public int Threshold { get; set; }

    public int Custodians { get; set; }

    public required string KekCheckValue { get; set; }

    public required byte[] Verifier { get; set; }

    /// <summary>
    /// The tier whose custodians hold the shares (empty: the national tier; 2 digits: a province). Only custodians whose
    /// region covers it seal and unseal this key store (ADR 016).
    /// </summary>
    public string RegionCode { get; set; } = "";

    /// <summary>
    /// One check value per share, in custodian order (x = 1 … N), 32 bytes each: SM3 over the ceremony's identity, x and
    /// the share (ADR 016). A forged or mistyped share is refused on its own, without discarding the good ones already
    /// given. Null for a key store made before ADR 016 (a wrong set is then only detected, whole, at the threshold).
    /// </summary>
    public byte[]? ShareCheckValues { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum TransportCeremonyStatus
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>
/// The registration of a tier's SM4 transport key (ADR 016): each of <see cref="Threshold"/> distinct custodians of that
/// tier contributes one component, checked against its KCV; the key is the XOR of the components and exists in clear
/// only inside the key service at completion. Nobody, the platform's operators included, ever sees it whole.
/// </summary>
public sealed class TransportKeyCeremony
{
    public Guid Id { get; set; }

    /// <summary>The receiving tier (2, 4 or 6 digits).</summary>
    public required string RegionCode { get; set; }

    /// <summary>How many components, from as many distinct custodians of the tier, make the key.</summary>
    public int Threshold { get; set; }

    public TransportCeremonyStatus Status { get; set; }

    public List<TransportKeyComponent> Components { get; set; } = [];

    /// <summary>At completion: the transport key's version and KCV.</summary>
    public int? KeyVersion { get; set; }

    public string? CheckValue { get; set; }

    public required string StartedBy { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    /// <summary>Concurrency token: two components given at the same moment cannot both complete the ceremony.</summary>
    public int Version { get; set; }
}

/// <summary>One custodian's component: who gave it, its KCV, and the component wrapped under the KEK until completion.</summary>
public sealed class TransportKeyComponent
{
    public required string Custodian { get; set; }

    public required string CheckValue { get; set; }

    /// <summary>The component wrapped under the KEK while the ceremony is open; emptied when it closes.</summary>
    public required byte[] Wrapped { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A provincial key application (申领): a province asks for its key set.</summary>
public sealed class KeyApplication
{
    public Guid Id { get; set; }

    public required string Number { get; set; }

    public required string ProvinceCode { get; set; }

    /// <summary>The id the province's issuer certificate names as its subject (digits, at most 16).</summary>
    public required string IssuerCode { get; set; }

    public required string ApplicantInstitution { get; set; }

    public required string ApplicantPerson { get; set; }

    public required string Reason { get; set; }

    public KeyApplicationStatus Status { get; set; }

    public string? ReviewNote { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }

    /// <summary>Who issued the keys (separation of duties: never the applicant, the reviewer or the delegation's author).</summary>
    public string? IssuedBy { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>A delegation letter (委派): who the applying province sends to collect its keys.</summary>
public sealed class KeyDelegation
{
    public Guid Id { get; set; }

    public Guid ApplicationId { get; set; }

    public required string LetterNumber { get; set; }

    public required string Delegator { get; set; }

    public DateOnly ValidUntil { get; set; }

    public List<KeyCollector> Collectors { get; set; } = [];

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A person named in a delegation. The ID number is kept only masked (for display) and as a blind index (HMAC-SM3), so
/// the handover can check the collector's document without the database holding the number.
/// </summary>
public sealed class KeyCollector
{
    public required string Name { get; set; }

    public required string IdNumberMasked { get; set; }

    public required byte[] IdNumberIndex { get; set; }
}

/// <summary>A handover record (交接单): which keys, with their versions and check values, went to whom and when.</summary>
public sealed class KeyHandover
{
    public Guid Id { get; set; }

    public required string Number { get; set; }

    public Guid ApplicationId { get; set; }

    public Guid DelegationId { get; set; }

    public required string ProvinceCode { get; set; }

    public required string HandedOverBy { get; set; }

    public required string ReceivedBy { get; set; }

    public required string ReceiverIdMasked { get; set; }

    /// <summary>The keys handed over: id, version, check value (JSON). Never material.</summary>
    public List<HandedKey> Keys { get; set; } = [];

    public required string Actor { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>One key on a handover record.</summary>
public sealed class HandedKey
{
    public required string KeyId { get; set; }

    public int Version { get; set; }

    public required string CheckValue { get; set; }
}
