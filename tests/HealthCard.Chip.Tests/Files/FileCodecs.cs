using HealthCard.Chip.Files;

namespace HealthCard.Chip.Tests.Files;

/// <summary>Every elementary-file type behind one shape, for round-trip and fuzz tests.</summary>
internal sealed record FileCodec(
    string Path,
    Func<Random, object> RandomValue,
    Func<object, IReadOnlyList<byte[]>> Encode,
    Func<IReadOnlyList<ReadOnlyMemory<byte>>, object> Decode)
{
    public override string ToString() => Path;
}

internal static class FileCodecs
{
    public static IReadOnlyList<FileCodec> All { get; } =
    [
        new("DDF1/EF05", r => new Ddf1Ef05
        {
            CardType = RandomValues.Ans(r, 1),
            SpecVersion = RandomValues.Ans(r, 4),
            IssuerName = RandomValues.Ans(r, 30),
            IssuerCode = RandomValues.Cn(r, 11),
            IssuerCertificate = RandomValues.Bytes(r, 180),
            IssueDate = RandomValues.Cn(r, 4),
            CardNumber = RandomValues.Ans(r, 18),
            SecurityCode = RandomValues.Ans(r, 3),
            CardSerial = RandomValues.Ans(r, 10),
            CityCode = RandomValues.Cn(r, 3),
        }, v => ((Ddf1Ef05)v).EncodeRecords(), Ddf1Ef05.DecodeRecords),
        new("DDF1/EF06", r => new Ddf1Ef06
        {
            Name = RandomValues.Ans(r, 30),
            Gender = RandomValues.Bytes(r, 1),
            Ethnicity = RandomValues.Cn(r, 1),
            BirthDate = RandomValues.Cn(r, 4),
            IdNumber = RandomValues.Ans(r, 18),
        }, v => ((Ddf1Ef06)v).EncodeRecords(), Ddf1Ef06.DecodeRecords),
        new("DDF1/EF08", r => new Ddf1Ef08
        {
            ExpiryDate = RandomValues.Cn(r, 4),
            Phone1 = RandomValues.Ans(r, 20),
            Phone2 = RandomValues.Ans(r, 20),
            PaymentMethod1 = RandomValues.Cn(r, 1),
            PaymentMethod2 = RandomValues.Cn(r, 1),
            PaymentMethod3 = RandomValues.Cn(r, 1),
        }, v => ((Ddf1Ef08)v).EncodeRecords(), Ddf1Ef08.DecodeRecords),
        new("DF01/EF05", r => new Df01Ef05
        {
            AddressType1 = RandomValues.Cn(r, 1),
            Address1 = RandomValues.Ans(r, 100),
            AddressType2 = RandomValues.Cn(r, 1),
            Address2 = RandomValues.Ans(r, 100),
        }, v => ((Df01Ef05)v).EncodeRecords(), Df01Ef05.DecodeRecords),
        new("DF01/EF06", r => new Df01Ef06
        {
            ContactName1 = RandomValues.Ans(r, 30),
            ContactRelation1 = RandomValues.Cn(r, 1),
            ContactPhone1 = RandomValues.Ans(r, 20),
            ContactName2 = RandomValues.Ans(r, 30),
            ContactRelation2 = RandomValues.Cn(r, 1),
            ContactPhone2 = RandomValues.Ans(r, 20),
            ContactName3 = RandomValues.Ans(r, 30),
            ContactRelation3 = RandomValues.Cn(r, 1),
            ContactPhone3 = RandomValues.Ans(r, 20),
        }, v => ((Df01Ef06)v).EncodeRecords(), Df01Ef06.DecodeRecords),
        new("DF01/EF07", r => new Df01Ef07
        {
            Education = RandomValues.Cn(r, 1),
            MaritalStatus = RandomValues.Cn(r, 1),
            Occupation = RandomValues.Ans(r, 3),
        }, v => ((Df01Ef07)v).EncodeRecords(), Df01Ef07.DecodeRecords),
        new("DF01/EF08", r => new Df01Ef08
        {
            IdType = RandomValues.Cn(r, 1),
            IdNumber = RandomValues.Ans(r, 18),
            HealthRecordNumber = RandomValues.Ans(r, 17),
            NcmsCardNumber = RandomValues.Ans(r, 18),
        }, v => ((Df01Ef08)v).EncodeRecords(), Df01Ef08.DecodeRecords),
        new("DF02/EF05", r => new Df02Ef05
        {
            AboBloodType = RandomValues.Bytes(r, 1),
            RhBloodType = RandomValues.Cn(r, 1),
            Asthma = RandomValues.Bytes(r, 1),
            HeartDisease = RandomValues.Bytes(r, 1),
            CardioCerebrovascularDisease = RandomValues.Bytes(r, 1),
            Epilepsy = RandomValues.Bytes(r, 1),
            CoagulationDisorder = RandomValues.Bytes(r, 1),
            Diabetes = RandomValues.Bytes(r, 1),
            Glaucoma = RandomValues.Bytes(r, 1),
            Dialysis = RandomValues.Bytes(r, 1),
            OrganTransplant = RandomValues.Bytes(r, 1),
            MissingOrgan = RandomValues.Bytes(r, 1),
            RemovableProsthesis = RandomValues.Bytes(r, 1),
            Pacemaker = RandomValues.Bytes(r, 1),
            OtherMedicalAlert = RandomValues.Ans(r, 40),
        }, v => ((Df02Ef05)v).EncodeRecords(), Df02Ef05.DecodeRecords),
        new("DF02/EF06", r => new Df02Ef06
        {
            MentalIllness = RandomValues.Bytes(r, 1),
        }, v => ((Df02Ef06)v).EncodeRecords(), Df02Ef06.DecodeRecords),
    ];

    public static FileCodec Get(string path) => All.Single(c => c.Path == path);

    public static TheoryData<string> Paths => [.. All.Select(c => c.Path)];

    public static ReadOnlyMemory<byte>[] AsMemory(IEnumerable<byte[]> records) => [.. records.Select(r => (ReadOnlyMemory<byte>)r)];
}
