using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsvHelper;
using HealthCard.TestKit;

namespace HealthCard.Web.Tests.Imports;

/// <summary>Uploads, polling and the rejection report, as an integrator's client would do them.</summary>
internal static class ImportKit
{
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string fileName, string region,
        string? tag = null, string? source = null)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(content, "file", fileName);
        form.Add(new StringContent(region), "region");
        if (tag is not null)
        {
            form.Add(new StringContent(tag), "tag");
        }
        if (source is not null)
        {
            form.Add(new StringContent(source), "source");
        }
        return await client.PostAsync("/api/v1/imports", form);
    }

    /// <summary>Uploads, expects 202, and polls the job until it is completed; returns the final job.</summary>
    public static async Task<JsonElement> ImportAsync(HttpClient client, byte[] file, string fileName, string region, string? tag = null,
        string? source = null)
    {
        var response = await UploadAsync(client, file, fileName, region, tag, source);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var job = await response.ReadJsonAsync();
        return await WaitAsync(client, job.GetProperty("id").GetGuid());
    }

    public static async Task<JsonElement> WaitAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var job = await (await client.GetAsync($"/api/v1/imports/{id}")).ReadJsonAsync();
            var status = job.GetProperty("status").GetString();
            if (status is "completed" or "failed")
            {
                return job;
            }
            (DateTime.UtcNow < deadline).ShouldBeTrue($"import {id} is still {status}");
            await Task.Delay(100);
        }
    }

    public static (int Accepted, int Merged, int Rejected, int Blank) Counts(JsonElement job) =>
        (job.GetProperty("accepted").GetInt32(), job.GetProperty("merged").GetInt32(), job.GetProperty("rejected").GetInt32(),
            job.GetProperty("blankLines").GetInt32());

    public sealed record Rejection(int Line, string Code, string Zh, string En, string Content);

    /// <summary>Downloads the rejection report, checks that it is UTF-8 with a BOM, and parses it.</summary>
    public static async Task<List<Rejection>> RejectionsAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/imports/{id}/rejections");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.AsSpan(0, 3).ToArray().ShouldBe(Encoding.UTF8.Preamble.ToArray(), "the report starts with a UTF-8 BOM for Excel");
        using var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes.AsSpan(3))), System.Globalization.CultureInfo.InvariantCulture);
        var rows = new List<Rejection>();
        csv.Read();
        csv.ReadHeader();
        csv.HeaderRecord.ShouldBe(["行号/line", "原因代码/code", "原因/reasons_zh", "reasons_en", "原始内容/content"]);
        while (csv.Read())
        {
            rows.Add(new Rejection(csv.GetField<int>(0), csv.GetField(1)!, csv.GetField(2)!, csv.GetField(3)!, csv.GetField(4)!));
        }
        return rows;
    }

    /// <summary>A CSV line for a resident (the columns of <see cref="PopulationFiles.Header"/>).</summary>
    public static string Line(string idNumber, string name, string? gender = null, string? birthDate = null, string ethnicity = "01")
    {
        if (gender is null || birthDate is null)
        {
            var (birth, sex) = IdNumbers.Facts(idNumber);
            gender ??= sex;
            birthDate ??= birth.Replace("-", "", StringComparison.Ordinal);
        }
        return $"{idNumber},{name},{gender},{ethnicity},{birthDate},13912345678,河北省石家庄市新华区中华北大街1号";
    }
}
