using System.CommandLine;
using HealthCard.App.Common;
using HealthCard.App.Features.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard users create --name N --role R --region C --password P [--no-change-required]</c> and <c>hcard users list</c>:
/// console accounts, through the same use case as the console's 系统管理 page.
/// </summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The sign-in name (letters, digits, . _ -)", Required = true };
        var role = new Option<string>("--role") { Description = string.Join(", ", StaffRoles.All), Required = true };
        var region = new Option<string?>("--region") { Description = "2-, 4- or 6-digit region code; omit for national_admin" };
        var password = new Option<string>("--password") { Description = "The first password", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "The person's name as shown in the console" };
        var noChange = new Option<bool>("--no-change-required") { Description = "Do not force a password change at the first sign-in" };
        var create = new Command("create", "Create a console account") { name, role, region, password, displayName, noChange };
        create.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(CliHost.Operator,
                new StaffAccountRequest(parse.GetValue(name), parse.GetValue(role), parse.GetValue(region) ?? "", parse.GetValue(password),
                    parse.GetValue(displayName), !parse.GetValue(noChange)), cancellationToken);
            return Output.Result(created, user => Console.WriteLine(
                $"{user.UserName}: {user.Role}, region {Output.Region(user.RegionScope)}" +
                (user.MustChangePassword ? ", must change the password at first sign-in" : "")));
        });
        var search = new Option<string?>("--search") { Description = "Part of a user name or display name" };
        var list = new Command("list", "List console accounts") { search };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var page = await scope.ServiceProvider.GetRequiredService<StaffAccounts>()
                .ListAsync(CliHost.Operator, parse.GetValue(search), new PageRequest(1, PageRequest.MaxSize), cancellationToken);
            if (!page.IsSuccess)
            {
                Console.Error.WriteLine(page.Error!.Message.En);
                return 1;
            }
            foreach (var user in page.Value.Items)
            {
                Console.WriteLine($"{user.UserName}\t{user.Role}\t{Output.Region(user.RegionScope)}\t{(user.LockedOut ? "locked" : "active")}");
            }
            return 0;
        });
        return new Command("users", "Console accounts") { create, list };
    }
}
