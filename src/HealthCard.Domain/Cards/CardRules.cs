using HealthCard.Domain.Common;

namespace HealthCard.Domain.Cards;

/// <summary>Formats and checks of card numbers (standard §1).</summary>
public static class CardRules
{
    /// <summary>
    /// 发卡序列号 (ans10). Standard §1 marks the format D: the project decides 2-digit province code followed by an
    /// 8-digit sequence, so serials are unique nationwide without coordination between provinces.
    /// </summary>
    public static string Serial(string provinceCode, long sequence)
    {
        if (provinceCode.Length != 2 || !provinceCode.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A province code has two digits.", nameof(provinceCode));
        }
        if (sequence is < 1 or > 99_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), "The serial sequence has eight digits.");
        }
        return provinceCode + sequence.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="serial"/> is one <see cref="Serial"/> can make: two province digits, then a sequence of eight digits from 00000001.</summary>
    public static bool IsValidSerial(string? serial) =>
        serial is { Length: 10 } && serial.All(char.IsAsciiDigit) && serial.AsSpan(2).IndexOfAnyExcept('0') >= 0;

    /// <summary>
    /// How long a physical card is valid (卡有效期). The resident's card number is for life, but the chip is not;
    /// the standard leaves the period open, so the project decides (D) ten years, configurable by the platform.
    /// </summary>
    public const int DefaultValidityYears = 10;

    /// <summary>Application city code (应用城市代码): the 6-digit GB/T 2260 city code of a county code.</summary>
    public static string CityCodeOf(string countyCode) => string.Concat(countyCode.AsSpan(0, 4), "00");

    /// <summary>The Luhn check of bank card numbers (GB/T 14504), 13 to 19 digits.</summary>
    public static bool IsValidBankCardNumber(string? number)
    {
        if (number is null || number.Length is < 13 or > 19 || !number.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var digit = number[number.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /// <summary>发卡机构代码: cn11, up to 22 digits.</summary>
    public static bool IsValidIssuerCode(string? code) => code is { Length: >= 1 and <= 22 } && code.All(char.IsAsciiDigit);

    /// <summary>The chip serial from the card's answer to reset: hex, 8 to 16 bytes (the first 8 are the diversifier).</summary>
    public static bool IsValidChipSerial(string? serial) =>
        serial is { Length: >= 16 and <= 32 } && serial.Length % 2 == 0 && serial.All(char.IsAsciiHexDigit);

    public static Error? ValidateIssue(string? issuerCode, string? bankCardNumber, string? chipSerial)
    {
        var errors = new FieldErrors();
        if (!IsValidIssuerCode(issuerCode))
        {
            errors.Add("issuerCode", "发卡机构代码应为 1–22 位数字", "The issuer code has 1–22 digits");
        }
        if (bankCardNumber is not null && !IsValidBankCardNumber(bankCardNumber))
        {
            errors.Add("bankCardNumber", "银行卡号应为 13–19 位数字且通过 Luhn 校验", "A bank card number has 13–19 digits and passes the Luhn check");
        }
        if (chipSerial is not null && !IsValidChipSerial(chipSerial))
        {
            errors.Add("chipSerial", "芯片序列号应为 16–32 位十六进制字符", "The chip serial is 16–32 hex characters");
        }
        return errors.Any ? errors.ToError("card.invalid") : null;
    }
}
