using System.Globalization;
using System.Net;
using System.Text;
using ClosedXML.Excel;
using HealthCard.App.Features.Imports;
using HealthCard.Domain.Residents;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.Web.Tests.Imports;

/// <summary>
/// What lands and what is rejected, and why: one file with every kind of defect, on both databases, against a registry
/// that already holds an identical resident (merged) and a different one with the same ID number (conflict).
/// </summary>
public sealed class ImportQualityTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Import_WithKnownDefects_LandsGoodRows_RejectsEachBadOneWithItsReasons_AndMergesTheIdenticalResident(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var registered = await RegisterAsync(admin, Residents.Valid()); // same ID, another name in the file: conflict
        var identical = await RegisterAsync(admin, Residents.Valid());  // same ID, name and birth date: merged
        var first = IdNumbers.Next();
        var second = IdNumbers.Next(male: false);
        var maleId = IdNumbers.Next();
        var (maleBirth, _) = IdNumbers.Facts(maleId);
        var impossibleDate = "130105" + "19990230" + "123";
        impossibleDate += CitizenIdNumber.CheckCharacterOf(impossibleDate);
        var goodIdBadCheck = IdNumbers.Next();
        string[] lines =
        [
            "身份证号,姓名,性别,民族,出生日期,联系电话,地址,地区",
            ImportKit.Line(first, "张伟") + ",",                                                     // 2 accepted
            ImportKit.Line(second, "李秀英", gender: "女") + ",130105",                              // 3 accepted (性别 as a word)
            ImportKit.Line(BadCheck(goodIdBadCheck), "王芳", gender: "1", birthDate: IdNumbers.Facts(goodIdBadCheck).BirthDate) + ",", // 4 bad check character
            ImportKit.Line(impossibleDate, "赵敏", gender: "2", birthDate: "19990230") + ",",         // 5 impossible date
            ImportKit.Line(maleId, "孙丽", gender: "2", birthDate: maleBirth) + ",",                  // 6 gender vs sequence digit
            ImportKit.Line(first, "张伟") + ",",                                                     // 7 duplicate of line 2
            ImportKit.Line(registered.IdNumber!, "另一个人") + ",",                                  // 8 conflict with the registry
            ImportKit.Line(identical.IdNumber!, identical.Name!) + ",",                              // 9 merged into the registry
            ImportKit.Line(IdNumbers.Next(), "王😀") + ",",                                          // 10 emoji: not GBK
            "",                                                                                       // 11 blank
            ImportKit.Line(IdNumbers.Next(), "陈\U00020000") + ",",                                  // 12 CJK Ext. B: not GBK
            ImportKit.Line(IdNumbers.Next("130102"), "周杰") + ",130102",                           // 13 outside the import's region
        ];
        var file = Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

        var job = await ImportKit.ImportAsync(admin, file, "population.csv", "130105", tag: "newborn", source: "卫健委出生登记");

        job.GetProperty("status").GetString().ShouldBe("completed");
        job.GetProperty("percent").GetInt32().ShouldBe(100);
        job.GetProperty("encoding").GetString().ShouldBe("utf-8");
        ImportKit.Counts(job).ShouldBe((2, 1, 8, 1));
        var jobId = job.GetProperty("id").GetGuid();
        var rejections = await ImportKit.RejectionsAsync(admin, jobId);
        rejections.Select(r => (r.Line, r.Code)).ShouldBe([
            (4, "resident.invalid"), (5, "resident.invalid"), (6, "resident.invalid"), (7, "import.duplicate"),
            (8, "import.conflict"), (10, "resident.invalid"), (12, "resident.invalid"), (13, "resident.invalid")]);
        var byLine = rejections.ToDictionary(r => r.Line);
        foreach (var rejection in rejections)
        {
            rejection.Content.ShouldBe(lines[rejection.Line - 1], "the report keeps each line as it was");
        }
        ShouldGive(byLine[4], "校验码错误", "check character is wrong");
        ShouldGive(byLine[5], "不是有效日期", "not a real date");
        byLine[5].En.ShouldContain("[birthDate] The date must be a real date");
        ShouldGive(byLine[6], "性别与居民身份证号码不一致", "gender does not match the citizen ID number");
        ShouldGive(byLine[7], "与第 2 行重复", "Duplicate of line 2");
        ShouldGive(byLine[8], "证件号码相同，但姓名或出生日期不同", "same document number but a different name or birth date");
        ShouldGive(byLine[10], "GBK 无法编码", "GBK cannot encode");
        ShouldGive(byLine[12], "GBK 无法编码", "GBK cannot encode");
        ShouldGive(byLine[13], "不在本次导入的地区 130105 内", "outside this import's region 130105");

        // The good rows are registered residents like any other; the conflicting one is untouched.
        (await FindAsync(admin, first)).GetProperty("name").GetString().ShouldBe("张伟");
        (await FindAsync(admin, first)).GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["newborn"]);
        (await FindAsync(admin, second)).GetProperty("gender").GetString().ShouldBe("2");
        (await FindAsync(admin, registered.IdNumber!)).GetProperty("name").GetString().ShouldBe(registered.Name);
        var merged = await FindAsync(admin, identical.IdNumber!);
        merged.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["poverty", "ncms", "newborn"], ignoreOrder: true);
        var mergedId = merged.GetProperty("id").GetGuid();
        await host.WithDbAsync(async db =>
        {
            var sources = await db.Set<ResidentSource>().Where(s => s.JobId == jobId).OrderBy(s => s.Line).ToListAsync();
            sources.Select(s => (s.Line, s.Merged, s.Source)).ShouldBe([(2, false, "卫健委出生登记"), (3, false, "卫健委出生登记"), (9, true, "卫健委出生登记")]);
            sources.Single(s => s.Merged).ResidentId.ShouldBe(mergedId);
            sources.ShouldAllBe(s => s.Tags == PopulationTags.Newborn);
            (await db.Residents.CountAsync()).ShouldBe(4);
        });
        // The job's audit entries: its start, its completion and the download of its rejections (ADR 018); none per row.
        (await RegistrySetup.AuditOfAsync(host, jobId.ToString()))
            .ShouldBe([("import.start", "success"), ("import.complete", "success"), ("import.rejections", "success")]);
        // The resident merged into has its own entry (which job, line and tags), after its registration.
        (await RegistrySetup.AuditOfAsync(host, mergedId.ToString())).Where(e => e.Action.StartsWith("import.", StringComparison.Ordinal))
            .ShouldBe([("import.merge", "success")]);

        // The same file, region, tag and source again: the same job, and nothing changes.
        var again = await ImportKit.UploadAsync(admin, file, "population.csv", "130105", tag: "newborn", source: "卫健委出生登记");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rerun = await again.ReadJsonAsync();
        rerun.GetProperty("id").GetGuid().ShouldBe(jobId);
        ImportKit.Counts(rerun).ShouldBe((2, 1, 8, 1));
        await host.WithDbAsync(async db =>
        {
            (await db.Residents.CountAsync()).ShouldBe(4);
            (await db.Set<ResidentSource>().CountAsync()).ShouldBe(3);
            (await db.Set<ImportJob>().CountAsync()).ShouldBe(1);
            (await db.Set<ImportFileSegment>().CountAsync()).ShouldBe(0, "the kept upload is dropped once its job completes");
        });
        (await FindAsync(admin, identical.IdNumber!)).GetProperty("version").GetInt32().ShouldBe(merged.GetProperty("version").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Import_WithoutRequiredColumns_IsRefusedWhole_ListingThem(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var id = IdNumbers.Next();
        var file = Encoding.UTF8.GetBytes($"身份证号,姓名,性别,联系电话\n{id},张伟,1,13912345678\n");

        var problem = await (await ImportKit.UploadAsync(admin, file, "no-dates.csv", "130105"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import.missing_columns");

        var messages = problem.GetProperty("errors").GetProperty("columns").EnumerateArray().Select(m => m.GetString()).ToList();
        messages.ShouldBe(["缺少必需的列：民族、出生日期", "Missing required columns: ethnicity, birthDate"]);
        await host.WithDbAsync(async db =>
        {
            (await db.Set<ImportJob>().CountAsync()).ShouldBe(0);
            (await db.Residents.CountAsync()).ShouldBe(0);
        });
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Import_OfAGbkFile_DetectsTheEncoding_AndKeepsTheChineseText(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var ids = Enumerable.Range(0, 3).Select(_ => IdNumbers.Next()).ToList();
        var text = "身份证号,姓名,性别,民族,出生日期\n" + string.Join("\n", ids.Select((id, i) => string.Join(',', ImportKit.Line(id, Names[i]).Split(',')[..5])));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding(936).GetBytes(text);
        Should.Throw<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(gbk), "the file must not be valid UTF-8");

        var job = await ImportKit.ImportAsync(admin, gbk, "gbk.csv", "130105");

        job.GetProperty("encoding").GetString().ShouldBe("gbk");
        ImportKit.Counts(job).ShouldBe((3, 0, 0, 0));
        (await FindAsync(admin, ids[2])).GetProperty("name").GetString().ShouldBe("龚喆");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Import_OfAnXlsxFile_ReadsTheFirstSheet_WithEnglishHeadingsInAnyCase_AndDateCells(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var good = IdNumbers.Next(male: false);
        var bad = IdNumbers.Next();
        byte[] file;
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.AddWorksheet("居民");
            string[] header = ["ID Number", "NAME", "gender", "Ethnicity", "birth_date", "Tags"];
            for (var c = 0; c < header.Length; c++)
            {
                sheet.Cell(1, c + 1).Value = header[c];
            }
            Row(2, good, "刘洋", "2", DateOnly.ParseExact(IdNumbers.Facts(good).BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture), "ncms");
            Row(4, bad, "马超", "2", DateOnly.ParseExact(IdNumbers.Facts(bad).BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture), "");
            workbook.AddWorksheet("ignored").Cell(1, 1).Value = "not read";
            using var stream = new MemoryStream();
            workbook.SaveAs(stream);
            file = stream.ToArray();

            void Row(int row, string id, string name, string gender, DateOnly birth, string tags)
            {
                sheet.Cell(row, 1).SetValue(id);
                sheet.Cell(row, 2).Value = name;
                sheet.Cell(row, 3).SetValue(gender);
                sheet.Cell(row, 4).SetValue("汉族");
                sheet.Cell(row, 5).Value = birth.ToDateTime(TimeOnly.MinValue);
                sheet.Cell(row, 6).Value = tags;
            }
        }

        var job = await ImportKit.ImportAsync(admin, file, "list.xlsx", "130105", tag: "poverty");

        job.GetProperty("format").GetString().ShouldBe("xlsx");
        job.GetProperty("totalLines").GetInt32().ShouldBe(4);
        ImportKit.Counts(job).ShouldBe((1, 0, 1, 1)); // row 3 is empty, row 4 is a man's ID number marked female
        var resident = await FindAsync(admin, good);
        resident.GetProperty("name").GetString().ShouldBe("刘洋");
        resident.GetProperty("ethnicity").GetString().ShouldBe("01");
        resident.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["poverty", "ncms"], ignoreOrder: true);
        var rejection = (await ImportKit.RejectionsAsync(admin, job.GetProperty("id").GetGuid())).Single();
        rejection.Line.ShouldBe(4);
        rejection.Content.ShouldStartWith($"{bad},马超,2,汉族,");
    }

    private static string BadCheck(string idNumber) => idNumber[..17] + (idNumber[17] == '1' ? '2' : '1');

    private static readonly string[] Names = ["欧阳娜", "诸葛亮", "龚喆"];

    private static void ShouldGive(ImportKit.Rejection rejection, string zh, string en)
    {
        rejection.Zh.ShouldContain(zh, Case.Sensitive, $"line {rejection.Line}");
        rejection.En.ShouldContain(en, Case.Sensitive, $"line {rejection.Line}");
    }

    private static async Task<ResidentDraft> RegisterAsync(HttpClient client, ResidentDraft draft)
    {
        (await client.PostJsonAsync("/api/v1/residents", draft)).StatusCode.ShouldBe(HttpStatusCode.Created);
        return draft;
    }

    private static async Task<System.Text.Json.JsonElement> FindAsync(HttpClient client, string idNumber)
    {
        var found = await (await client.GetAsync($"/api/v1/residents?idNumber={idNumber}")).ReadJsonAsync();
        found.GetArrayLength().ShouldBe(1);
        return found[0];
    }
}
