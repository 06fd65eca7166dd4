using HealthCard.Domain.Residents;

namespace HealthCard.TestKit;

/// <summary>Resident bodies as an integrator would send them.</summary>
public static class Residents
{
    public const string Phone = "13912345678";
    public const string AddressText = "河北省石家庄市新华区中华北大街100号";

    public static ResidentDraft Valid(string? idNumber = null, string county = "130105")
    {
        idNumber ??= IdNumbers.Next(county);
        var (birthDate, gender) = IdNumbers.Facts(idNumber);
        return new ResidentDraft
        {
            IdType = "01",
            IdNumber = idNumber,
            Name = "测试居民",
            Gender = gender,
            Ethnicity = "01",
            BirthDate = birthDate,
            RegionCode = county,
            Phones = [Phone],
            Addresses = [new AddressDraft("1", AddressText)],
            Contacts = [new ContactDraft("联系人", "10", "13800000000")],
            Education = "20",
            MaritalStatus = "20",
            Occupation = "2",
            HealthRecordNumber = "HR0000000001",
            NcmsNumber = "NCMS00000001",
            PaymentMethods = ["2", "3"],
            Tags = ["poverty", "ncms"],
            Health = new HealthDraft
            {
                Abo = "1",
                Rh = "2",
                Flags = ["asthma", "diabetes"],
                OtherWarnings = "无",
                Allergies = [new AllergyDraft("青霉素", "皮疹")],
                Immunizations = [new ImmunizationDraft("乙肝疫苗", "2000-05-01")],
            },
        };
    }
}
