namespace HealthCard.Domain.Residents;

/// <summary>Resident data as a caller sends it (API body, import row, console form): nothing is trusted yet.</summary>
public sealed record ResidentDraft
{
    public string? IdType { get; init; }
    public string? IdNumber { get; init; }
    public string? Name { get; init; }
    public string? Gender { get; init; }
    public string? Ethnicity { get; init; }
    public string? BirthDate { get; init; }
    public string? RegionCode { get; init; }
    public IReadOnlyList<string?>? Phones { get; init; }
    public IReadOnlyList<AddressDraft?>? Addresses { get; init; }
    public IReadOnlyList<ContactDraft?>? Contacts { get; init; }
    public string? Education { get; init; }
    public string? MaritalStatus { get; init; }
    public string? Occupation { get; init; }
    public string? HealthRecordNumber { get; init; }
    public string? NcmsNumber { get; init; }
    public IReadOnlyList<string?>? PaymentMethods { get; init; }
    public IReadOnlyList<string?>? Tags { get; init; }
    public HealthDraft? Health { get; init; }

    /// <summary>The draft that describes an existing profile, so that a partial change can be validated as a whole.</summary>
    public static ResidentDraft From(ResidentProfile p) => new()
    {
        IdType = p.IdType,
        IdNumber = p.IdNumber,
        Name = p.Name,
        Gender = p.Gender,
        Ethnicity = p.Ethnicity,
        BirthDate = p.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        RegionCode = p.RegionCode,
        Phones = p.Phones.ToList(),
        Addresses = p.Addresses.Select(a => new AddressDraft(a.Type, a.Text)).ToList(),
        Contacts = p.Contacts.Select(c => new ContactDraft(c.Name, c.Relation, c.Phone)).ToList(),
        Education = p.Education,
        MaritalStatus = p.MaritalStatus,
        Occupation = p.Occupation,
        HealthRecordNumber = p.HealthRecordNumber,
        NcmsNumber = p.NcmsNumber,
        PaymentMethods = p.PaymentMethods.ToList(),
        Tags = PopulationTagNames.ToNames(p.Tags).ToList(),
        Health = p.Health is null ? null : HealthDraft.From(p.Health),
    };
}

public sealed record AddressDraft(string? Type, string? Text);

public sealed record ContactDraft(string? Name, string? Relation, string? Phone);

public sealed record HealthDraft
{
    public string? Abo { get; init; }
    public string? Rh { get; init; }
    public IReadOnlyList<string?>? Flags { get; init; }
    public string? OtherWarnings { get; init; }
    public IReadOnlyList<AllergyDraft?>? Allergies { get; init; }
    public IReadOnlyList<ImmunizationDraft?>? Immunizations { get; init; }

    public static HealthDraft From(HealthData h) => new()
    {
        Abo = h.Abo,
        Rh = h.Rh,
        Flags = h.Flags.ToList(),
        OtherWarnings = h.OtherWarnings,
        Allergies = h.Allergies.Select(a => new AllergyDraft(a.Substance, a.Reaction)).ToList(),
        Immunizations = h.Immunizations
            .Select(i => new ImmunizationDraft(i.Name, i.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            .ToList(),
    };
}

public sealed record AllergyDraft(string? Substance, string? Reaction);

public sealed record ImmunizationDraft(string? Name, string? Date);
