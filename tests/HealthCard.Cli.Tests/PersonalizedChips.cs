using System.Security.Cryptography;
using HealthCard.Chip.Files;
using HealthCard.Chip.Virtual;
using HealthCard.Crypto.Keys;

namespace HealthCard.Cli.Tests;

/// <summary>
/// A personalized user card and a type-2 SAM (read-write) that belong together, saved as images for <c>hcard card serve</c>.
/// The master keys are random; the card holds its keys diversified from them exactly as standard §6 says (DDF1 and DF01
/// once by the chip serial, DF02 and DF03 by the city, then the chip serial), and the SAM holds the masters, so only
/// the real terminal flow (the SAM deriving the card's key and computing the cryptogram) opens the protected files.
/// </summary>
internal sealed class PersonalizedChips
{
    public const string SamPin = "123456";
    public const string CityCode = "130100";

    public static readonly Ddf1Ef05 Issuer = new()
    {
        CardType = "1",
        SpecVersion = "0200",
        IssuerName = "石家庄市卫生健康委员会",
        IssuerCode = "13010000001",
        IssueDate = "20261122",
        CardNumber = "13010519800101001X",
        SecurityCode = "123",
        CardSerial = "1300000001",
        CityCode = CityCode,
        IssuerCertificate = Enumerable.Range(0, 180).Select(i => (byte)i).ToArray(),
    };

    public static readonly Ddf1Ef06 Holder = new()
    {
        Name = "欧阳建国",
        Gender = new byte[] { 0x01 },
        Ethnicity = "01",
        BirthDate = "19800101",
        IdNumber = "13010519800101001X",
    };

    public PersonalizedChips(string folder)
    {
        var card = VirtualHealthCard.CreateBlank(CardProfile.Chip32K, RandomNumberGenerator.GetBytes(10));
        var masters = new Dictionary<(ushort Directory, byte Reference), byte[]>();
        var cardDiversifier = KeyDerivation.CardDiversifier(card.ChipSerial);
        foreach (var directory in CardLayout.Directories(card.Profile))
        {
            foreach (var reference in directory.KeyReferences)
            {
                var master = RandomNumberGenerator.GetBytes(16);
                masters[(directory.Fid, reference)] = master;
                card.LoadKey(directory.Fid, reference, directory.Fid is 0xDDF1 or 0xDF01
                    ? KeyDerivation.Diversify(master, cardDiversifier)
                    : KeyDerivation.Diversify(master, KeyDerivation.CityDiversifier(CityCode), cardDiversifier));
            }
        }
        Write(card, "DDF1/EF05", Issuer.EncodeRecords());
        Write(card, "DDF1/EF06", Holder.EncodeRecords());
        var sam = new VirtualSam(2, "1300000001", SamKeys.All.ToDictionary(slot => slot.Index, slot => masters[(slot.Directory, slot.CardKeyReference)]), SamPin);

        CardImage = Path.Combine(folder, "card.json");
        SamImage = Path.Combine(folder, "sam.json");
        card.Save(CardImage);
        sam.Save(SamImage);
    }

    public string CardImage { get; }

    public string SamImage { get; }

    private static void Write(VirtualHealthCard card, string path, IReadOnlyList<byte[]> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            card.WriteRecord(path, i + 1, records[i]);
        }
    }
}
