using System.Globalization;
using HealthCard.Domain.Residents;

namespace HealthCard.TestKit;

/// <summary>Valid, unique citizen ID numbers for tests (synthetic: real check characters, invented people).</summary>
public static class IdNumbers
{
    private static int _next = Random.Shared.Next(0, 500_000);

    /// <summary>A fresh valid number in <paramref name="county"/>; the sequence's parity follows <paramref name="male"/>.</summary>
    public static string Next(string county = "130105", bool male = true)
    {
        var n = Interlocked.Increment(ref _next);
        var birth = new DateOnly(1950, 1, 1).AddDays(n / 450 % 20_000);
        var sequence = n % 450 * 2 + (male ? 1 : 2);
        return Build(county, birth, sequence);
    }

    public static string Build(string county, DateOnly birth, int sequence)
    {
        var first17 = county + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        return first17 + CitizenIdNumber.CheckCharacterOf(first17);
    }

    /// <summary>The birth date (yyyy-MM-dd) and gender code an ID number implies.</summary>
    public static (string BirthDate, string Gender) Facts(string idNumber)
    {
        CitizenIdNumber.TryParse(idNumber, out var id).ShouldBeNone();
        return (id!.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), id.Gender);
    }

    private static void ShouldBeNone(this CitizenIdNumber.Problem problem)
    {
        if (problem != CitizenIdNumber.Problem.None)
        {
            throw new InvalidOperationException($"The test ID number is invalid: {problem}");
        }
    }
}
