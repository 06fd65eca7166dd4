using HealthCard.Chip.Apdu;
using HealthCard.Crypto.Keys;

namespace HealthCard.Chip.Personalization;

/// <summary>One card key as personalization loads it: its directory, its key reference and its value.</summary>
public sealed record CardKey(ushort Directory, byte Reference, byte[] Value);

/// <summary>
/// "One card, one key" (standard §6): every key of a card is the master key a SAM holds at the matching index, diversified
/// by the card — once (chip serial) for DDF1 and DF01, twice (city, then chip serial) for DF02 and DF03. This is the same
/// derivation a SAM performs with DIVERSIFY (<c>80 DE</c>), so a card personalized here answers every SAM of its key set.
/// </summary>
public static class CardKeys
{
    /// <summary>
    /// The card's keys from <paramref name="masterKeys"/> (by SAM key index, §7). Throws <see cref="ArgumentException"/>
    /// when a master is missing or not 16 bytes.
    /// </summary>
    public static IReadOnlyList<CardKey> Derive(IReadOnlyDictionary<byte, byte[]> masterKeys, string cityCode, ReadOnlySpan<byte> chipSerial)
    {
        ArgumentNullException.ThrowIfNull(masterKeys);
        var card = KeyDerivation.CardDiversifier(chipSerial);
        var city = KeyDerivation.CityDiversifier(cityCode);
        var keys = new List<CardKey>(SamKeys.All.Count);
        foreach (var slot in SamKeys.All)
        {
            if (!masterKeys.TryGetValue(slot.Index, out var master) || master.Length != 16)
            {
                throw new ArgumentException($"The key set has no 16-byte master key {slot.Name} (index {slot.Index:X2}).", nameof(masterKeys));
            }
            var key = slot.Levels == 1 ? KeyDerivation.Diversify(master, card) : KeyDerivation.Diversify(master, city, card);
            keys.Add(new CardKey(slot.Directory, slot.CardKeyReference, key));
        }
        return keys;
    }
}
