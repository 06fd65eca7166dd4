using HealthCard.App.Common;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Tests.Security;

/// <summary>ADR 017: what a caller without pii:read sees keeps nothing that narrows an ID number or a portal proof.</summary>
public sealed class MaskingTests
{
    [Theory]
    [InlineData("11010519491231002X", "******************")]
    [InlineData("E12345678", "*********")]
    public void IdNumber_KeepsNoCharacter(string value, string expected) => Masking.IdNumber(value).ShouldBe(expected);

    [Theory]
    [InlineData("13912345678", "139********")]
    [InlineData("0311-86001234", "031**********")]
    [InlineData("110", "***")]
    public void Phone_KeepsTheNetworkPrefix_NeverTheLastFour(string value, string expected) => Masking.Phone(value).ShouldBe(expected);

    [Fact]
    public void Disclosure_WithoutPii_HidesBirthDateHealthAndNumbers_AndWithPiiShowsThem()
    {
        var masked = Disclosure.For(new Caller("reader", "", new HashSet<string> { Scope.RegistryRead }, Channel.Api));
        var clear = Disclosure.For(new Caller("pii", "", new HashSet<string> { Scope.RegistryRead, Scope.PiiRead }, Channel.Api));
        var health = new HealthData { Abo = "1", Flags = ["diabetes"] };

        masked.BirthDate(new DateOnly(1949, 12, 31)).ShouldBeNull();
        masked.Health(health).ShouldBeNull();
        masked.Number("NCMS-0001").ShouldBeNull();
        masked.Contact(new Contact("欧阳娜娜", "1", "13800138000")).ShouldBe(new Contact("欧**", "1", "138********"));
        masked.Masked.ShouldBeTrue();
        clear.BirthDate(new DateOnly(1949, 12, 31)).ShouldBe(new DateOnly(1949, 12, 31));
        clear.Health(health).ShouldBe(health);
        clear.IdNumber("11010519491231002X").ShouldBe("11010519491231002X");
    }
}
