namespace HealthCard.Cli.Tests;

/// <summary>The README's and the guide's console-account commands, typed as documented, on a fresh database.</summary>
public sealed class UserCommandTests
{
    [Fact]
    public async Task UsersCreate_ThenList_AsTheReadmeTypesThem()
    {
        using var folder = new HcardFolder("hcard-users-");
        var created = await folder.RunAsync("users", "create", "--name", "zhang.san", "--role", "card_operator", "--region", "130102",
            "--password", "Chang-An-2026!x");
        created.ExitCode.ShouldBe(0, created.Output + created.Error);
        created.Output.ShouldContain("zhang.san");

        var listed = await folder.RunAsync("users", "list");
        listed.ExitCode.ShouldBe(0, listed.Output + listed.Error);
        listed.Output.ShouldContain("zhang.san");
        listed.Output.ShouldContain("card_operator");

        // The same name again is refused with a clear message, and nothing changes.
        var again = await folder.RunAsync("users", "create", "--name", "zhang.san", "--role", "card_operator", "--region", "130102",
            "--password", "Chang-An-2026!x");
        again.ExitCode.ShouldNotBe(0);
        (again.Output + again.Error).ShouldNotContain("Unhandled exception");
    }
}
