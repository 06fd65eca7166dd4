using HealthCard.Chip.Files;

namespace HealthCard.Chip.Personalization;

/// <summary>
/// Everything a card holds about its holder (standard §4): the typed files of DDF1, DF01 and DF02 and the photo. It is what
/// personalization writes and what a full read returns, so "read back exactly" is one comparison (<see cref="Equals(Cardholder?)"/>).
/// </summary>
public sealed record Cardholder
{
    /// <summary>DDF1/EF06: name, gender, ethnicity, birth date, ID number.</summary>
    public Ddf1Ef06 Identity { get; init; } = new();

    /// <summary>DDF1/EF08: card expiry, phones, payment methods.</summary>
    public Ddf1Ef08 ValidityAndPhones { get; init; } = new();

    /// <summary>DDF1/EF07: the JPEG photo (≤ 3072 bytes); empty when the card carries none.</summary>
    public ReadOnlyMemory<byte> Photo { get; init; }

    public Df01Ef05 Addresses { get; init; } = new();

    public Df01Ef06 Contacts { get; init; } = new();

    public Df01Ef07 EducationMaritalOccupation { get; init; } = new();

    public Df01Ef08 Documents { get; init; } = new();

    /// <summary>DF02/EF05: blood types and medical-warning flags.</summary>
    public Df02Ef05 Clinical { get; init; } = new();

    /// <summary>DF02/EF06: special information.</summary>
    public Df02Ef06 Special { get; init; } = new();

    /// <summary>DF02/EF07, newest first; empty records are not listed.</summary>
    public IReadOnlyList<Allergy> Allergies { get; init; } = [];

    /// <summary>DF02/EF08, newest first; empty records are not listed.</summary>
    public IReadOnlyList<Immunization> Immunizations { get; init; } = [];

    /// <summary>Names the type only: every value is personal data.</summary>
    public override string ToString() => nameof(Cardholder);

    /// <summary>Value equality over every file, the lists item by item and the photo by content.</summary>
    public bool Equals(Cardholder? other) =>
        other is not null
        && Identity.Equals(other.Identity)
        && ValidityAndPhones.Equals(other.ValidityAndPhones)
        && Photo.Span.SequenceEqual(other.Photo.Span)
        && Addresses.Equals(other.Addresses)
        && Contacts.Equals(other.Contacts)
        && EducationMaritalOccupation.Equals(other.EducationMaritalOccupation)
        && Documents.Equals(other.Documents)
        && Clinical.Equals(other.Clinical)
        && Special.Equals(other.Special)
        && Allergies.SequenceEqual(other.Allergies)
        && Immunizations.SequenceEqual(other.Immunizations);

    public override int GetHashCode() => HashCode.Combine(Identity, ValidityAndPhones, Addresses, Documents, Clinical, Allergies.Count, Immunizations.Count);
}
