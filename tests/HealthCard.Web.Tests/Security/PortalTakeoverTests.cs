using System.Diagnostics;
using System.Globalization;
using HealthCard.App.Features.Portal;
using HealthCard.App.Security;
using HealthCard.TestKit;
using HealthCard.Web.Security;
using HealthCard.Web.Tests.Portal;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Security;

/// <summary>
/// Issue 14, findings 5, 6 (portal part) and 13 (portal limiter), as the attacks were made: through the real host's
/// forms, from chosen client addresses. Each test failed before the fix.
/// </summary>
public sealed class PortalTakeoverTests
{
    private const string Password = "abc12345";

    private static Dictionary<string, string> Proof(Holder holder, string password, string? code = null) => new()
    {
        ["Input.CardNumber"] = holder.CardNumber,
        ["Input.CardSerial"] = holder.Serial,
        ["Input.SecurityCode"] = code ?? holder.SecurityCode,
        ["Input.Phone"] = holder.Phone,
        ["Input.Password"] = password,
    };

    private static Dictionary<string, string> Login(Holder holder, string password) => new()
    {
        ["Input.CardNumber"] = holder.CardNumber,
        ["Input.Password"] = password,
    };

    private static string Wrong(string code, int i) =>
        ((int.Parse(code, CultureInfo.InvariantCulture) + 1 + i) % 1000).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Finding 5 and 13: each new address used to get a fresh allowance for guessing the 3-digit code.</summary>
    [Fact]
    public async Task GuessingTheSecurityCode_FromAFreshAddressEachTime_IsSlowedDownPerCard()
    {
        await using var world = await PortalWorld.StartAsync(TestDatabase.Sqlite);
        var holder = await world.HolderAsync();

        var answers = new List<FormAnswer>();
        for (var i = 0; i < SignInThrottling.PortalProofCard.FreeFailures; i++)
        {
            answers.Add(await new FormClient(world.Host, $"203.0.113.{i + 1}").PostFormAsync("/portal/activate", "portal-activate",
                Proof(holder, "takeover2026", Wrong(holder.SecurityCode, i))));
        }
        // Even the right proof, from yet another address, now waits: the count is the card's, not the address's.
        var right = await new FormClient(world.Host, "198.51.100.7").PostFormAsync("/portal/activate", "portal-activate", Proof(holder, "takeover2026"));
        world.Clock.Advance(SignInThrottling.PortalProofCard.FirstDelay);
        var later = await new FormClient(world.Host, "198.51.100.8").PostFormAsync("/portal/activate", "portal-activate", Proof(holder, "owner2026pw"));

        answers.ShouldAllBe(a => a.Status == 200 && a.Body.Contains("不符"));
        right.Status.ShouldBe(200);
        right.Body.ShouldContain("尝试次数过多");
        later.RedirectsTo("/portal").ShouldBeTrue($"{later.Status} {later.Location}");
    }

    /// <summary>Finding 5: the proof used to reset the password while the victim's session went on, even after a restart.</summary>
    [Fact]
    public async Task AResetWithTheProof_EndsTheVictimsOtherSessions()
    {
        await using var world = await PortalWorld.StartAsync(TestDatabase.Sqlite);
        var holder = await world.HolderAsync();
        var victim = new FormClient(world.Host, "192.0.2.10");
        (await victim.PostFormAsync("/portal/activate", "portal-activate", Proof(holder, Password))).RedirectsTo("/portal").ShouldBeTrue();
        (await victim.GetAsync("/portal")).Status.ShouldBe(200);

        var attacker = new FormClient(world.Host, "203.0.113.66");
        (await attacker.PostFormAsync("/portal/activate", "portal-activate", Proof(holder, "attacker2026"))).RedirectsTo("/portal").ShouldBeTrue();

        var afterReset = await victim.GetAsync("/portal");
        afterReset.Status.ShouldBe(302);
        afterReset.Location.ShouldNotBeNull().ShouldContain("/portal/login");
        (await attacker.GetAsync("/portal")).Status.ShouldBe(200, "the session that made the reset goes on");
        // The resident takes the account back the same way, which ends the attacker's session too.
        (await victim.PostFormAsync("/portal/activate", "portal-activate", Proof(holder, "mine2026again"))).RedirectsTo("/portal").ShouldBeTrue();
        (await attacker.GetAsync("/portal")).Status.ShouldBe(302);
    }

    /// <summary>Finding 5: failed activation guesses used to lock the account, so the resident could not sign in.</summary>
    [Fact]
    public async Task FailedActivationGuesses_DoNotBlockThePasswordSignIn()
    {
        await using var world = await PortalWorld.StartAsync(TestDatabase.Sqlite);
        var holder = await world.HolderAsync();
        (await world.SetPasswordAsync(holder, Password)).IsSuccess.ShouldBeTrue();
        for (var i = 0; i < 12; i++)
        {
            await new FormClient(world.Host, $"203.0.113.{i + 1}").PostFormAsync("/portal/activate", "portal-activate",
                Proof(holder, "takeover2026", Wrong(holder.SecurityCode, i)));
        }

        var resident = await new FormClient(world.Host, "192.0.2.20").PostFormAsync("/portal/login", "portal-login", Login(holder, Password));

        resident.RedirectsTo("/portal").ShouldBeTrue($"{resident.Status} {resident.Location}");
    }

    /// <summary>
    /// Finding 5 and 13: wrong passwords from many addresses used to lock the account for everyone; now the account-wide
    /// count (independent of the address) slows down new browsers, but the resident's own browser still signs in.
    /// </summary>
    [Fact]
    public async Task WrongPasswordsFromManyAddresses_SlowDownNewBrowsers_ButNotTheResidentsOwn()
    {
        await using var world = await PortalWorld.StartAsync(TestDatabase.Sqlite);
        var holder = await world.HolderAsync();
        var resident = new FormClient(world.Host, "192.0.2.30");
        (await resident.PostFormAsync("/portal/activate", "portal-activate", Proof(holder, Password))).RedirectsTo("/portal").ShouldBeTrue();
        resident.Cookies.Keys.ShouldContain(DeviceCookies.PortalCookie);
        resident.Forget(ConsoleSecurity.PortalCookie); // signed out; the device cookie stays

        for (var address = 0; address < 4; address++)
        {
            for (var i = 0; i < 3; i++)
            {
                await new FormClient(world.Host, $"203.0.113.{address + 1}").PostFormAsync("/portal/login", "portal-login", Login(holder, $"guess{address}{i}pw"));
            }
        }
        var newBrowser = await new FormClient(world.Host, "198.51.100.9").PostFormAsync("/portal/login", "portal-login", Login(holder, Password));
        var own = await resident.PostFormAsync("/portal/login", "portal-login", Login(holder, Password));

        newBrowser.Body.ShouldContain("尝试次数过多");
        own.RedirectsTo("/portal").ShouldBeTrue($"{own.Status} {own.Location}");
    }

    /// <summary>
    /// Finding 6: /portal/activate answered a known card in 6–11 ms and an unknown one in 55–80 ms. Both now do the same
    /// work (one password hash, counted through the real hasher) and take about the same time.
    /// </summary>
    [Fact]
    public async Task Activate_KnownAndUnknownCards_DoTheSameWork_AndTakeAboutTheSameTime()
    {
        var hasher = new CountingHasher<PortalAccount>();
        await using var world = await PortalWorld.StartAsync(TestDatabase.Sqlite, s => s.AddSingleton<IPasswordHasher<PortalAccount>>(hasher));
        var holder = await world.HolderAsync();
        var unknown = holder with { CardNumber = IdNumbers.Next() };
        async Task<(long Calls, TimeSpan Took)> TryAsync(Holder target)
        {
            await world.WithDbAsync(db => db.AttemptCounters.ExecuteDeleteAsync());
            var before = hasher.Calls;
            var watch = Stopwatch.StartNew();
            var answer = await world.SetPasswordAsync(target, "guess2026pw", securityCode: Wrong(holder.SecurityCode, 0));
            watch.Stop();
            answer.Error.ShouldBe(PortalErrors.VerificationFailed);
            return (hasher.Calls - before, watch.Elapsed);
        }
        await TryAsync(holder); // warm up both paths
        await TryAsync(unknown);

        var known = new List<(long Calls, TimeSpan Took)>();
        var notKnown = new List<(long Calls, TimeSpan Took)>();
        for (var i = 0; i < 9; i++)
        {
            known.Add(await TryAsync(holder));
            notKnown.Add(await TryAsync(unknown));
        }

        known.ShouldAllBe(k => k.Calls == 1);
        notKnown.ShouldAllBe(k => k.Calls == 1);
        Timing.Ratio(known.Select(k => k.Took), notKnown.Select(k => k.Took)).ShouldBeLessThan(2.5);
    }

    /// <summary>Finding 8 (portal part): failed attempts were recorded with the outcome "success".</summary>
    [Fact]
    public async Task FailedPortalAttempts_AreAuditedAsFailures()
    {
        await using var world = await PortalWorld.StartAsync(TestDatabase.Sqlite);
        var holder = await world.HolderAsync();
        (await world.SetPasswordAsync(holder, Password, securityCode: Wrong(holder.SecurityCode, 0))).Error.ShouldBe(PortalErrors.VerificationFailed);
        (await world.SetPasswordAsync(holder, Password)).IsSuccess.ShouldBeTrue();
        (await world.SignInAsync(holder.CardNumber, "nottheone1")).Error.ShouldBe(PortalErrors.SignInFailed);

        var audit = await world.AuditAsync(holder.ResidentId.ToString());

        audit.Select(a => (a.Action, a.Outcome)).ShouldBe([
            ("portal.password_set", "portal.verification_failed"),
            ("portal.password_set", "success"),
            ("portal.sign_in", "portal.sign_in_failed"),
        ]);
    }
}

/// <summary>The real password hasher, counting its calls: proof that every path does the same expensive work.</summary>
internal sealed class CountingHasher<T> : IPasswordHasher<T>
    where T : class
{
    private readonly PasswordHasher<T> _inner = new();
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    public string HashPassword(T user, string password)
    {
        Interlocked.Increment(ref _calls);
        return _inner.HashPassword(user, password);
    }

    public PasswordVerificationResult VerifyHashedPassword(T user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _calls);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>A loose timing comparison for a loaded 2-core machine: the ratio of the two medians, larger over smaller.</summary>
internal static class Timing
{
    public static double Ratio(IEnumerable<TimeSpan> a, IEnumerable<TimeSpan> b)
    {
        var (x, y) = (Median(a), Median(b));
        return Math.Max(x, y) / Math.Max(Math.Min(x, y), 0.001);
    }

    private static double Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
