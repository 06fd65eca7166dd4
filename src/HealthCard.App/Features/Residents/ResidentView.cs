using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Features.Residents;

/// <summary>A resident as callers see it: personal numbers masked unless the caller has <c>pii:read</c>.</summary>
public sealed record ResidentView(
    Guid Id,
    string IdType,
    string IdNumber,
    string Name,
    string Gender,
    string Ethnicity,
    DateOnly BirthDate,
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
        var clear = caller.SeesPersonalData;
        return new ResidentView(
            record.Id,
            profile.IdType,
            clear ? profile.IdNumber : Masking.IdNumber(profile.IdNumber),
            profile.Name,
            profile.Gender,
            profile.Ethnicity,
            profile.BirthDate,
            profile.RegionCode,
            regions.NameOf(profile.RegionCode),
            profile.Phones.Select(p => clear ? p : Masking.Phone(p)).ToList(),
            profile.Addresses.Select(a => clear ? a : a with { Text = Masking.Address(a.Text) }).ToList(),
            profile.Contacts.Select(c => clear ? c : c with { Phone = Masking.Phone(c.Phone) }).ToList(),
            profile.Education,
            profile.MaritalStatus,
            profile.Occupation,
            profile.HealthRecordNumber,
            profile.NcmsNumber,
            profile.PaymentMethods,
            PopulationTagNames.ToNames(profile.Tags),
            profile.Health,
            record.DeathDate,
            record.Version,
            record.CreatedAt,
            record.UpdatedAt,
            warnings is { Count: > 0 } ? warnings : null);
    }
}
