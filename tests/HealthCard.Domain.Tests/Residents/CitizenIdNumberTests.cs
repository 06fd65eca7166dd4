using HealthCard.Domain.Residents;

namespace HealthCard.Domain.Tests.Residents;

public sealed class CitizenIdNumberTests
{
    // The GB 11643-1999 example number and hand-checked variants (ISO 7064 MOD 11-2).
    [Theory]
    [InlineData("11010519491231002X", "110105", "1949-12-31", 2, "2")]
    [InlineData("11010519491231002x", "110105", "1949-12-31", 2, "2")]
    [InlineData("13010519800101001X", "130105", "1980-01-01", 1, "1")]
    public void TryParse_ValidNumbers(string text, string address, string birth, int sequence, string gender)
    {
        CitizenIdNumber.TryParse(text, out var id).ShouldBe(CitizenIdNumber.Problem.None);
        id!.Value.ShouldBe(text.ToUpperInvariant());
        id.AddressCode.ShouldBe(address);
        id.BirthDate.ShouldBe(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture));
        id.Sequence.ShouldBe(sequence);
        id.Gender.ShouldBe(gender);
    }

    [Theory]
    [InlineData("110105194912310021", CitizenIdNumber.Problem.CheckCharacter)]
    [InlineData("11010519491231002", CitizenIdNumber.Problem.Format)]
    [InlineData("1101051949123100210", CitizenIdNumber.Problem.Format)]
    [InlineData("11010519491231A02X", CitizenIdNumber.Problem.Format)]
    [InlineData("11010519491231002Y", CitizenIdNumber.Problem.Format)]
    [InlineData(null, CitizenIdNumber.Problem.Format)]
    public void TryParse_RejectsMalformedNumbers(string? text, CitizenIdNumber.Problem expected)
    {
        CitizenIdNumber.TryParse(text, out var id).ShouldBe(expected);
        id.ShouldBeNull();
    }

    [Fact]
    public void TryParse_RejectsImpossibleBirthDateEvenWithAValidCheckCharacter()
    {
        const string First17 = "11010519490230002"; // 30 February
        var text = First17 + CitizenIdNumber.CheckCharacterOf(First17);

        CitizenIdNumber.TryParse(text, out _).ShouldBe(CitizenIdNumber.Problem.BirthDate);
    }

    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("13010519800101001", 'X')]
    [InlineData("44030819900307451", '6')]
    public void CheckCharacterOf_MatchesHandComputedValues(string first17, char expected)
    {
        CitizenIdNumber.CheckCharacterOf(first17).ShouldBe(expected);
    }
}
