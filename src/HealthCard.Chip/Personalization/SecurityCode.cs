using HealthCard.Crypto.Sm4;

namespace HealthCard.Chip.Personalization;

/// <summary>
/// 安全码 AQM (standard §1), the card's 3-digit check value printed for the holder (the portal's first sign-in uses it).
/// The algorithm is not public, so the project decides it here, in one place (D, ADR 007): the first 3 decimal digits of
/// SM4-CBC-MAC(card key, 卡号 ‖ 发卡序列号 ‖ 卡有效期), where the card key is the card's DDF1 maintenance key STKDDF1 (the
/// platform can derive it, a terminal SAM of types 1–3 cannot produce a MAC with it for a card it does not maintain), the
/// three values are ASCII, and the MAC's hex digits are decimalised the way payment CVVs are: digits 0–9 in order, then
/// A–F as 0–5.
/// </summary>
public static class SecurityCode
{
    public const int Length = 3;

    public static string Compute(ReadOnlySpan<byte> cardKey, string cardNumber, string cardSerial, string expiryDate)
    {
        ArgumentNullException.ThrowIfNull(cardNumber);
        ArgumentNullException.ThrowIfNull(cardSerial);
        ArgumentNullException.ThrowIfNull(expiryDate);
        var input = System.Text.Encoding.ASCII.GetBytes(cardNumber + cardSerial + expiryDate);
        var hex = Convert.ToHexString(Sm4Block.Mac(cardKey, input));
        var digits = hex.Where(char.IsAsciiDigit)
            .Concat(hex.Where(c => c is >= 'A' and <= 'F').Select(c => (char)('0' + (c - 'A'))))
            .Take(Length);
        return new string([.. digits]);
    }
}
