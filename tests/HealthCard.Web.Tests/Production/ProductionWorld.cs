using System.Net;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Applications;
using HealthCard.App.Features.Production;
using HealthCard.Crypto.Sm2;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Keys;
using HealthCard.Web.Tests.Registry;

namespace HealthCard.Web.Tests.Production;

/// <summary>
/// The production corner of the platform, built through the API: the key service initialised (the platform signing key),
/// a partner bank registered by the city, the bank's SM2 key pair (its private half stays "at the factory": here), and
/// clients for 长安区 (county 130102), another county (130104), the city (1301) and the province (13).
/// </summary>
internal sealed class ProductionWorld : IDisposable
{
    public const string County = "130102";
    public const string IssuerCode = "13010000001";

    public required HealthCardHost Host { get; init; }
    public required HttpClient Admin { get; init; }
    public required HttpClient CountyClient { get; init; }
    public required HttpClient OtherCounty { get; init; }
    public required HttpClient City { get; init; }
    public required string Bank { get; init; }
    public required Sm2PrivateKey Recipient { get; init; }
    public required byte[] PlatformKey { get; init; }

    public string RecipientPublicKey => Convert.ToHexString(Recipient.PublicKey);

    public static async Task<ProductionWorld> BuildAsync(HealthCardHost host)
    {
        await KeyTestKit.InitAsync(host);
        var admin = host.Client();
        var platform = await (await admin.GetAsync("/api/v1/keys/platform-signing-key")).ReadJsonAsync();
        string[] scopes = [Scope.RegistryRead, Scope.RegistryWrite, Scope.PiiRead];
        return new ProductionWorld
        {
            Host = host,
            Admin = admin,
            CountyClient = host.Client(await host.CreateKeyAsync("changan", County, scopes)),
            OtherCounty = host.Client(await host.CreateKeyAsync("qiaoxi", "130104", scopes)),
            City = host.Client(await host.CreateKeyAsync("shijiazhuang", "1301", scopes)),
            Bank = await RegistrySetup.InstitutionAsync(admin, "bank", "130100", "中国建设银行石家庄分行"),
            Recipient = Sm2Algorithm.GenerateKey(),
            PlatformKey = Convert.FromHexString(platform.GetProperty("publicKey").GetString()!),
        };
    }

    public void Dispose() => Recipient.Dispose();

    /// <summary>A registered living resident: (id, card number).</summary>
    public async Task<(Guid Id, string CardNumber)> ResidentAsync(string county = County, params string[] tags)
    {
        var draft = Residents.Valid(county: county) with { Tags = tags };
        var response = await Admin.PostJsonAsync("/api/v1/residents", draft);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.ReadJsonAsync()).GetProperty("id").GetGuid(), draft.IdNumber!);
    }

    public async Task<JsonElement> SubmitAsync(Guid residentId, string channel = "paper", string? bank = null, IReadOnlyList<AttachmentRequest>? attachments = null)
    {
        var response = await CountyClient.PostJsonAsync("/api/v1/card-applications", new ApplicationRequest(residentId, channel, bank, "窗口 李", attachments));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static async Task<string> ReviewAsync(HttpClient reviewer, Guid applicationId, string operation = "approve", string? reason = null)
    {
        var response = await reviewer.PostJsonAsync($"/api/v1/card-applications/{applicationId}/{operation}", new { reason });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("status").GetString()!;
    }

    /// <summary>A resident with an application approved by the county and the city: (resident id, card number, application id).</summary>
    public async Task<(Guid ResidentId, string CardNumber, Guid ApplicationId)> ApprovedAsync()
    {
        var (residentId, cardNumber) = await ResidentAsync();
        var id = (await SubmitAsync(residentId)).GetProperty("id").GetGuid();
        (await ReviewAsync(CountyClient, id)).ShouldBe("county_reviewed");
        (await ReviewAsync(City, id)).ShouldBe("approved");
        return (residentId, cardNumber, id);
    }

    public Task<HttpResponseMessage> CreateBatchAsync(string source, string? tag = null, int limit = 100, string region = County, HttpClient? client = null) =>
        (client ?? City).PostJsonAsync("/api/v1/production-batches",
            new ProductionBatchRequest(region, Bank, IssuerCode, source, tag, limit, RecipientPublicKey, Operator: "批次 周"));

    public async Task<JsonElement> BatchAsync(string source, string? tag = null)
    {
        var response = await CreateBatchAsync(source, tag);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    /// <summary>Exports the batch and opens the file as the factory would, with the recipient's private key.</summary>
    public async Task<(byte[] File, ProductionFile.Contents Contents)> ExportAsync(Guid batchId)
    {
        var response = await City.GetAsync($"/api/v1/production-batches/{batchId}/export");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var file = await response.Content.ReadAsByteArrayAsync();
        var opened = ProductionFile.Open(file, Recipient, PlatformKey);
        opened.IsSuccess.ShouldBeTrue(opened.Error?.ToString());
        return (file, opened.Value);
    }

    public async Task<JsonElement> ReturnAsync(Guid batchId, string csv)
    {
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var response = await City.PostAsync($"/api/v1/production-batches/{batchId}/return?operator=%E5%88%B6%E5%8D%A1%E5%91%98%20%E5%90%B4", content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    /// <summary>A 19-digit bank card number with a valid Luhn digit (GB/T 14504), distinct per <paramref name="n"/>.</summary>
    public static string BankCardNumber(int n)
    {
        var body = $"622202020011{n:D6}";
        for (var check = 0; check <= 9; check++)
        {
            if (Domain.Cards.CardRules.IsValidBankCardNumber(body + check))
            {
                return body + check;
            }
        }
        throw new InvalidOperationException("Some check digit always fits.");
    }
}
