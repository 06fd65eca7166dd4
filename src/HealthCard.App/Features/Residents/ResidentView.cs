using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Features.Residents;

/// <summary>
/// A resident as callers see it, through <see cref="Disclosure"/> (ADR 017): without <c>pii:read</c> the ID number is fully
/// masked, <see cref="BirthDate"/> is null (<see cref="BirthYear"/> stays), phones, addresses and contacts are masked, and
/// health data, health-record and NCMS numbers are null; <see cref="Masked"/> says so.
/// </summary>
public sealed record ResidentView(
    Guid Id,
    string IdType,
    string IdNumber,
    string Name,
    string Gender,
    string Ethnicity,
    DateOnly? BirthDate,
    int BirthYear,
    string RegionCode,
    string? RegionName,
    IReadOnlyList<string> Phones,
    IReadOnlyList<Address> Addresses,
    IReadOnlyList<Contact> Contacts,
    string? Education,
    string? MaritalStatus,
    string? Occupation,
    string? HealthRecordNumber,
    string? NcmsNumber,
    IReadOnlyList<string> PaymentMethods,
    IReadOnlyList<string> Tags,
    HealthData? Health,
    DateOnly? DeathDate,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Masked,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<Warning>? Warnings = null)
{
    public static ResidentView From(ResidentRecord record, ResidentProfile profile, Caller caller, IRegionDirectory regions,
        IReadOnlyList<Warning>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(regions);
        var show = Disclosure.For(caller);
        return new ResidentView(
            record.Id,
            profile.IdType,
            show.IdNumber(profile.IdNumber),
            profile.Name,
            profile.Gender,
            profile.Ethnicity,
            show.BirthDate(profile.BirthDate),
            profile.BirthDate.Year,
            profile.RegionCode,
            regions.NameOf(profile.RegionCode),
            profile.Phones.Select(show.Phone).ToList(),
            profile.Addresses.Select(show.Address).ToList(),
            profile.Contacts.Select(show.Contact).ToList(),
            profile.Education,
            profile.MaritalStatus,
            profile.Occupation,
            show.Number(profile.HealthRecordNumber),
            show.Number(profile.NcmsNumber),
            profile.PaymentMethods,
            PopulationTagNames.ToNames(profile.Tags),
            show.Health(profile.Health),
            record.DeathDate,
            record.Version,
            record.CreatedAt,
            record.UpdatedAt,
            show.Masked,
            warnings is { Count: > 0 } ? warnings : null);
    }
}
