using System.Net;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// Issue 15, disagreement 4: the key ceremony's rules (the key-application state machine, the steps it allows, the
/// delegation letter's validity and the clock it is read from) have one home, the use cases over
/// <c>KeyApplicationLifecycle</c>. The API (real HTTP host), the console (the use cases its pages call, with a console
/// caller) and the CLI (the real <c>hcard</c> command on the same database) give the same answers.
/// </summary>
public sealed class KeyCeremonyDoorTests
{
    private const string CollectorId = "130102198001010010";

    private sealed class Doors(HealthCardHost host) : IAsyncDisposable
    {
        public HealthCardHost Host { get; } = host;

        public HttpClient Applicant { get; private set; } = default!;

        public HttpClient Reviewer { get; private set; } = default!;

        public HttpClient Delegator { get; private set; } = default!;

        /// <summary>The delegator's API key in a file, for <c>hcard … --key-file</c>: the same person at the terminal.</summary>
        public string DelegatorKeyFile { get; private set; } = default!;

        /// <summary>At the console, the national reviewer and the province's delegator, signed in (channel console).</summary>
        public Caller ConsoleReviewer { get; } = new("reviewer", "", new HashSet<string> { Scope.KeysManage }, Channel.Console);

        public Caller ConsoleDelegator { get; } = new("delegator-13", "13", new HashSet<string> { Scope.KeysManage }, Channel.Console);

        public static async Task<Doors> StartAsync()
        {
            var doors = new Doors(await HealthCardHost.StartAsync(TestDatabase.Sqlite));
            doors.Applicant = doors.Host.Client(await doors.Host.CreateKeyAsync("applicant-13", "13", Scope.KeysManage));
            doors.Reviewer = doors.Host.Client(await doors.Host.CreateKeyAsync("reviewer", "", Scope.KeysManage));
            var delegator = await doors.Host.CreateKeyAsync("delegator-13", "13", Scope.KeysManage);
            doors.Delegator = doors.Host.Client(delegator);
            doors.DelegatorKeyFile = Path.Combine(doors.Host.Folder, "delegator-13.key");
            await File.WriteAllTextAsync(doors.DelegatorKeyFile, delegator + "\n", TestContext.Current.CancellationToken);
            return doors;
        }

        /// <summary>The real hcard on the host's own database and data key file.</summary>
        public Task<(int ExitCode, string Output, string Error)> HcardAsync(params string[] arguments) => Hcard.RunAsync(Host.Folder, arguments);

        public async Task<T> ConsoleAsync<T>(Func<IServiceProvider, Task<T>> action)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            return await action(scope.ServiceProvider);
        }

        public async Task<Guid> ApplyAsync()
        {
            var applied = await Applicant.PostJsonAsync("/api/v1/keys/applications", new
            {
                provinceCode = "13", issuerCode = "13000000001", applicantInstitution = "河北省卫生健康委员会", applicantPerson = "张主任", reason = "申领",
            });
            applied.StatusCode.ShouldBe(HttpStatusCode.Created, await applied.Content.ReadAsStringAsync());
            return (await applied.ReadJsonAsync()).GetProperty("id").GetGuid();
        }

        /// <summary>The steps the application allows, as each door shows them: the API's view, the console's view, the CLI's line.</summary>
        public async Task StepsShouldBeAsync(Guid id, params string[] expected)
        {
            var api = (await (await Reviewer.GetAsync($"/api/v1/keys/applications/{id}")).ReadJsonAsync()).GetProperty("actions")
                .EnumerateArray().Select(a => a.GetString()!).ToArray();
            var console = await ConsoleAsync(async sp =>
                (await sp.GetRequiredService<GetKeyApplications>().OneAsync(ConsoleReviewer, id, CancellationToken.None)).Value.Actions.ToArray());
            var listed = await HcardAsync("keys", "applications", "--province", "13");
            listed.ExitCode.ShouldBe(0, listed.Error);
            var line = listed.Output.Split('\n').Single(l => l.Contains(id.ToString(), StringComparison.Ordinal));
            api.ShouldBe(expected);
            console.ShouldBe(expected);
            line.Trim().ShouldEndWith("; next: " + (expected.Length == 0 ? "none" : string.Join(", ", expected)));
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    private static async Task<(string Code, string English)> ProblemOf(HttpResponseMessage response)
    {
        var problem = await response.ReadJsonAsync();
        return (problem.GetProperty("code").GetString()!, problem.GetProperty("detail").GetString()!);
    }

    /// <summary>The CLI's refusal as it prints it: <c>error &lt;code&gt;: &lt;中文&gt; / &lt;English&gt;</c>.</summary>
    private static (string Code, string English) ErrorOf((int ExitCode, string Output, string Error) run)
    {
        run.ExitCode.ShouldBe(2, run.Output);
        var line = run.Error.Split('\n')[0].Trim();
        line.ShouldStartWith("error ");
        return (line["error ".Length..line.IndexOf(':', StringComparison.Ordinal)], line[(line.LastIndexOf(" / ", StringComparison.Ordinal) + 3)..]);
    }

    private static DateOnly ChinaToday() => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(ChinaTime.Offset).DateTime);

    [Fact]
    public async Task ApprovingAnApprovedApplication_SameAnswerThroughEveryDoor()
    {
        await using var doors = await Doors.StartAsync();
        var id = await doors.ApplyAsync();
        await doors.StepsShouldBeAsync(id, "approve", "reject", "delegate");
        (await doors.Reviewer.PostJsonAsync($"/api/v1/keys/applications/{id}/approve", new { note = "同意" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await doors.StepsShouldBeAsync(id, "delegate", "issue");

        var api = await doors.Reviewer.PostJsonAsync($"/api/v1/keys/applications/{id}/approve", new { note = "再次同意" });
        api.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var console = await doors.ConsoleAsync(async sp => (await sp.GetRequiredService<ReviewKeyApplication>()
            .ExecuteAsync(doors.ConsoleReviewer, id, approve: true, new ReviewRequest("再次同意"), CancellationToken.None)).Error!);
        var cli = ErrorOf(await doors.HcardAsync("keys", "approve", id.ToString(), "--note", "再次同意"));

        var expected = ("key_application.invalid_transition", "Trigger 'approve' is not allowed in status 'approved'");
        (await ProblemOf(api)).ShouldBe(expected);
        (console.Code, console.Message.En).ShouldBe(expected);
        cli.ShouldBe(expected);
        // Nothing changed: still approved once, by the first reviewer.
        var application = (await (await doors.Reviewer.GetAsync($"/api/v1/keys/applications/{id}")).ReadJsonAsync());
        application.GetProperty("status").GetString().ShouldBe("approved");
        application.GetProperty("reviewNote").GetString().ShouldBe("同意");
    }

    [Fact]
    public async Task DelegatingForARejectedApplication_SameAnswerThroughEveryDoor()
    {
        await using var doors = await Doors.StartAsync();
        var id = await doors.ApplyAsync();
        (await doors.Reviewer.PostJsonAsync($"/api/v1/keys/applications/{id}/reject", new { note = "材料不全" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await doors.StepsShouldBeAsync(id);

        var api = await doors.Delegator.PostJsonAsync($"/api/v1/keys/applications/{id}/delegations", new
        {
            letterNumber = "WP-API", delegator = "河北省卫生健康委员会", collectors = new[] { new { name = "李领取", idNumber = CollectorId } },
        });
        api.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var console = await doors.ConsoleAsync(async sp => (await sp.GetRequiredService<DelegateKeyCollectors>().ExecuteAsync(doors.ConsoleDelegator, id,
            new DelegationRequest("WP-CONSOLE", "河北省卫生健康委员会", null, [new CollectorRequest("李领取", CollectorId)]), CancellationToken.None)).Error!);
        var cli = ErrorOf(await doors.HcardAsync("keys", "delegate", id.ToString(), "--letter-number", "WP-CLI", "--delegator", "河北省卫生健康委员会",
            "--collector", "李领取", "--collector-id", CollectorId, "--key-file", doors.DelegatorKeyFile));

        var expected = ("key_application.invalid_transition", "Trigger 'delegate' is not allowed in status 'rejected'");
        (await ProblemOf(api)).ShouldBe(expected);
        (console.Code, console.Message.En).ShouldBe(expected);
        cli.ShouldBe(expected);
    }

    [Fact]
    public async Task DelegationValidity_SameAnswerThroughEveryDoor()
    {
        await using var doors = await Doors.StartAsync();
        var id = await doors.ApplyAsync();
        (await doors.Reviewer.PostJsonAsync($"/api/v1/keys/applications/{id}/approve", new { note = "同意" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        async Task<DateOnly> ApiAsync(string letter, int? days)
        {
            var response = await doors.Delegator.PostJsonAsync($"/api/v1/keys/applications/{id}/delegations", new
            {
                letterNumber = letter, delegator = "河北省卫生健康委员会", validDays = days, collectors = new[] { new { name = "李领取", idNumber = CollectorId } },
            });
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return DateOnly.Parse((await response.ReadJsonAsync()).GetProperty("validUntil").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        }

        Task<DateOnly> ConsoleAsync(string letter, int? days) => doors.ConsoleAsync(async sp => (await sp.GetRequiredService<DelegateKeyCollectors>()
            .ExecuteAsync(doors.ConsoleDelegator, id, new DelegationRequest(letter, "河北省卫生健康委员会", null, [new CollectorRequest("李领取", CollectorId)], days),
                CancellationToken.None)).Value.ValidUntil);

        async Task<DateOnly> CliAsync(string letter, int? days)
        {
            string[] validity = days is null ? [] : ["--valid-days", days.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            var run = await doors.HcardAsync(["keys", "delegate", id.ToString(), "--letter-number", letter, "--delegator", "河北省卫生健康委员会",
                "--collector", "李领取", "--collector-id", CollectorId, .. validity, "--key-file", doors.DelegatorKeyFile]);
            run.ExitCode.ShouldBe(0, run.Error);
            var until = run.Output.Split("valid until ")[1][..10];
            return DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture);
        }

        // No validity given: the use case's default, from the platform's clock (China time), whichever door.
        var byDefault = ChinaToday().AddDays(DelegateKeyCollectors.DefaultValidDays);
        (await ApiAsync("WP-API-1", null)).ShouldBe(byDefault);
        (await ConsoleAsync("WP-CONSOLE-1", null)).ShouldBe(byDefault);
        (await CliAsync("WP-CLI-1", null)).ShouldBe(byDefault);
        // A number of days: counted the same way.
        (await ApiAsync("WP-API-2", 7)).ShouldBe(ChinaToday().AddDays(7));
        (await ConsoleAsync("WP-CONSOLE-2", 7)).ShouldBe(ChinaToday().AddDays(7));
        (await CliAsync("WP-CLI-2", 7)).ShouldBe(ChinaToday().AddDays(7));

        // Too many days are refused with the same field error everywhere.
        var api = await doors.Delegator.PostJsonAsync($"/api/v1/keys/applications/{id}/delegations", new
        {
            letterNumber = "WP-API-3", delegator = "河北省卫生健康委员会", validDays = DelegateKeyCollectors.MaxValidDays + 1, collectors = new[] { new { name = "李领取", idNumber = CollectorId } },
        });
        api.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.ReadJsonAsync()).GetProperty("errors").TryGetProperty("validDays", out _).ShouldBeTrue();
        var console = await doors.ConsoleAsync(async sp => (await sp.GetRequiredService<DelegateKeyCollectors>().ExecuteAsync(doors.ConsoleDelegator, id,
            new DelegationRequest("WP-CONSOLE-3", "河北省卫生健康委员会", null, [new CollectorRequest("李领取", CollectorId)], DelegateKeyCollectors.MaxValidDays + 1), CancellationToken.None)).Error);
        console.ShouldBeOfType<ValidationFailed>().Fields.Keys.ShouldBe(["validDays"]);
        var cli = await doors.HcardAsync("keys", "delegate", id.ToString(), "--letter-number", "WP-CLI-3", "--delegator", "河北省卫生健康委员会",
            "--collector", "李领取", "--collector-id", CollectorId, "--valid-days", "3651", "--key-file", doors.DelegatorKeyFile);
        ErrorOf(cli).Code.ShouldBe("keys.invalid");
        cli.Error.ShouldContain("validDays:");
    }
}
