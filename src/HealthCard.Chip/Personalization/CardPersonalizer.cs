using HealthCard.Chip.Apdu;
using HealthCard.Chip.Files;
using HealthCard.Chip.Virtual;

namespace HealthCard.Chip.Personalization;

/// <summary>What the issuer decides for one physical card: its number, serial, chip and dates.</summary>
/// <param name="CardNumber">卡号 KH: the citizen ID number, or the number of the document named by 证件类别 (§1).</param>
/// <param name="CardSerial">发卡序列号 XPXLH: ans10, new for every physical card (§1).</param>
/// <param name="ChipSerial">The chip serial (8 bytes or more); its first 8 bytes diversify the card keys (§6).</param>
public sealed record CardIssue(string CardNumber, string CardSerial, byte[] ChipSerial, DateOnly IssueDate, DateOnly ExpiryDate)
{
    /// <summary>卡的类别 KLB (D: "1" = the resident health user card; the standard names the element, not its codes).</summary>
    public const string UserCardType = "1";

    /// <summary>规范版本 GFBB (D: "0200", the 2012 second revision of the technical specification).</summary>
    public const string SpecVersion = "0200";
}

/// <summary>
/// Builds a complete card image (standard §4, §6): every file from the holder's data, the issuer data with the card number,
/// serial and security code, the issuer certificate, and the card's own diversified keys. This is what a card-production
/// centre's personalization machine does with a type-5 SAM; here it writes the virtual card directly.
/// </summary>
public static class CardPersonalizer
{
    /// <summary>
    /// A personalized card. Throws <see cref="ArgumentException"/> naming the element when a value does not fit the card
    /// (too long, not GBK, more allergies or immunisations than the profile holds, a photo over 3072 bytes).
    /// </summary>
    public static VirtualHealthCard Personalize(Cardholder holder, CardIssue issue, IssuerProfile issuer,
        IReadOnlyDictionary<byte, byte[]> masterKeys, CardProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(issuer);
        profile ??= CardProfile.Chip32K;
        var card = VirtualHealthCard.CreateBlank(profile, issue.ChipSerial);
        var keys = CardKeys.Derive(masterKeys, issuer.CityCode, issue.ChipSerial);
        foreach (var key in keys)
        {
            card.LoadKey(key.Directory, key.Reference, key.Value);
        }

        var expiry = issue.ExpiryDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var maintenanceKey = keys.Single(k => k.Directory == 0xDDF1 && k.Reference == CardLayout.MaintenanceKeyDdf1).Value;
        var issuerData = new Ddf1Ef05
        {
            CardType = CardIssue.UserCardType,
            SpecVersion = CardIssue.SpecVersion,
            IssuerName = issuer.Name,
            IssuerCode = issuer.Code,
            IssuerCertificate = Convert.FromHexString(issuer.Certificate),
            IssueDate = issue.IssueDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
            CardNumber = issue.CardNumber,
            SecurityCode = SecurityCode.Compute(maintenanceKey, issue.CardNumber, issue.CardSerial, expiry),
            CardSerial = issue.CardSerial,
            CityCode = issuer.CityCode,
        };

        WriteRecords(card, "DDF1/EF05", issuerData.EncodeRecords());
        WriteRecords(card, "DDF1/EF06", holder.Identity.EncodeRecords());
        WriteRecords(card, "DDF1/EF08", (holder.ValidityAndPhones with { ExpiryDate = expiry }).EncodeRecords());
        if (!holder.Photo.IsEmpty)
        {
            if (!profile.Photo)
            {
                throw new ArgumentException("This card profile has no photo file.", nameof(holder));
            }
            card.WriteBinary("DDF1/EF07", 0, PhotoFile.Encode(holder.Photo.Span));
        }
        WriteRecords(card, "DF01/EF05", holder.Addresses.EncodeRecords());
        WriteRecords(card, "DF01/EF06", holder.Contacts.EncodeRecords());
        WriteRecords(card, "DF01/EF07", holder.EducationMaritalOccupation.EncodeRecords());
        WriteRecords(card, "DF01/EF08", holder.Documents.EncodeRecords());
        WriteRecords(card, "DF02/EF05", holder.Clinical.EncodeRecords());
        WriteRecords(card, "DF02/EF06", holder.Special.EncodeRecords());
        WriteCyclic(card, "DF02/EF07", profile.Allergies, holder.Allergies.Select(a => a.EncodeRecord()).ToList());
        WriteCyclic(card, "DF02/EF08", profile.Immunizations, holder.Immunizations.Select(i => i.EncodeRecord()).ToList());
        return card;
    }

    private static void WriteRecords(VirtualHealthCard card, string path, IReadOnlyList<byte[]> records)
    {
        for (var n = 1; n <= records.Count; n++)
        {
            card.WriteRecord(path, n, records[n - 1]);
        }
    }

    /// <summary>Cyclic files hold the newest record first (§4.1), so the list's order is the card's order.</summary>
    private static void WriteCyclic(VirtualHealthCard card, string path, int capacity, List<byte[]> records)
    {
        if (records.Count > capacity)
        {
            throw new ArgumentException($"{path} holds {capacity} records, not {records.Count}.", nameof(records));
        }
        WriteRecords(card, path, records);
    }
}
