using HealthCard.Chip.Apdu;
using HealthCard.Chip.Files;
using HealthCard.Chip.Reader;
using HealthCard.Chip.Tests.Virtual;
using HealthCard.Chip.Virtual;

namespace HealthCard.Chip.Tests.Reader;

public sealed class HealthCardReaderTests
{
    private static readonly Ddf1Ef05 Issuer = new()
    {
        CardType = "1",
        SpecVersion = "0200",
        IssuerName = "石家庄市卫生健康委员会",
        IssuerCode = "13010000001",
        IssueDate = "20261122",
        CardNumber = "13010519800101001X",
        SecurityCode = "123",
        CardSerial = "1300000001",
        CityCode = TestCard.CityCode,
        IssuerCertificate = Enumerable.Range(0, 180).Select(i => (byte)i).ToArray(),
    };

    private static (TestCard Card, HealthCardReader Reader) Personalized(int samType)
    {
        var card = new TestCard();
        var records = Issuer.EncodeRecords();
        for (var i = 0; i < records.Count; i++)
        {
            card.Card.WriteRecord("DDF1/EF05", i + 1, records[i]);
        }
        var sam = new VirtualSam(samType, "1300000001", card.SamMasters(), "123456");
        var reader = new HealthCardReader(new InProcessChannel(card.Card, sam), "123456");
        reader.Open().ShouldBe(ReaderError.Ok);
        return (card, reader);
    }

    [Fact]
    public void Read_FreeAndProtectedFiles_ThroughTheSam()
    {
        var (card, reader) = Personalized(samType: 1);

        reader.ReadIssuerData().Value.ShouldBe(Issuer);
        var holder = reader.ReadHolderIdentity();
        holder.Error.ShouldBe(ReaderError.Ok);
        holder.Value.ShouldBe(card.Holder);
        holder.Value!.Name.ShouldBe("张三");
    }

    [Fact]
    public void Write_RecordFilesWithSecureMessaging_AndReadThemBack()
    {
        var (_, reader) = Personalized(samType: 2);
        var addresses = new Df01Ef05 { AddressType1 = "1", Address1 = "河北省石家庄市新华区中华北大街100号", AddressType2 = "9", Address2 = "北京市朝阳区建国路1号" };
        var contacts = new Df01Ef06 { ContactName1 = "李四", ContactRelation1 = "10", ContactPhone1 = "13900000000" };
        var phones = new Ddf1Ef08 { ExpiryDate = "20361122", Phone1 = "13912345678", PaymentMethod1 = "2" };

        reader.WriteAddresses(addresses).ShouldBe(ReaderError.Ok);
        reader.WriteContacts(contacts).ShouldBe(ReaderError.Ok);
        reader.WriteValidityAndPhones(phones).ShouldBe(ReaderError.Ok);

        reader.ReadAddresses().Value.ShouldBe(addresses);
        reader.ReadContacts().Value.ShouldBe(contacts);
        reader.ReadValidityAndPhones().Value.ShouldBe(phones);
    }

    [Fact]
    public void Photo_AllergiesAndIndexFlags()
    {
        var (_, reader) = Personalized(samType: 2);
        var jpeg = new byte[3000];
        new Random(9).NextBytes(jpeg);

        reader.WritePhoto(jpeg).ShouldBe(ReaderError.Ok);
        reader.ReadPhoto().Value.ShouldBe(jpeg);
        reader.WritePhoto(new byte[3073]).ShouldBe(ReaderError.PhotoData);

        for (var n = 1; n <= 4; n++)
        {
            reader.AppendCyclicRecord("DF02/EF07", Enumerable.Repeat((byte)n, CardLayout.AllergyRecordSize).ToArray()).ShouldBe(ReaderError.Ok);
        }
        reader.ReadRecords("DF02/EF07").Value!.Select(r => r[0]).ShouldBe(new byte[] { 4, 3, 2 });

        reader.SetIndexFlag("DF03/EF05", 2, valid: true).ShouldBe(ReaderError.Ok);
        reader.ReadRecords("DF03/EF05").Value!.Select(r => r[0]).ShouldBe(new byte[] { 0xFF, 0x00, 0xFF });
        reader.SetIndexFlag("DF03/EF05", 2, valid: false).ShouldBe(ReaderError.Ok);
        reader.ReadRecords("DF03/EF05").Value!.Select(r => r[0]).ShouldBe(new byte[] { 0xFF, 0xFF, 0xFF });
    }

    [Fact]
    public void ReadOnlySam_CannotWrite_AndAWrongPinStopsTheReader()
    {
        var (card, reader) = Personalized(samType: 1);

        reader.WriteAddresses(new Df01Ef05 { AddressType1 = "1", Address1 = "x" }).ShouldBe(ReaderError.Sam);
        reader.WritePhoto([1, 2, 3]).ShouldBe(ReaderError.Sam);

        var sam = new VirtualSam(2, "1300000002", card.SamMasters(), "123456");
        new HealthCardReader(new InProcessChannel(card.Card, sam), "000000").Open().ShouldBe(ReaderError.Sam);
        reader.ReadRecords("DF09/EF01").Error.ShouldBe(ReaderError.Parameter);
    }
}
