using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Portal;
using HealthCard.App.Features.Production;
using HealthCard.App.Features.Residents;
using HealthCard.App.Features.Statistics;
using HealthCard.App.Security;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// Issue 15's disagreements 6 (a dead person's card number), 7 (secret files) and 8 (file rules), each crossed through
/// every door that reaches its rule: the API through the real HTTP host, the console through the use case path its page
/// takes (the host's services with a console caller), the portal through its use case, and <c>hcard</c> as a process on
/// the same database and key file.
/// </summary>
public sealed class EveryDoorTests
{
    private static readonly Caller Console = new("console-test", "", new HashSet<string> { Scope.RegistryRead, Scope.RegistryWrite }, Channel.Console);

    private static async Task<T> WithAsync<T>(HealthCardHost host, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    [Fact]
    public async Task DeadHoldersNumber_SameAnswerThroughEveryDoor()
    {
        await using var host = await HealthCardHost.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();
        var draft = Residents.Valid(county: "130105");
        var number = draft.IdNumber!;
        var (residentId, serial) = await WithAsync(host, async sp =>
        {
            var resident = await sp.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, draft, CancellationToken.None);
            var card = await sp.GetRequiredService<IssueCard>().ExecuteAsync(Caller.System, new IssueCardRequest(resident.Value.Id, "hospital", "13010000001"),
                CancellationToken.None);
            card.IsSuccess.ShouldBeTrue(card.Error?.ToString());
            var account = new PortalAccount { ResidentId = resident.Value.Id, CreatedAt = DateTimeOffset.UtcNow };
            account.SetPassword(sp.GetRequiredService<PortalPasswords>().Hash("abc12345"), DateTimeOffset.UtcNow);
            var db = sp.GetRequiredService<App.Persistence.HealthCardDb>();
            db.PortalAccounts.Add(account);
            await db.SaveChangesAsync();
            return (resident.Value.Id, card.Value.Serial);
        });
        Task<Result<PortalSession>> SignInAsync() => WithAsync(host, sp =>
            sp.GetRequiredService<PortalSignIn>().ExecuteAsync(new PortalSignInRequest(number, "abc12345", "203.0.113.9"), CancellationToken.None));
        (await SignInAsync()).Value.CardSerial.ShouldBe(serial, "the account works while its holder lives");

        var death = await client.PostJsonAsync($"/api/v1/residents/{residentId}/death", new { date = "2026-01-02" });
        death.StatusCode.ShouldBe(HttpStatusCode.OK, await death.Content.ReadAsStringAsync());

        // API: the status check (its prepared SQL) and the lookup (LINQ) name the same card, cancelled for the death.
        var status = await (await client.GetAsync($"/api/v1/cards/{number}/status")).ReadJsonAsync();
        (status.GetProperty("serial").GetString(), status.GetProperty("status").GetString()).ShouldBe((serial, "cancelled"));
        var card = await (await client.GetAsync($"/api/v1/cards/{number}")).ReadJsonAsync();
        (card.GetProperty("serial").GetString(), card.GetProperty("status").GetString()).ShouldBe((serial, "cancelled"));
        var events = await (await client.GetAsync($"/api/v1/cards/{number}/events")).ReadJsonAsync();
        events[events.GetArrayLength() - 1].GetProperty("reason").GetString().ShouldBe("death");
        var freeze = await client.PostAsync($"/api/v1/cards/{number}/activate", null);
        freeze.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await freeze.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("card.invalid_transition");

        // Console: the resident page resolves the number on the server and reads the card through GetCard.
        var seen = await WithAsync(host, async sp =>
        {
            var held = await sp.GetRequiredService<CardStore>().CardNumberOfAsync(Console, residentId, CancellationToken.None);
            return await sp.GetRequiredService<GetCard>().ExecuteAsync(Console, held!, CancellationToken.None);
        });
        (seen.Value.Serial, seen.Value.Status).ShouldBe((serial, CardStatus.Cancelled));

        // Portal: a deceased holder does not sign in (the portal serves living holders only; the answer is uniform).
        (await SignInAsync()).Error!.Code.ShouldBe("portal.sign_in_failed");

        // CLI: the same card, so the same refusal as the API.
        var activate = await Hcard.RunAsync(host.Folder, "production", "activate", number, "--unit", "长安区社区卫生服务中心", "--operator", "窗口 李");
        activate.ExitCode.ShouldBe(2, activate.Output);
        activate.Error.ShouldStartWith("error card.invalid_transition");
    }

    [Fact]
    public async Task OverCapReturnFile_SameCodeThroughEveryDoor()
    {
        await using var host = await HealthCardHost.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();
        var batch = Guid.NewGuid(); // the file is refused before the batch is looked for
        var tooLarge = new byte[ApplyProductionReturn.MaxBytes + 1];
        Array.Fill(tooLarge, (byte)'x');

        // API: the body as text/csv, and the file of a multipart form.
        var body = await client.PostAsync($"/api/v1/production-batches/{batch}/return", new ByteArrayContent(tooLarge)
        {
            Headers = { ContentType = new MediaTypeHeaderValue("text/csv") },
        });
        body.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refused = await body.ReadJsonAsync();
        refused.GetProperty("code").GetString().ShouldBe("production_batch.invalid");
        refused.GetProperty("errors").TryGetProperty("file", out _).ShouldBeTrue();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(tooLarge), "file", "return.csv" } };
        var multipart = await client.PostAsync($"/api/v1/production-batches/{batch}/return", form);
        (await multipart.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("production_batch.invalid");

        // Console: the return dialog hands the upload's stream to the use case.
        var console = await WithAsync(host, sp =>
            sp.GetRequiredService<ApplyProductionReturn>().ExecuteAsync(Console, batch, new MemoryStream(tooLarge), null, CancellationToken.None));
        console.Error.ShouldBeOfType<ValidationFailed>().Code.ShouldBe("production_batch.invalid");
        ((ValidationFailed)console.Error!).Fields.Keys.ShouldContain("file");
        var atCap = await WithAsync(host, sp =>
            sp.GetRequiredService<ApplyProductionReturn>().ExecuteAsync(Console, batch, new MemoryStream(tooLarge, 0, ApplyProductionReturn.MaxBytes), null,
                CancellationToken.None));
        atCap.Error!.Code.ShouldNotBe("production_batch.invalid", "a file at the cap is read (and this one is not a CSV of return lines)");

        // CLI: it used to read any size.
        var file = Path.Combine(host.Folder, "return.csv");
        await File.WriteAllBytesAsync(file, tooLarge, TestContext.Current.CancellationToken);
        var cli = await Hcard.RunAsync(host.Folder, "production", "return", batch.ToString(), file);
        cli.ExitCode.ShouldBe(2, cli.Output);
        cli.Error.ShouldStartWith("error production_batch.invalid");
        cli.Error.ShouldContain("file:");
    }

    [Fact]
    public async Task MonthlyReportFileName_SameThroughEveryDoor()
    {
        await using var host = await HealthCardHost.StartAsync(TestDatabase.Sqlite);
        var month = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var expected = new Dictionary<string, string> { ["csv"] = $"monthly-report-1301-{month}.csv", ["xlsx"] = $"monthly-report-1301-{month}.xlsx" };

        foreach (var (format, name) in expected)
        {
            var api = await host.Client().GetAsync($"/api/v1/reports/monthly?region=1301&month={month}&format={format}");
            api.StatusCode.ShouldBe(HttpStatusCode.OK, await api.Content.ReadAsStringAsync());
            api.Content.Headers.ContentDisposition!.FileName.ShouldBe(name);

            var console = await WithAsync(host, async sp =>
            {
                var report = await sp.GetRequiredService<BuildMonthlyReport>().ExecuteAsync(Console, new MonthlyReportRequest("1301", month), CancellationToken.None);
                return MonthlyReportFiles.Write(report.Value, format).Value;
            });
            console.FileName.ShouldBe(name);

            var folder = Directory.CreateDirectory(Path.Combine(host.Folder, "reports-" + format)).FullName;
            var cli = await Hcard.RunAsync(host.Folder, "report", "monthly", "--region", "1301", "--month", month, "--format", format, "--out", folder);
            cli.ExitCode.ShouldBe(0, cli.Error);
            Directory.GetFiles(folder).Select(Path.GetFileName).ShouldBe([name]);
        }
        var badFormat = await host.Client().GetAsync($"/api/v1/reports/monthly?region=1301&month={month}&format=pdf");
        (await badFormat.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("report.invalid");
        var cliBad = await Hcard.RunAsync(host.Folder, "report", "monthly", "--region", "1301", "--month", month, "--format", "pdf");
        cliBad.Error.ShouldStartWith("error report.invalid");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes
    public async Task SecretFiles_AreOwnerOnlyAndWhole_ThroughTheWebHostAndTheCli()
    {
        await using var host = await HealthCardHost.StartAsync(TestDatabase.Sqlite);
        _ = host.Client();

        // Web host: the data key file (the audit chain key derives from it) is created owner-only, with no temporary file left.
        var keyFile = Path.Combine(host.Folder, "healthcard.keys");
        File.GetUnixFileMode(keyFile).ShouldBe(SecretFile.OwnerOnly);
        Directory.GetFiles(host.Folder, "*.tmp").ShouldBeEmpty();

        // CLI: a transport key component, and a second one refused over it without touching the first.
        var component = Path.Combine(host.Folder, "component-a.txt");
        var made = await Hcard.RunAsync(host.Folder, "keys", "component", "--out", component);
        made.ExitCode.ShouldBe(0, made.Error);
        File.GetUnixFileMode(component).ShouldBe(SecretFile.OwnerOnly);
        var first = await File.ReadAllTextAsync(component, TestContext.Current.CancellationToken);
        var again = await Hcard.RunAsync(host.Folder, "keys", "component", "--out", component);
        again.ExitCode.ShouldNotBe(0);
        (await File.ReadAllTextAsync(component, TestContext.Current.CancellationToken)).ShouldBe(first);
        Directory.GetFiles(host.Folder, "*.tmp").ShouldBeEmpty();
        Directory.GetFiles(host.Folder, ".*").ShouldBeEmpty();
    }
}
