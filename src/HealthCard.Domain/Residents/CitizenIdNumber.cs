using System.Globalization;

namespace HealthCard.Domain.Residents;

/// <summary>
/// The 18-character citizen ID number of GB 11643 (standard §1): a 6-digit GB/T 2260 address code, the birth date
/// YYYYMMDD, a 3-digit sequence (odd = male, even = female) and an ISO 7064 MOD 11-2 check character.
/// </summary>
public sealed record CitizenIdNumber(string Value, string AddressCode, DateOnly BirthDate, int Sequence)
{
    public const int Length = 18;

    // ISO 7064 MOD 11-2 weights for positions 1..17 (standard §1).
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>The gender code (GB/T 2261.1) implied by the sequence: odd is male (1), even is female (2).</summary>
    public string Gender => Sequence % 2 == 1 ? "1" : "2";

    public enum Problem
    {
        None,
        Format,
        CheckCharacter,
        BirthDate,
    }

    /// <summary>Parses and checks an ID number. A lower-case 'x' is accepted and normalised to 'X'.</summary>
    public static Problem TryParse(string? text, out CitizenIdNumber? id)
    {
        id = null;
        if (text is null || text.Length != Length)
        {
            return Problem.Format;
        }
        Span<char> chars = stackalloc char[Length];
        text.AsSpan().CopyTo(chars);
        if (chars[17] == 'x')
        {
            chars[17] = 'X';
        }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(chars[i]))
            {
                return Problem.Format;
            }
        }
        if (!char.IsAsciiDigit(chars[17]) && chars[17] != 'X')
        {
            return Problem.Format;
        }
        if (CheckCharacterOf(chars[..17]) != chars[17])
        {
            return Problem.CheckCharacter;
        }
        if (!DateOnly.TryParseExact(chars.Slice(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth))
        {
            return Problem.BirthDate;
        }
        var value = new string(chars);
        id = new CitizenIdNumber(value, value[..6], birth, int.Parse(value.AsSpan(14, 3), CultureInfo.InvariantCulture));
        return Problem.None;
    }

    /// <summary>The ISO 7064 MOD 11-2 check character for the first 17 digits.</summary>
    public static char CheckCharacterOf(ReadOnlySpan<char> first17Digits)
    {
        if (first17Digits.Length != 17)
        {
            throw new ArgumentException("Exactly 17 digits are needed.", nameof(first17Digits));
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17Digits[i] - '0') * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }
}
