using HealthCard.App.Features.Staff;
using HealthCard.App.Security;

namespace HealthCard.App.Tests.Security;

/// <summary>The back-off arithmetic and the staff password policy (ADR 019).</summary>
public sealed class SignInPolicyTests
{
    [Fact]
    public void DelayAfter_BlocksFromTheFreeCount_DoublingToTheCap()
    {
        var policy = SignInThrottling.StaffSignInPair;

        Enumerable.Range(0, 5).Select(policy.DelayAfter).ShouldBe([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero]);
        policy.DelayAfter(5).ShouldBe(TimeSpan.FromMinutes(15));
        policy.DelayAfter(6).ShouldBe(TimeSpan.FromMinutes(30));
        policy.DelayAfter(11).ShouldBe(TimeSpan.FromMinutes(15 * 64));
        policy.DelayAfter(12).ShouldBe(TimeSpan.FromDays(1));
        policy.DelayAfter(10_000).ShouldBe(TimeSpan.FromDays(1));
        policy.ForgetAfter.ShouldBeGreaterThan(policy.MaxDelay, "waiting out a block must not restore the free attempts");
    }

    [Fact]
    public void PortalProof_TakesYearsToGuessAThreeDigitCode_EvenIfTheSerialWereKnown()
    {
        // The worst case of ADR 019: only the security code is unknown (1,000 values, 500 guesses expected).
        var policy = SignInThrottling.PortalProofCard;
        var elapsed = TimeSpan.Zero;
        for (var failures = 1; failures < 500; failures++)
        {
            elapsed += policy.DelayAfter(failures);
        }

        (elapsed.TotalDays / 365).ShouldBeGreaterThan(1.3);
    }

    [Theory]
    [InlineData("password12", true)]
    [InlineData("password1234", true)]
    [InlineData("Password@2026", true)]
    [InlineData("admin_admin_2026", true)]
    [InlineData("qwertyuiop123", true)]
    [InlineData("123456789012", true)]
    [InlineData("!!2026woaini!!", true)]
    [InlineData("healthcard2026", true)]
    [InlineData("browser-test-2026", false)]
    [InlineData("a-better-secret-42", false)]
    [InlineData("kq7m2xt9rb4w", false)]
    public void IsCommon_RefusesListedWordsWithDigitsAroundThem(string password, bool common) =>
        StaffPasswordPolicy.IsCommon(password).ShouldBe(common);

    [Theory]
    [InlineData("password12", false)] // short and common
    [InlineData("longbutonlyletters", false)] // one kind of character
    [InlineData("ops.zhang-2026x", false)] // contains the user name
    [InlineData("tea-kettle-4-two", true)]
    public async Task Validate_AppliesKindsCommonnessAndUserName(string password, bool valid)
    {
        var options = new Microsoft.AspNetCore.Identity.IdentityOptions();
        StaffIdentity.Configure(options);
        var result = await new StaffPasswordPolicy().ValidateAsync(null!, new StaffUser { UserName = "ops.zhang" }, password);

        (result.Succeeded && password.Length >= options.Password.RequiredLength).ShouldBe(valid);
    }
}
