using HealthCard.App.Features.Portal;
using HealthCard.Domain.Common;

namespace HealthCard.App.Tests.Portal;

/// <summary>The portal's password policy, its hashes, and the lockout arithmetic of an account (ADR 015).</summary>
public sealed class PortalAccountTests
{
    private static readonly PortalOptions Options = new();
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
        var first = PortalPasswords.Hash("abc12345");
        var second = PortalPasswords.Hash("abc12345");

        first.ShouldNotBe(second); // salted
        Convert.FromBase64String(first)[0].ShouldBe((byte)0x01); // Identity format v3 (PBKDF2)
        PortalPasswords.Verify(first, "abc12345").ShouldBeTrue();
        PortalPasswords.Verify(first, "abc12346").ShouldBeFalse();
        first.ShouldNotContain("abc12345");
    }

    [Fact]
    public void RecordFailure_LocksAtTheMaximum_ForTheLockoutPeriod_ThenCountsAgain()
    {
        var account = new PortalAccount();
        for (var i = 1; i < Options.MaxFailedAttempts; i++)
        {
            account.RecordFailure(Now, Options);
            account.IsLocked(Now).ShouldBeFalse($"after {i} failures");
        }

        account.RecordFailure(Now, Options);

        account.IsLocked(Now).ShouldBeTrue();
        account.IsLocked(Now + Options.LockoutPeriod - TimeSpan.FromSeconds(1)).ShouldBeTrue();
        account.IsLocked(Now + Options.LockoutPeriod).ShouldBeFalse();
        account.RecordFailure(Now + Options.LockoutPeriod, Options);
        account.FailedAttempts.ShouldBe(1);
        account.IsLocked(Now + Options.LockoutPeriod).ShouldBeFalse();
        account.RecordSuccess();
        account.FailedAttempts.ShouldBe(0);
    }
}
