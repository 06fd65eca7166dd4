using System.Security.Cryptography;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;

namespace HealthCard.Cli.Tests;

/// <summary>
/// A personalized user card and a type-2 SAM (read-write) of one fresh test key set, saved as images for
/// <c>hcard card serve</c>. The card holds its own diversified keys (standard §6) and the SAM the masters, so only the
/// real terminal flow (the SAM deriving the card's key and computing the cryptogram) opens the protected files.
/// </summary>
internal sealed class PersonalizedChips
{
    public const string SamPin = "123456";

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
        var today = new DateOnly(2026, 11, 22);
        var (keys, issuer, sams) = KeySet.Create("石家庄市卫生健康委员会", "13010000001", "130100", today, SamPin);
        var issue = new CardIssue(Holder.IdNumber, "1300000001", RandomNumberGenerator.GetBytes(10), today, today.AddYears(10));
        var card = CardPersonalizer.Personalize(new Cardholder { Identity = Holder }, issue, issuer, keys.Masters());
        Issuer = Ddf1Ef05.DecodeRecords(card.Contents("DDF1/EF05").Select(r => (ReadOnlyMemory<byte>)r).ToList());

        CardImage = Path.Combine(folder, "card.json");
        SamImage = Path.Combine(folder, "sam.json");
        card.Save(CardImage);
        sams[1].Save(SamImage);
    }

    /// <summary>DDF1/EF05 as personalization wrote it.</summary>
    public Ddf1Ef05 Issuer { get; }

    public string CardImage { get; }

    public string SamImage { get; }
}
