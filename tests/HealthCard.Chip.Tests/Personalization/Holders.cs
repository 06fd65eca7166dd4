using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;

namespace HealthCard.Chip.Tests.Personalization;

/// <summary>A holder with every file filled, Chinese names and addresses, a photo and three allergies.</summary>
internal static class Holders
{
    public static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Range(0, 2400).Select(i => (byte)(i * 7)), 0xFF, 0xD9];

    public static Cardholder Full() => new()
    {
        Identity = new Ddf1Ef06 { Name = "欧阳娜娜", Gender = new byte[] { 0x02 }, Ethnicity = "01", BirthDate = "19900315", IdNumber = "130105199003150028" },
        ValidityAndPhones = new Ddf1Ef08 { Phone1 = "13800138000", Phone2 = "031187654321", PaymentMethod1 = "2", PaymentMethod2 = "3" },
        Photo = Photo,
        Addresses = new Df01Ef05
        {
            AddressType1 = "1", Address1 = "河北省石家庄市长安区中山东路１２３号",
            AddressType2 = "9", Address2 = "石家庄市桥西区自强路５号院３单元",
        },
        Contacts = new Df01Ef06 { ContactName1 = "欧阳建国", ContactRelation1 = "1", ContactPhone1 = "13900139000" },
        EducationMaritalOccupation = new Df01Ef07 { Education = "20", MaritalStatus = "20", Occupation = "2" },
        Documents = new Df01Ef08 { IdType = "01", IdNumber = "130105199003150028", HealthRecordNumber = "1301050000123456", NcmsCardNumber = "" },
        Clinical = new Df02Ef05
        {
            AboBloodType = new byte[] { 0x01 }, RhBloodType = "2",
            Asthma = new byte[] { MedicalAlertFlags.Yes }, Diabetes = new byte[] { MedicalAlertFlags.Yes },
            OtherMedicalAlert = "青霉素皮试阳性",
        },
        Special = new Df02Ef06 { MentalIllness = new byte[] { 0x00 } },
        Allergies =
        [
            new Allergy { Substance = "青霉素", Reaction = "皮疹、呼吸困难" },
            new Allergy { Substance = "花生", Reaction = "喉头水肿" },
            new Allergy { Substance = "磺胺类药物", Reaction = "荨麻疹" },
        ],
        Immunizations =
        [
            new Immunization { Vaccine = "乙肝疫苗", Date = "19900401" },
            new Immunization { Vaccine = "麻疹疫苗", Date = "19910315" },
        ],
    };
}
