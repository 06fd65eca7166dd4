using HealthCard.App.Regions;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;

namespace HealthCard.Domain.Tests.Residents;

public sealed class ResidentValidatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private readonly ResidentValidator _validator = new(RegionDirectory.Embedded);

    private static ResidentDraft Valid => new()
    {
        IdType = "01",
        IdNumber = "13010519800101001X",
        Name = "张三",
        Gender = "1",
        Ethnicity = "01",
        BirthDate = "1980-01-01",
        RegionCode = "130105",
    };

    [Fact]
    public void Validate_MinimalResident_Succeeds()
    {
        var result = _validator.Validate(Valid, Today);

        result.IsSuccess.ShouldBeTrue();
        result.Value.Profile.IdNumber.ShouldBe("13010519800101001X");
        result.Value.Warnings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("阿依古丽·买买提", true)] // the middle dot of minority names is in GBK
    [InlineData("一二三四五六七八九十一二三四五", true)] // 15 characters, 30 bytes
    [InlineData("一二三四五六七八九十一二三四五六", false)] // 16 characters
    [InlineData("\U00020000", false)] // CJK extension B: not in GBK
    [InlineData("张😀", false)]
    [InlineData("   ", false)]
    public void Validate_Name_Is1To15GbkCharactersOfAtMost30Bytes(string name, bool valid)
    {
        var result = _validator.Validate(Valid with { Name = name }, Today);

        result.IsSuccess.ShouldBe(valid);
        if (!valid)
        {
            ((ValidationFailed)result.Error!).Fields.Keys.ShouldBe(["name"]);
        }
    }

    [Fact]
    public void Validate_FutureBirthDateInId_IsRefused()
    {
        const string First17 = "13010520300101001";
        var id = First17 + CitizenIdNumber.CheckCharacterOf(First17);

        var result = _validator.Validate(Valid with { IdNumber = id, BirthDate = "2030-01-01" }, Today);

        ((ValidationFailed)result.Error!).Fields.Keys.ShouldBe(["birthDate", "idNumber"], ignoreOrder: true);
    }

    [Fact]
    public void Validate_OtherDocumentTypes_SkipTheCitizenIdRules()
    {
        var result = _validator.Validate(Valid with { IdType = "03", IdNumber = "E12345678", Gender = "2" }, Today);

        result.IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void Validate_ListsAndCodes_AreBounded()
    {
        var draft = Valid with
        {
            Phones = ["13800000000", "13800000001", "13800000002"],
            PaymentMethods = ["1", "1"],
            Tags = ["vip"],
            Education = "11",
            Health = new HealthDraft
            {
                Abo = "9",
                Flags = ["asthma", "flying"],
                Allergies = [new AllergyDraft("a", "b"), new AllergyDraft("c", "d"), new AllergyDraft("e", "f"), new AllergyDraft("g", "h")],
            },
        };

        var fields = ((ValidationFailed)_validator.Validate(draft, Today).Error!).Fields;

        fields.Keys.ShouldBe(["phones", "paymentMethods", "tags[0]", "education", "health.abo", "health.flags[1]", "health.allergies"], ignoreOrder: true);
        fields["phones"][0].Zh.ShouldContain("最多 2 项");
        fields["phones"][0].En.ShouldContain("At most 2");
    }

    [Fact]
    public void Validate_UnknownAddressCodeInId_GivesAWarning()
    {
        const string First17 = "13999919800101001";
        var id = First17 + CitizenIdNumber.CheckCharacterOf(First17);

        var result = _validator.Validate(Valid with { IdNumber = id }, Today);

        result.IsSuccess.ShouldBeTrue();
        result.Value.Warnings.Single().Code.ShouldBe(ResidentValidator.UnknownAddressCodeWarning);
    }
}
