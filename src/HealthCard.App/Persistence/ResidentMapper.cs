using HealthCard.App.Security;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Persistence;

/// <summary>Moves a resident between its validated profile and its stored, encrypted form.</summary>
public sealed class ResidentMapper(PersonalDataProtector protector)
{
    public ResidentRecord ToNewRecord(Guid id, ResidentProfile profile, DateTimeOffset now)
    {
        var record = new ResidentRecord { Id = id, CreatedAt = now, Version = 1 };
        Write(record, profile, now);
        return record;
    }

    /// <summary>Overwrites every field of <paramref name="record"/> from <paramref name="profile"/>.</summary>
    public void Write(ResidentRecord record, ResidentProfile profile, DateTimeOffset now)
    {
        record.IdType = profile.IdType;
        record.IdNumberIndex = protector.IdNumberIndex(profile.IdNumber);
        record.IdNumberCipher = protector.Protect(profile.IdNumber, Context(record.Id, "idNumber"));
        record.Name = profile.Name;
        record.Gender = profile.Gender;
        record.Ethnicity = profile.Ethnicity;
        record.BirthDate = profile.BirthDate;
        record.RegionCode = profile.RegionCode;
        record.Education = profile.Education;
        record.MaritalStatus = profile.MaritalStatus;
        record.Occupation = profile.Occupation;
        record.PaymentMethods = profile.PaymentMethods.ToList();
        record.Tags = profile.Tags;
        record.DetailsCipher = protector.ProtectJson(
            new Details(profile.Phones, profile.Addresses, profile.Contacts, profile.HealthRecordNumber, profile.NcmsNumber),
            Context(record.Id, "details"));
        record.HealthCipher = profile.Health is null ? null : protector.ProtectJson(profile.Health, Context(record.Id, "health"));
        record.UpdatedAt = now;
    }

    public ResidentProfile ToProfile(ResidentRecord record)
    {
        var details = protector.UnprotectJson<Details>(record.DetailsCipher, Context(record.Id, "details"));
        return new ResidentProfile
        {
            IdType = record.IdType,
            IdNumber = IdNumberOf(record),
            Name = record.Name,
            Gender = record.Gender,
            Ethnicity = record.Ethnicity,
            BirthDate = record.BirthDate,
            RegionCode = record.RegionCode,
            Phones = details.Phones,
            Addresses = details.Addresses,
            Contacts = details.Contacts,
            Education = record.Education,
            MaritalStatus = record.MaritalStatus,
            Occupation = record.Occupation,
            HealthRecordNumber = details.HealthRecordNumber,
            NcmsNumber = details.NcmsNumber,
            PaymentMethods = record.PaymentMethods,
            Tags = record.Tags,
            Health = record.HealthCipher is null ? null : protector.UnprotectJson<HealthData>(record.HealthCipher, Context(record.Id, "health")),
        };
    }

    public string IdNumberOf(ResidentRecord record) => protector.Unprotect(record.IdNumberCipher, Context(record.Id, "idNumber"));

    public byte[] ProtectSnapshot(Guid residentId, int version, ResidentProfile profile) =>
        protector.ProtectJson(profile, Context(residentId, $"revision/{version}"));

    public ResidentProfile UnprotectSnapshot(Guid residentId, int version, byte[] snapshot) =>
        protector.UnprotectJson<ResidentProfile>(snapshot, Context(residentId, $"revision/{version}"));

    private static string Context(Guid residentId, string field) => $"resident/{residentId:N}/{field}";

    private sealed record Details(
        IReadOnlyList<string> Phones,
        IReadOnlyList<Address> Addresses,
        IReadOnlyList<Contact> Contacts,
        string? HealthRecordNumber,
        string? NcmsNumber);
}
