using HealthCard.App.Features.Portal;
using HealthCard.Domain.Common;

namespace HealthCard.App.Tests.Portal;

/// <summary>The portal's password policy, its hashes, and the account's security stamp (ADR 015, ADR 019).</summary>
public sealed class PortalAccountTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("abc12345", true)]
    [InlineData("Passw0rd!", true)]
    [InlineData("abcdefgh", false)]
    [InlineData("12345678", false)]
    [InlineData("ab1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("13010519800101001x", false)] // the card number itself
    public void Check_AcceptsOnlyEightOrMoreWithLettersAndDigits_AndNotTheCardNumber(string? password, bool valid)
    {
        var errors = new FieldErrors();

        PortalPasswords.Check(errors, "password", password, "13010519800101001X");

        errors.Any.ShouldBe(!valid);
    }

    [Fact]
    public void Check_RefusesOverMaxLength()
    {
        var errors = new FieldErrors();
        PortalPasswords.Check(errors, "password", new string('a', PortalPasswords.MaxLength) + "1", null);
        errors.Any.ShouldBeTrue();
    }

    [Fact]
    public void Hash_VerifiesOnlyTheSamePassword_AndIsSaltedPbkdf2()
    {
        var passwords = new PortalPasswords(new Microsoft.AspNetCore.Identity.PasswordHasher<PortalAccount>());
        var first = passwords.Hash("abc12345");
        var second = passwords.Hash("abc12345");

        first.ShouldNotBe(second); // salted
        Convert.FromBase64String(first)[0].ShouldBe((byte)0x01); // Identity format v3 (PBKDF2)
        passwords.Verify(first, "abc12345").ShouldBeTrue();
        passwords.Verify(first, "abc12346").ShouldBeFalse();
        first.ShouldNotContain("abc12345");
    }

    [Fact]
    public void SetPassword_GivesANewSecurityStamp_EveryTime()
    {
        var account = new PortalAccount();
        account.SetPassword("hash-1", Now);
        var first = account.SecurityStamp;
        account.SetPassword("hash-2", Now);

        first.Length.ShouldBe(32);
        account.SecurityStamp.ShouldNotBe(first);
        account.PasswordSetAt.ShouldBe(Now);
    }
}
