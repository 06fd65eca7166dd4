using HealthCard.Domain.Residents;

namespace HealthCard.App.Persistence;

/// <summary>
/// A resident as stored. Identity, phone and address data never appear in clear: <see cref="IdNumberCipher"/> and
/// <see cref="DetailsCipher"/> are SM4-GCM ciphertexts and <see cref="IdNumberIndex"/> is the HMAC-SM3 blind index.
/// Use <see cref="ResidentMapper"/> to go between this and <see cref="ResidentProfile"/>.
/// </summary>
public sealed class ResidentRecord
{
    public Guid Id { get; set; }
    public string IdType { get; set; } = "";
    public byte[] IdNumberIndex { get; set; } = [];
    public byte[] IdNumberCipher { get; set; } = [];
    public string Name { get; set; } = "";
    public string Gender { get; set; } = "";
    public string Ethnicity { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public string RegionCode { get; set; } = "";
    public string? Education { get; set; }
    public string? MaritalStatus { get; set; }
    public string? Occupation { get; set; }
    public List<string> PaymentMethods { get; set; } = [];
    public PopulationTags Tags { get; set; }

    /// <summary>Phones, addresses, contacts, health-record and NCMS numbers, encrypted together as one JSON document.</summary>
    public byte[] DetailsCipher { get; set; } = [];

    /// <summary>DF02 base health data (medical data is sensitive personal information under PIPL), encrypted.</summary>
    public byte[]? HealthCipher { get; set; }

    public DateOnly? DeathDate { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One change to a resident's data (卡变更): who, when, why, which fields, and the previous values (encrypted).</summary>
public sealed class ResidentRevision
{
    public long Id { get; set; }
    public Guid ResidentId { get; set; }
    public int Version { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public string Actor { get; set; } = "";
    public string? Reason { get; set; }
    public List<string> ChangedFields { get; set; } = [];
    public byte[] PreviousCipher { get; set; } = [];
}

/// <summary>The next serial sequence per province (发卡序列号 = province + 8 digits).</summary>
public sealed class SerialCounter
{
    public string Province { get; set; } = "";
    public long Next { get; set; }

    /// <summary>
    /// In a network, the last sequence of the block the national registry gave this node (null: no block, or the
    /// national node itself, which owns the counter). Blocks keep serials unique nationwide (ADR 028).
    /// </summary>
    public long? Limit { get; set; }
}

/// <summary>A machine client's key. Only the SM3 hash of the secret is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public byte[] SecretHash { get; set; } = [];
    public string RegionScope { get; set; } = "";
    public List<string> Scopes { get; set; } = [];

    /// <summary>The institution whose systems use the key (checks and card-use events are bound to it); null otherwise.</summary>
    public string? InstitutionCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
