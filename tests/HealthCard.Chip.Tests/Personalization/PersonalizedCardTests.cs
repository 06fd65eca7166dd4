using HealthCard.Chip.Apdu;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;
using HealthCard.Chip.Reader;
using HealthCard.Chip.Tests.Files;
using HealthCard.Chip.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace HealthCard.Chip.Tests.Personalization;

/// <summary>
/// The issue's must-show: a card personalized from holder data, saved as an image and loaded again, read back through
/// the reader API and a SAM of the same key set returns exactly what was written; allergies rotate; EE and ED records
/// are written, signed by the SAM, verified on read (including the chain to the root) and erased.
/// </summary>
public sealed class PersonalizedCardTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly Lazy<(KeySet Keys, IssuerProfile Issuer, IReadOnlyList<VirtualSam> Sams)> KeySetOnce =
        new(() => KeySet.Create("石家庄市卫生健康委员会", "13010000001", "130100", Today));

    private readonly string _directory = Directory.CreateTempSubdirectory("hcard-card-").FullName;

    private static KeySet Keys => KeySetOnce.Value.Keys;

    private static CardIssue Issue => new("130105199003150028", "1300000042", Convert.FromHexString("8600112233445566"), Today, Today.AddYears(10));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Personalizes, saves and reloads the card image, and opens a reader with a SAM of <paramref name="samType"/>.</summary>
    private (VirtualHealthCard Card, HealthCardReader Reader) Open(int samType, Cardholder? holder = null)
    {
        var path = Path.Combine(_directory, "card.img");
        CardPersonalizer.Personalize(holder ?? Holders.Full(), Issue, KeySetOnce.Value.Issuer, Keys.Masters()).Save(path);
        var card = VirtualHealthCard.Load(path);
        var samPath = Path.Combine(_directory, $"sam-type{samType}.img");
        KeySetOnce.Value.Sams[samType - 1].Save(samPath);
        var reader = new HealthCardReader(new InProcessChannel(card, VirtualSam.Load(samPath)), Keys.SamPin, trust: Keys.Trust());
        reader.Open().ShouldBe(ReaderError.Ok);
        return (card, reader);
    }

    [Fact]
    public void PersonalizedImage_ReadsBackExactlyTheHolderData()
    {
        var (_, reader) = Open(samType: 1);

        var read = reader.ReadCardholder();

        read.Error.ShouldBe(ReaderError.Ok);
        var expected = Holders.Full() with { ValidityAndPhones = Holders.Full().ValidityAndPhones with { ExpiryDate = "20361122" } };
        read.Value.ShouldBe(expected);
        read.Value!.Identity.Name.ShouldBe("欧阳娜娜");
        read.Value.Addresses.Address1.ShouldBe("河北省石家庄市长安区中山东路１２３号");
        read.Value.Photo.ToArray().ShouldBe(Holders.Photo);
        read.Value.Allergies.Select(a => a.Substance).ShouldBe(["青霉素", "花生", "磺胺类药物"]);
    }

    [Fact]
    public void IssuerData_CarriesNumberSerialSecurityCodeAndTheIssuerCertificate()
    {
        var (_, reader) = Open(samType: 1);

        var issuer = reader.ReadIssuerData().Value!;

        issuer.CardNumber.ShouldBe("130105199003150028");
        issuer.CardSerial.ShouldBe("1300000042");
        issuer.CityCode.ShouldBe("130100");
        issuer.IssuerName.ShouldBe("石家庄市卫生健康委员会");
        issuer.IssuerCertificate.ToArray().ShouldBe(Convert.FromHexString(Keys.IssuerCertificate));
        var maintenanceKey = CardKeys.Derive(Keys.Masters(), "130100", Issue.ChipSerial)
            .Single(k => k.Directory == 0xDDF1 && k.Reference == CardLayout.MaintenanceKeyDdf1).Value;
        issuer.SecurityCode.ShouldBe(SecurityCode.Compute(maintenanceKey, issuer.CardNumber, issuer.CardSerial, "20361122"));
        issuer.SecurityCode.ShouldMatch("^[0-9]{3}$");
    }

    [Fact]
    public void FourthAllergy_PushesTheOldestOut()
    {
        var (_, reader) = Open(samType: 2);

        reader.AddAllergy(new Allergy { Substance = "头孢菌素", Reaction = "过敏性休克" }).ShouldBe(ReaderError.Ok);

        reader.ReadAllergies().Value!.Select(a => a.Substance).ShouldBe(["头孢菌素", "青霉素", "花生"]);
    }

    [Fact]
    public void InpatientAndOutpatientRecords_AreWrittenSignedVerifiedAndErased()
    {
        var (_, reader) = Open(samType: 2);
        var random = new Random(11);
        var inpatient = RandomRecords.Inpatient(random) with { InstitutionName = "河北医科大学第二医院", AdmissionDate = "20261101" };
        var outpatient = RandomRecords.Outpatient(random) with { InstitutionName = "石家庄市第一医院", VisitTime = "20261120093000" };

        reader.WriteInpatientRecord(inpatient).ShouldBe(new ReaderResult<int>(ReaderError.Ok, 1));
        reader.WriteOutpatientRecord(outpatient).ShouldBe(new ReaderResult<int>(ReaderError.Ok, 1));

        var readInpatient = reader.ReadInpatientRecord(1);
        readInpatient.Error.ShouldBe(ReaderError.Ok);
        readInpatient.Value!.Record.ShouldBe(inpatient);
        readInpatient.Value.ChainVerified.ShouldBeTrue();
        var readOutpatient = reader.ReadOutpatientRecord(1);
        readOutpatient.Value!.Record.ShouldBe(outpatient);
        readOutpatient.Value.ChainVerified.ShouldBeTrue();
        reader.LastInpatientRecord().Value.ShouldBe(1);
        reader.ReadInpatientIndex().Value.ShouldBe([SlotStatus.Valid, SlotStatus.Free, SlotStatus.Free]);

        reader.EraseInpatientRecord(1).ShouldBe(ReaderError.Ok);
        reader.EraseOutpatientRecord(1).ShouldBe(ReaderError.Ok);

        reader.ReadInpatientRecord(1).Error.ShouldBe(ReaderError.RecordInvalid);
        reader.ReadOutpatientRecord(1).Error.ShouldBe(ReaderError.RecordInvalid);
        reader.LastInpatientRecord().Error.ShouldBe(ReaderError.RecordInvalid);
    }

    [Fact]
    public void SignedRecord_ChangedOnTheCard_FailsVerification()
    {
        var (card, reader) = Open(samType: 2);
        reader.WriteInpatientRecord(RandomRecords.Inpatient(new Random(3)) with { AdmissionDate = "20261101" }).Value.ShouldBe(1);

        card.WriteBinary("DF03/EE01", 0, [0xB8, 0xC4]); // the institution name now starts with 改 (GBK B8C4)

        reader.ReadInpatientRecord(1).Error.ShouldBe(ReaderError.SignatureInvalid);
    }

    [Fact]
    public void SignedRecord_FromASamOutsideTheTrustedRoot_FailsTheChain()
    {
        var (card, _) = Open(samType: 2);
        var stranger = KeySet.Create("别的机构", "11010000001", "130100", Today); // another root, issuer and SAM keys
        var strangerSam = new VirtualSam(2, stranger.Sams[1].Serial, Keys.Masters(), Keys.SamPin,
            Sm2PrivateKeyOf(stranger.Keys.Sams[1]), Convert.FromHexString(stranger.Keys.IssuerCertificate), Convert.FromHexString(stranger.Keys.Sams[1].Certificate));
        var forger = new HealthCardReader(new InProcessChannel(card, strangerSam), Keys.SamPin);
        forger.Open().ShouldBe(ReaderError.Ok);
        forger.WriteInpatientRecord(RandomRecords.Inpatient(new Random(5)) with { AdmissionDate = "20261101" }).Value.ShouldBe(1);
        forger.ReadInpatientRecord(1).Value!.ChainVerified.ShouldBeFalse("without a trust anchor only the signature is checked");

        var trusting = new HealthCardReader(new InProcessChannel(card, KeySetOnce.Value.Sams[0]), Keys.SamPin, trust: Keys.Trust());
        trusting.Open().ShouldBe(ReaderError.Ok);
        trusting.ReadInpatientRecord(1).Error.ShouldBe(ReaderError.SignatureInvalid);
    }

    [Fact]
    public void SignedRecord_ReadAfterTheCertificatesExpire_FailsTheChain()
    {
        var (card, writer) = Open(samType: 2);
        writer.WriteInpatientRecord(RandomRecords.Inpatient(new Random(9)) with { AdmissionDate = "20261101" }).Value.ShouldBe(1);
        var expired = new FakeTimeProvider(new DateTimeOffset(2037, 1, 1, 0, 0, 0, TimeSpan.Zero)); // the test certificates run to 2036-11-22
        var reader = new HealthCardReader(new InProcessChannel(card, KeySetOnce.Value.Sams[0]), Keys.SamPin, trust: Keys.Trust() with { Clock = expired });

        reader.Open().ShouldBe(ReaderError.Ok);
        reader.ReadInpatientRecord(1).Error.ShouldBe(ReaderError.SignatureInvalid);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void SamTypesWithoutTheManagementRecordKeys_CannotWriteRecords(int samType)
    {
        var (card, reader) = Open(samType);

        reader.WriteInpatientRecord(RandomRecords.Inpatient(new Random(1))).Error.ShouldBe(ReaderError.Sam);

        var inspector = new HealthCardReader(new InProcessChannel(card, KeySetOnce.Value.Sams[1]), Keys.SamPin);
        inspector.Open().ShouldBe(ReaderError.Ok);
        inspector.ReadInpatientIndex().Value!.ShouldAllBe(flag => flag == SlotStatus.Free);
    }

    [Fact]
    public void CardKeysDiversifiedForAnotherCity_FailDf02Authentication()
    {
        // The card's DF02/DF03 keys come from city 110100, but its issuer data (what the SAM diversifies with) says 130100.
        var path = Path.Combine(_directory, "other-city.img");
        var issuer = KeySetOnce.Value.Issuer;
        var beijing = CardPersonalizer.Personalize(Holders.Full(), Issue, issuer with { CityCode = "110100" }, Keys.Masters());
        var claimed = (Ddf1Ef05Of(beijing) with { CityCode = "130100" }).EncodeRecords();
        for (var n = 1; n <= claimed.Count; n++)
        {
            beijing.WriteRecord("DDF1/EF05", n, claimed[n - 1]);
        }
        beijing.Save(path);
        var reader = new HealthCardReader(new InProcessChannel(VirtualHealthCard.Load(path), KeySetOnce.Value.Sams[0]), Keys.SamPin);

        reader.Open().ShouldBe(ReaderError.Ok);
        reader.ReadHolderIdentity().Error.ShouldBe(ReaderError.Ok, "DDF1 keys are diversified by the chip alone");
        reader.ReadClinicalData().Error.ShouldBe(ReaderError.Authentication);
    }

    private static Ddf1Ef05 Ddf1Ef05Of(VirtualHealthCard card)
    {
        var reader = new HealthCardReader(new InProcessChannel(card, KeySetOnce.Value.Sams[0]), Keys.SamPin);
        reader.Open().ShouldBe(ReaderError.Ok);
        return reader.ReadIssuerData().Value!;
    }

    private static HealthCard.Crypto.Sm2.Sm2PrivateKey Sm2PrivateKeyOf(SamKeyEntry sam) =>
        HealthCard.Crypto.Sm2.Sm2PrivateKey.Import(Convert.FromHexString(sam.PrivateKey));
}
