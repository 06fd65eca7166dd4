using System.Globalization;
using System.Security.Cryptography;
using HealthCard.App.Features.Keys;
using HealthCard.Chip.Apdu;
using HealthCard.Chip.Personalization;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Portal;

/// <summary>
/// The 安全码 AQM of a registry card, derived exactly as card personalization writes it into DDF1/EF05
/// (<see cref="CardPersonalizer"/>, ADR 007): the province's personalization keys from the key service, the card's keys
/// by <see cref="CardKeys.Derive"/> with its chip serial and city, and <see cref="SecurityCode.Compute"/> with the DDF1
/// maintenance key over card number ‖ serial ‖ expiry (yyyyMMdd). A card without a chip serial has no code (null): the
/// card keys are diversified by the chip, so no physical card and no printed code exist yet.
/// </summary>
public sealed class CardSecurityCodes(KeyService keys)
{
    public async Task<Result<string?>> ComputeAsync(Card card, string cardNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(cardNumber);
        if (card.ChipSerial is not { Length: >= 16 } chipSerial)
        {
            return Result<string?>.Success(null);
        }
        var fetched = await keys.PersonalizationKeysAsync(card.RegionCode[..2], cancellationToken);
        if (!fetched.IsSuccess)
        {
            return fetched.Error!;
        }
        using var province = fetched.Value;
        var derived = CardKeys.Derive(province.Masters, card.CityCode, Convert.FromHexString(chipSerial));
        try
        {
            var maintenance = derived.Single(k => k.Directory == 0xDDF1 && k.Reference == CardLayout.MaintenanceKeyDdf1).Value;
            return SecurityCode.Compute(maintenance, cardNumber, card.Serial, card.ExpiryDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }
        finally
        {
            foreach (var key in derived)
            {
                CryptographicOperations.ZeroMemory(key.Value);
            }
        }
    }
}
