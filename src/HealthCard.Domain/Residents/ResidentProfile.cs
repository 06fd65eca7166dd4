namespace HealthCard.Domain.Residents;

/// <summary>Everything the registry knows about a resident, validated. Personal numbers are in clear here; the
/// persistence layer encrypts them (see docs/adr/002-personal-data-encryption.md).</summary>
public sealed record ResidentProfile
{
    public required string IdType { get; init; }
    public required string IdNumber { get; init; }
    public required string Name { get; init; }
    public required string Gender { get; init; }
    public required string Ethnicity { get; init; }
    public required DateOnly BirthDate { get; init; }
    public required string RegionCode { get; init; }
    public IReadOnlyList<string> Phones { get; init; } = [];
    public IReadOnlyList<Address> Addresses { get; init; } = [];
    public IReadOnlyList<Contact> Contacts { get; init; } = [];
    public string? Education { get; init; }
    public string? MaritalStatus { get; init; }
    public string? Occupation { get; init; }
    public string? HealthRecordNumber { get; init; }
    public string? NcmsNumber { get; init; }
    public IReadOnlyList<string> PaymentMethods { get; init; } = [];
    public PopulationTags Tags { get; init; }
    public HealthData? Health { get; init; }
}

public sealed record Address(string Type, string Text);

public sealed record Contact(string Name, string Relation, string Phone);

/// <summary>Base health data as on the card's DF02 (standard §4.1).</summary>
public sealed record HealthData
{
    public string? Abo { get; init; }
    public string? Rh { get; init; }
    public IReadOnlyList<string> Flags { get; init; } = [];
    public string? OtherWarnings { get; init; }
    public IReadOnlyList<Allergy> Allergies { get; init; } = [];
    public IReadOnlyList<Immunization> Immunizations { get; init; } = [];
}

public sealed record Allergy(string Substance, string Reaction);

public sealed record Immunization(string Name, DateOnly Date);
