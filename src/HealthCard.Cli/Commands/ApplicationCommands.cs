using System.CommandLine;
using HealthCard.App.Common;
using HealthCard.App.Features.Applications;
using HealthCard.Domain.Applications;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard applications …</c>: card applications (申领) entered and reviewed at the command line, through the same use
/// cases as <c>/api/v1/card-applications</c>. Exit codes: 0 done, 2 refused or bad input.
/// </summary>
internal static class ApplicationCommands
{
    public static Command Create()
    {
        var applications = new Command("applications", "Card applications: submit, review, list (居民健康卡申领)");
        applications.Subcommands.Add(SubmitCommand());
        applications.Subcommands.Add(ReviewCommand());
        applications.Subcommands.Add(ListCommand());
        return applications;
    }

    /// <summary>
    /// <c>--as-region</c>: the region the operator acts for. The command line acts nationally by default, but a review is
    /// made at a level (county first, then city or above), so the reviewer names the region they review for.
    /// </summary>
    public static Option<string?> AsRegionOption() => new("--as-region") { Description = "Act for this region (6-digit county, 4-digit city, 2-digit province)" };

    public static Caller CallerFor(ParseResult parse, Option<string?> asRegion)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(asRegion) is { Length: > 0 } region ? CliHost.Operator with { RegionScope = region } : CliHost.Operator;
    }

    private static Command SubmitCommand()
    {
        var resident = new Option<Guid>("--resident") { Description = "The resident's id", Required = true };
        var channel = new Option<string>("--channel") { Description = "paper, online, hospital or bank", DefaultValueFactory = _ => "paper" };
        var bank = new Option<string?>("--bank") { Description = "The bank's institution code (required for the bank channel)" };
        var staff = new Option<string?>("--operator") { Description = "Who entered or took the application" };
        var photo = new Option<FileInfo?>("--photo") { Description = "The photo, JPEG or PNG (online applications)" };
        var idScan = new Option<FileInfo?>("--id-scan") { Description = "The ID document scan, JPEG or PNG (online applications)" };
        var asRegion = AsRegionOption();
        var command = new Command("submit", "Submit an application for a registered resident") { resident, channel, bank, staff, photo, idScan, asRegion };
        command.SetAction((parse, cancellationToken) => KeyCommands.WithServicesAsync(async sp =>
        {
            var attachments = new List<AttachmentRequest>();
            foreach (var (kind, file) in new[] { (SubmitApplication.Photo, parse.GetValue(photo)), (SubmitApplication.IdScan, parse.GetValue(idScan)) })
            {
                if (file is not null)
                {
                    attachments.Add(new AttachmentRequest(kind, Convert.ToBase64String(await File.ReadAllBytesAsync(file.FullName, cancellationToken))));
                }
            }
            var request = new ApplicationRequest(parse.GetValue(resident), parse.GetValue(channel), parse.GetValue(bank), parse.GetValue(staff), attachments);
            return Output.Result(await sp.GetRequiredService<SubmitApplication>().ExecuteAsync(CallerFor(parse, asRegion), request, cancellationToken), Print);
        }, cancellationToken));
        return command;
    }

    private static Command ReviewCommand()
    {
        var id = new Argument<Guid>("application-id");
        var reject = new Option<bool>("--reject") { Description = "Reject instead of approving" };
        var reason = new Option<string?>("--reason") { Description = "Why (required to reject)" };
        var asRegion = AsRegionOption();
        var command = new Command("review", "Approve (county first, then city or above) or reject an application") { id, reject, reason, asRegion };
        command.SetAction((parse, cancellationToken) => KeyCommands.WithServicesAsync(async sp =>
            Output.Result(await sp.GetRequiredService<ReviewApplication>().ExecuteAsync(CallerFor(parse, asRegion), parse.GetValue(id),
                parse.GetValue(reject) ? ApplicationTrigger.Reject : ApplicationTrigger.Approve, parse.GetValue(reason), cancellationToken), Print),
            cancellationToken));
        return command;
    }

    private static Command ListCommand()
    {
        var status = new Option<string?>("--status") { Description = "submitted, county_reviewed, approved or rejected" };
        var region = new Option<string?>("--region") { Description = "A region prefix" };
        var command = new Command("list", "List applications, oldest first") { status, region };
        command.SetAction((parse, cancellationToken) => KeyCommands.WithServicesAsync(async sp =>
        {
            var listed = await sp.GetRequiredService<GetApplications>().ListAsync(CliHost.Operator, parse.GetValue(status), parse.GetValue(region),
                new PageRequest(1, PageRequest.MaxSize), cancellationToken);
            return Output.Result(listed, page =>
            {
                foreach (var application in page.Items)
                {
                    Print(application);
                }
                Console.WriteLine($"{page.Total} applications");
            });
        }, cancellationToken));
        return command;
    }

    private static void Print(CardApplicationView a) =>
        Console.WriteLine($"{a.Id} {a.RegionCode} {Name(a.Channel),-8} {Name(a.Status),-15} bank {a.BankCode ?? "-"} next {a.NextReviewLevel ?? "-"}");

    private static string Name<T>(T value) where T : struct, Enum => Domain.Common.EnumNames.Of(value);
}
