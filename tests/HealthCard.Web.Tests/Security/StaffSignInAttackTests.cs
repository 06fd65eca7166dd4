using System.Diagnostics;
using HealthCard.App.Common;
using HealthCard.App.Features.Staff;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Security;

/// <summary>
/// Issue 14, findings 6 (staff part), 7 and 13 (password policy, change-password failures), as the attacks were made:
/// the console's sign-in form through the real host, from chosen client addresses.
/// </summary>
public sealed class StaffSignInAttackTests
{
    private const string AdminPassword = "tea-kettle-4-two";

    private static Dictionary<string, string> Login(string name, string password) => new()
    {
        ["Input.UserName"] = name,
        ["Input.Password"] = password,
    };

    private static async Task<HealthCardHost> WithAdminAsync(Action<IServiceCollection>? services = null)
    {
        var host = await Hosts.StartAsync(TestDatabase.Sqlite, services: services);
        await using var scope = host.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(Caller.System,
            new StaffAccountRequest("admin", StaffRoles.NationalAdmin, "", AdminPassword, "管理员", MustChangePassword: false), CancellationToken.None);
        created.IsSuccess.ShouldBeTrue(created.Error?.ToString());
        return host;
    }

    /// <summary>Finding 7: five wrong passwords from anywhere used to lock any account, the administrator's included.</summary>
    [Fact]
    public async Task WrongPasswordsFromAnywhere_CannotLockTheAdministratorOut()
    {
        await using var host = await WithAdminAsync();
        for (var address = 0; address < 3; address++)
        {
            var attacker = new FormClient(host, $"203.0.113.{address + 1}");
            for (var i = 0; i < 6; i++)
            {
                await attacker.PostFormAsync("/account/login", "login", Login("admin", $"guess-{address}-{i}-pw"));
            }
        }

        var admin = await new FormClient(host, "192.0.2.1").PostFormAsync("/account/login", "login", Login("admin", AdminPassword));

        admin.RedirectsTo("/").ShouldBeTrue($"{admin.Status} {admin.Location}");
        await host.WithDbAsync(async db => (await db.StaffUsers.SingleAsync(u => u.UserName == "admin")).LockoutEnd.ShouldBeNull());
    }

    /// <summary>Finding 7: one address could guess without any slowing down; now it waits after five failures.</summary>
    [Fact]
    public async Task GuessingFromOneAddress_IsSlowedDown_ForRealAndMadeUpNames()
    {
        await using var host = await WithAdminAsync();
        var attacker = new FormClient(host, "203.0.113.50");
        var answers = new List<FormAnswer>();
        for (var i = 0; i < SignInThrottling.StaffSignInPair.FreeFailures; i++)
        {
            answers.Add(await attacker.PostFormAsync("/account/login", "login", Login("admin", $"guess-{i}-password")));
        }
        var right = await attacker.PostFormAsync("/account/login", "login", Login("admin", AdminPassword));
        var sprayer = new FormClient(host, "203.0.113.51");
        for (var i = 0; i < SignInThrottling.StaffSignInSource.FreeFailures; i++)
        {
            await sprayer.PostFormAsync("/account/login", "login", Login($"nobody{i}", "some-password-1"));
        }
        var sprayed = await sprayer.PostFormAsync("/account/login", "login", Login("nobody-else", "some-password-1"));

        answers.Take(4).ShouldAllBe(a => a.Body.Contains("用户名或密码不正确"));
        answers[^1].Body.ShouldContain("稍后再试");
        right.Body.ShouldContain("稍后再试");
        right.SetCookies.ShouldNotContain(c => c.StartsWith("hc.console=", StringComparison.Ordinal));
        sprayed.Body.ShouldContain("稍后再试");
    }

    /// <summary>Finding 7: every attempt, made-up names included, wrote an audit entry under the node's write lock.</summary>
    [Fact]
    public async Task FailedSignIns_DoNotFloodTheAuditChain()
    {
        await using var host = await WithAdminAsync();
        long before = 0;
        await host.WithDbAsync(async db => before = await db.AuditEntries.LongCountAsync());
        for (var i = 0; i < 30; i++)
        {
            await new FormClient(host, $"203.0.113.{i + 1}").PostFormAsync("/account/login", "login", Login($"made-up-{i}", "some-password-1"));
        }
        var guesser = new FormClient(host, "198.51.100.1");
        for (var i = 0; i < 4; i++)
        {
            await guesser.PostFormAsync("/account/login", "login", Login("admin", $"guess-{i}-password"));
        }

        await host.WithDbAsync(async db =>
        {
            var written = await db.AuditEntries.Where(a => a.Action == "staff.sign_in").Select(a => a.Outcome).ToListAsync();
            written.ShouldBe(["auth.failed"], "34 failures, one entry: the real account's first failure from that address");
            (await db.AuditEntries.LongCountAsync()).ShouldBe(before + 1);
        });
    }

    /// <summary>Finding 6: unknown user names were answered in ~3 ms, real ones in ~60 ms.</summary>
    [Fact]
    public async Task UnknownAndRealNames_DoTheSameWork_AndTakeAboutTheSameTime()
    {
        var hasher = new CountingHasher<StaffUser>();
        await using var host = await WithAdminAsync(s => s.AddSingleton<IPasswordHasher<StaffUser>>(hasher));
        var address = 0;
        async Task<(long Calls, TimeSpan Took)> TryAsync(string name)
        {
            var client = new FormClient(host, $"10.1.{address / 250}.{address++ % 250 + 1}");
            await client.GetAsync("/account/login");
            var before = hasher.Calls;
            var watch = Stopwatch.StartNew();
            var answer = await client.PostFormAsync("/account/login", "login", Login(name, "not-the-password-1"));
            watch.Stop();
            answer.Body.ShouldContain("用户名或密码不正确");
            return (hasher.Calls - before, watch.Elapsed);
        }
        await TryAsync("admin");
        await TryAsync("nobody-at-all");

        var real = new List<(long Calls, TimeSpan Took)>();
        var unknown = new List<(long Calls, TimeSpan Took)>();
        for (var i = 0; i < 9; i++)
        {
            real.Add(await TryAsync("admin"));
            unknown.Add(await TryAsync($"nobody-{i}"));
        }

        real.ShouldAllBe(r => r.Calls == 1);
        unknown.ShouldAllBe(r => r.Calls == 1);
        Timing.Ratio(real.Select(r => r.Took), unknown.Select(r => r.Took)).ShouldBeLessThan(2.5);
    }

    /// <summary>Finding 13: the staff policy accepted <c>password12</c>.</summary>
    [Theory]
    [InlineData("password12")]
    [InlineData("password1234")]
    [InlineData("Admin@20262026")]
    [InlineData("qwertyuiop123")]
    public async Task CommonPasswords_AreRefused(string password)
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        await using var scope = host.Services.CreateAsyncScope();

        var created = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(Caller.System,
            new StaffAccountRequest("clerk.weak", StaffRoles.CardOperator, "1301", password), CancellationToken.None);

        created.Error.ShouldBeOfType<ValidationFailed>().Fields.Keys.ShouldContain("password");
    }

    /// <summary>Finding 13: wrong current passwords on the password change did not count at all.</summary>
    [Fact]
    public async Task WrongCurrentPasswords_OnTheChange_AreCounted_AndEndTheSessions()
    {
        await using var host = await WithAdminAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var admin = (await users.FindByNameAsync("admin"))!;
        var stamp = admin.SecurityStamp;
        var session = new Caller("admin", "", Scope.All.ToHashSet(), Domain.Common.Channel.Console);

        var wrong = new List<Error?>();
        for (var i = 0; i < SignInThrottling.StaffChangePassword.FreeFailures; i++)
        {
            wrong.Add((await accounts.ChangeOwnPasswordAsync(session, admin.Id, $"guess-{i}-password", "a-new-kettle-42", CancellationToken.None)).Error);
        }
        var right = await accounts.ChangeOwnPasswordAsync(session, admin.Id, AdminPassword, "a-new-kettle-42", CancellationToken.None);

        wrong.Take(4).ShouldAllBe(e => e is ValidationFailed);
        wrong[^1].ShouldBe(StaffAccounts.Throttled);
        right.Error.ShouldBe(StaffAccounts.Throttled);
        await host.WithDbAsync(async db => (await db.StaffUsers.AsNoTracking().SingleAsync(u => u.UserName == "admin")).SecurityStamp.ShouldNotBe(stamp));
    }
}
