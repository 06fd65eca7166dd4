using HealthCard.App.Common;

namespace HealthCard.App.Tests.Security;

public sealed class MaskingTests
{
    [Theory]
    [InlineData("11010519491231002X", "110105********002X")]
    [InlineData("E12345678", "*********")]
    public void IdNumber_KeepsAddressCodeAndLastFour(string value, string expected) => Masking.IdNumber(value).ShouldBe(expected);

    [Theory]
    [InlineData("13912345678", "139****5678")]
    [InlineData("0311-86001234", "031******1234")]
    [InlineData("110", "***")]
    public void Phone_KeepsFirstThreeAndLastFour(string value, string expected) => Masking.Phone(value).ShouldBe(expected);
}
