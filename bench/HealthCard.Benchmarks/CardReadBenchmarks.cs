using BenchmarkDotNet.Attributes;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;
using HealthCard.Chip.Reader;
using HealthCard.Chip.Virtual;

namespace HealthCard.Benchmarks;

/// <summary>
/// What a hospital terminal does when a card is presented: power on, verify the SAM PIN, read the issuer data, then every
/// holder file with read-key authentication through the SAM (DDF1, DF01, DF02 incl. the 3 KB photo, allergies and
/// immunisations) and the DF03 index flags, all as APDUs to the virtual card. The baseline decodes the same files straight
/// from the card's memory with the typed models: the cost of the codecs alone, so the difference is the APDU protocol and
/// the SM4 work of authentication. Target (issue #3): a full read ≤ 5 ms.
/// </summary>
[MemoryDiagnoser]
public class CardReadBenchmarks
{
    private VirtualHealthCard _card = null!;
    private HealthCardReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        var today = new DateOnly(2026, 11, 22);
        var (keys, issuer, sams) = KeySet.Create("石家庄市卫生健康委员会", "13010000001", "130100", today);
        var holder = new Cardholder
        {
            Identity = new Ddf1Ef06 { Name = "欧阳娜娜", Gender = new byte[] { 2 }, Ethnicity = "01", BirthDate = "19900315", IdNumber = "130105199003150028" },
            ValidityAndPhones = new Ddf1Ef08 { Phone1 = "13800138000", PaymentMethod1 = "2" },
            Photo = new byte[PhotoFile.MaxPhotoLength],
            Addresses = new Df01Ef05 { AddressType1 = "1", Address1 = "河北省石家庄市长安区中山东路123号" },
            Contacts = new Df01Ef06 { ContactName1 = "欧阳建国", ContactRelation1 = "10", ContactPhone1 = "13900139000" },
            Documents = new Df01Ef08 { IdType = "01", IdNumber = "130105199003150028" },
            Clinical = new Df02Ef05 { AboBloodType = new byte[] { 1 }, RhBloodType = "2", OtherMedicalAlert = "青霉素皮试阳性" },
            Allergies = [new Allergy { Substance = "青霉素", Reaction = "皮疹" }, new Allergy { Substance = "花生", Reaction = "喉头水肿" }],
            Immunizations = [new Immunization { Vaccine = "乙肝疫苗", Date = "19900401" }],
        };
        var issue = new CardIssue("130105199003150028", "1300000042", [0x86, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66], today, today.AddYears(10));
        _card = CardPersonalizer.Personalize(holder, issue, issuer, keys.Masters());
        _reader = new HealthCardReader(new InProcessChannel(_card, sams[0]), keys.SamPin);
        _recordReader = new HealthCardReader(new InProcessChannel(_card, sams[1]), keys.SamPin, trust: keys.Trust());
        if (_recordReader.Open() != ReaderError.Ok
            || !_recordReader.WriteInpatientRecord(new InpatientRecord { InstitutionName = "河北医科大学第二医院", AdmissionDate = "20261101" }).IsOk)
        {
            throw new InvalidOperationException("The inpatient record was not written.");
        }
    }

    private HealthCardReader _recordReader = null!;

    /// <summary>One EE record (1,893 bytes in 15 READ BINARY chunks) with its SM2 signature and the root → issuer → SAM chain checked.</summary>
    [Benchmark]
    public InpatientRecord ReadVerifiedInpatientRecord() =>
        _recordReader.ReadInpatientRecord(1).Value?.Record ?? throw new InvalidOperationException("The record did not verify.");

    [Benchmark(Baseline = true)]
    public Cardholder DecodeFromCardMemory()
    {
        IReadOnlyList<ReadOnlyMemory<byte>> Records(string path) => _card.Contents(path).Select(r => (ReadOnlyMemory<byte>)r).ToList();
        _ = Ddf1Ef05.DecodeRecords(Records("DDF1/EF05"));
        _ = IndexFileCodec.Decode(CardLayouts.Df03Ef05, Records("DF03/EF05"));
        _ = IndexFileCodec.Decode(CardLayouts.Df03Ef06, Records("DF03/EF06"));
        return new Cardholder
        {
            Identity = Ddf1Ef06.DecodeRecords(Records("DDF1/EF06")),
            ValidityAndPhones = Ddf1Ef08.DecodeRecords(Records("DDF1/EF08")),
            Photo = PhotoFile.Decode(_card.Contents("DDF1/EF07")[0]),
            Addresses = Df01Ef05.DecodeRecords(Records("DF01/EF05")),
            Contacts = Df01Ef06.DecodeRecords(Records("DF01/EF06")),
            EducationMaritalOccupation = Df01Ef07.DecodeRecords(Records("DF01/EF07")),
            Documents = Df01Ef08.DecodeRecords(Records("DF01/EF08")),
            Clinical = Df02Ef05.DecodeRecords(Records("DF02/EF05")),
            Special = Df02Ef06.DecodeRecords(Records("DF02/EF06")),
            Allergies = _card.Contents("DF02/EF07").Select(r => Allergy.DecodeRecord(r)).Where(a => !a.IsEmpty).ToList(),
            Immunizations = _card.Contents("DF02/EF08").Select(r => Immunization.DecodeRecord(r)).Where(i => !i.IsEmpty).ToList(),
        };
    }

    [Benchmark]
    public Cardholder FullReadThroughReader()
    {
        if (_reader.Open() != ReaderError.Ok || !_reader.ReadInpatientIndex().IsOk || !_reader.ReadOutpatientIndex().IsOk)
        {
            throw new InvalidOperationException("The card did not open.");
        }
        return _reader.ReadCardholder().Value ?? throw new InvalidOperationException("The card did not read.");
    }
}
