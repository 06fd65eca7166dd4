using System.Globalization;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;
using HealthCard.Domain.Codes;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// The registry's resident as the card's data set (standard §4): the one mapping from <see cref="ResidentProfile"/> to the
/// card files, used by personalization and by production exports. The registry validates with the card's element sizes,
/// so a valid profile always fits.
/// </summary>
public static class CardDataSet
{
    /// <summary>卡号 KH (§1): the citizen ID number, or the number of the document named by 证件类别.</summary>
    public static string CardNumber(ResidentProfile resident) => resident?.IdNumber ?? throw new ArgumentNullException(nameof(resident));

    public static Cardholder From(ResidentProfile resident, ReadOnlyMemory<byte> photo = default)
    {
        ArgumentNullException.ThrowIfNull(resident);
        var health = resident.Health ?? new HealthData();
        return new Cardholder
        {
            Identity = new Ddf1Ef06
            {
                Name = resident.Name,
                Gender = new[] { byte.Parse(resident.Gender, CultureInfo.InvariantCulture) },
                Ethnicity = resident.Ethnicity,
                BirthDate = Date(resident.BirthDate),
                // 身份证号 SFZH holds a citizen ID only; other documents are in DF01/EF08.
                IdNumber = resident.IdType == CodeTables.CitizenIdCard ? resident.IdNumber : "",
            },
            ValidityAndPhones = new Ddf1Ef08
            {
                Phone1 = resident.Phones.ElementAtOrDefault(0) ?? "",
                Phone2 = resident.Phones.ElementAtOrDefault(1) ?? "",
                PaymentMethod1 = resident.PaymentMethods.ElementAtOrDefault(0) ?? "",
                PaymentMethod2 = resident.PaymentMethods.ElementAtOrDefault(1) ?? "",
                PaymentMethod3 = resident.PaymentMethods.ElementAtOrDefault(2) ?? "",
            },
            Photo = photo,
            Addresses = new Df01Ef05
            {
                AddressType1 = resident.Addresses.ElementAtOrDefault(0)?.Type ?? "",
                Address1 = resident.Addresses.ElementAtOrDefault(0)?.Text ?? "",
                AddressType2 = resident.Addresses.ElementAtOrDefault(1)?.Type ?? "",
                Address2 = resident.Addresses.ElementAtOrDefault(1)?.Text ?? "",
            },
            Contacts = new Df01Ef06
            {
                ContactName1 = resident.Contacts.ElementAtOrDefault(0)?.Name ?? "",
                ContactRelation1 = resident.Contacts.ElementAtOrDefault(0)?.Relation ?? "",
                ContactPhone1 = resident.Contacts.ElementAtOrDefault(0)?.Phone ?? "",
                ContactName2 = resident.Contacts.ElementAtOrDefault(1)?.Name ?? "",
                ContactRelation2 = resident.Contacts.ElementAtOrDefault(1)?.Relation ?? "",
                ContactPhone2 = resident.Contacts.ElementAtOrDefault(1)?.Phone ?? "",
                ContactName3 = resident.Contacts.ElementAtOrDefault(2)?.Name ?? "",
                ContactRelation3 = resident.Contacts.ElementAtOrDefault(2)?.Relation ?? "",
                ContactPhone3 = resident.Contacts.ElementAtOrDefault(2)?.Phone ?? "",
            },
            EducationMaritalOccupation = new Df01Ef07
            {
                Education = resident.Education ?? "",
                MaritalStatus = resident.MaritalStatus ?? "",
                Occupation = resident.Occupation ?? "",
            },
            Documents = new Df01Ef08
            {
                IdType = resident.IdType,
                IdNumber = resident.IdNumber,
                HealthRecordNumber = resident.HealthRecordNumber ?? "",
                NcmsCardNumber = resident.NcmsNumber ?? "",
            },
            Clinical = Clinical(health),
            // The registry keeps allergies in the order they were recorded; the card holds the newest first (§4.1).
            Allergies = health.Allergies.Reverse().Select(a => new Chip.Files.Allergy { Substance = a.Substance, Reaction = a.Reaction }).ToList(),
            Immunizations = health.Immunizations.OrderByDescending(i => i.Date)
                .Select(i => new Chip.Files.Immunization { Vaccine = i.Name, Date = Date(i.Date) }).ToList(),
        };
    }

    private static Df02Ef05 Clinical(HealthData health)
    {
        ReadOnlyMemory<byte> Flag(string name) => health.Flags.Contains(name) ? new[] { MedicalAlertFlags.Yes } : default;
        return new Df02Ef05
        {
            AboBloodType = health.Abo is null ? default : new[] { byte.Parse(health.Abo, CultureInfo.InvariantCulture) },
            RhBloodType = health.Rh ?? "",
            Asthma = Flag("asthma"),
            HeartDisease = Flag("heart_disease"),
            CardioCerebrovascularDisease = Flag("cardiovascular_disease"),
            Epilepsy = Flag("epilepsy"),
            CoagulationDisorder = Flag("coagulation_disorder"),
            Diabetes = Flag("diabetes"),
            Glaucoma = Flag("glaucoma"),
            Dialysis = Flag("dialysis"),
            OrganTransplant = Flag("organ_transplant"),
            MissingOrgan = Flag("organ_absence"),
            RemovableProsthesis = Flag("removable_prosthesis"),
            Pacemaker = Flag("pacemaker"),
            OtherMedicalAlert = health.OtherWarnings ?? "",
        };
    }

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
