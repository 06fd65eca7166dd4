using System.Net;
using System.Text;
using HealthCard.App.Common;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;

namespace HealthCard.Web.Tests.Imports;

/// <summary>The import API as a client uses it: upload, poll, download, template, and the caller's region and scopes.</summary>
public sealed class ImportApiTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Upload_RunsInTheBackground_ToOneHundredPercent_AndItsReportDownloads_WithinTheCallersRegionOnly(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var shijiazhuang = host.Client(await host.CreateKeyAsync("sjz-import", "1301", Scope.RegistryWrite, Scope.RegistryRead));
        var baoding = host.Client(await host.CreateKeyAsync("bd-import", "1306", Scope.RegistryWrite, Scope.RegistryRead));
        var readOnly = host.Client(await host.CreateKeyAsync("sjz-reader", "1301", Scope.RegistryRead));
        using var text = new StringWriter();
        var defects = PopulationFiles.WriteCsv(text, rows: 2_500, county: "130102", defectEvery: 100, seed: 7);
        var file = Encoding.UTF8.GetBytes(text.ToString());

        var response = await ImportKit.UploadAsync(shijiazhuang, file, "changan.csv", "130102", tag: "ncms", source: "长安区新农合");
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldStartWith("/api/v1/imports/");
        var started = await response.ReadJsonAsync();
        started.GetProperty("totalLines").GetInt32().ShouldBe(2_501);
        var id = started.GetProperty("id").GetGuid();
        var job = await ImportKit.WaitAsync(shijiazhuang, id);

        job.GetProperty("status").GetString().ShouldBe("completed");
        job.GetProperty("percent").GetInt32().ShouldBe(100);
        job.GetProperty("processedLines").GetInt32().ShouldBe(2_501);
        job.GetProperty("tags").EnumerateArray().Single().GetString().ShouldBe("ncms");
        job.GetProperty("source").GetString().ShouldBe("长安区新农合");
        ImportKit.Counts(job).ShouldBe((2_500 - defects, 0, defects, 0));
        var rejections = await ImportKit.RejectionsAsync(shijiazhuang, id);
        rejections.Count.ShouldBe(defects);
        rejections.Select(r => r.Line).ShouldBe(Enumerable.Range(1, defects).Select(n => n * 100 + 1)); // row i is on line i + 2
        rejections.Select(r => r.Code).Distinct().ShouldBe(["resident.invalid", "import.duplicate"], ignoreOrder: true);

        // Another region's key cannot see the job or its report; a key without registry:write cannot download the report.
        await (await baoding.GetAsync($"/api/v1/imports/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await baoding.GetAsync($"/api/v1/imports/{id}/rejections")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await readOnly.GetAsync($"/api/v1/imports/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await readOnly.GetAsync($"/api/v1/imports/{id}/rejections")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await readOnly.PostAsync("/api/v1/imports", new MultipartFormDataContent())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Importing into a region the key does not cover is refused before anything is stored.
        var outside = await (await ImportKit.UploadAsync(baoding, file, "changan.csv", "130102")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import.invalid");
        outside.GetProperty("errors").GetProperty("region")[1].GetString().ShouldBe("The region is outside this key's region scope");
        await (await ImportKit.UploadAsync(shijiazhuang, file, "changan.csv", "999999")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import.invalid");
        await (await ImportKit.UploadAsync(shijiazhuang, file, "changan.csv", "130102", tag: "vip")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import.invalid");
        using var noFile = new MultipartFormDataContent { { new StringContent("130102"), "region" } };
        await (await shijiazhuang.PostAsync("/api/v1/imports", noFile)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import.invalid");
        (await shijiazhuang.PostAsync("/api/v1/imports", new StringContent("{}", Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        await (await shijiazhuang.GetAsync($"/api/v1/imports/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Template_HasTheBilingualHeader_InUtf8WithBom_AndImportsAsIs()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client(await host.CreateKeyAsync("template-reader", "1301", Scope.RegistryRead));

        var response = await client.GetAsync("/api/v1/imports/template");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("resident-import-template.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.AsSpan(0, 3).ToArray().ShouldBe(Encoding.UTF8.Preamble.ToArray());
        var header = Encoding.UTF8.GetString(bytes.AsSpan(3)).TrimEnd().Split(',');
        header[..5].ShouldBe(["身份证号/idNumber", "姓名/name", "性别/gender", "民族/ethnicity", "出生日期/birthDate"]);
        header.Length.ShouldBe(16);

        // The template, filled in, is a valid import file: its headings are recognised, BOM and all.
        var id = IdNumbers.Next();
        var (birth, gender) = IdNumbers.Facts(id);
        var filled = bytes.Concat(Encoding.UTF8.GetBytes($"{id},王伟,{gender},01,{birth},,,13912345678,,poverty\r\n")).ToArray();
        var job = await ImportKit.ImportAsync(host.Client(), filled, "template.csv", "130105");
        ImportKit.Counts(job).ShouldBe((1, 0, 0, 0));
    }
}
