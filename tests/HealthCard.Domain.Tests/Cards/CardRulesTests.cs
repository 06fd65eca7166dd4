using HealthCard.Domain.Cards;

namespace HealthCard.Domain.Tests.Cards;

public sealed class CardRulesTests
{
    [Theory]
    [InlineData("6222020200112345679", true)]
    [InlineData("6222020200112345670", false)]
    [InlineData("4111111111111111", true)]
    [InlineData("411111111111", false)] // too short
    [InlineData("41111111111111a1", false)]
    public void BankCardNumber_IsLuhnChecked(string number, bool valid)
    {
        CardRules.IsValidBankCardNumber(number).ShouldBe(valid);
    }

    [Fact]
    public void Serial_IsProvincePlusEightDigits()
    {
        CardRules.Serial("13", 42).ShouldBe("1300000042");
        Should.Throw<ArgumentOutOfRangeException>(() => CardRules.Serial("13", 100_000_000));
        Should.Throw<ArgumentException>(() => CardRules.Serial("1", 1));
    }

    [Fact]
    public void CityCode_IsTheCountysCity()
    {
        CardRules.CityCodeOf("130105").ShouldBe("130100");
    }
}
