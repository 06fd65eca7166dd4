using System.Net;
using System.Text.Json;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Sams;
using HealthCard.App.Features.Terminals;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Keys;

namespace HealthCard.Web.Tests.Registry;

/// <summary>
/// A working corner of the platform, built through the API: the key service initialised with Hebei's provincial keys, a
/// hospital in 长安区 with a terminal, SAMs stocked in, handed over and bound, and a resident with an active card.
/// </summary>
internal sealed class SamWorld
{
    public required HttpClient Client { get; init; }
    public required string Hospital { get; init; }
    public required Guid SamProduct { get; init; }
    public required Guid TerminalProduct { get; init; }
    public required Guid CardProduct { get; init; }

    public static async Task<SamWorld> BuildAsync(HealthCardHost host)
    {
        await KeyTestKit.InitAsync(host);
        var client = host.Client();
        await KeyTestKit.IssueProvinceAsync(host, "13", "13010000001");
        var manufacturer = await RegistrySetup.InstitutionAsync(client, "manufacturer", "130100", "河北华卡智能科技有限公司");
        return new SamWorld
        {
            Client = client,
            Hospital = await RegistrySetup.InstitutionAsync(client, "medical", "130102", "石家庄市长安区医院"),
            SamProduct = await RegistrySetup.ApprovedProductAsync(host, client, "sam", manufacturer),
            TerminalProduct = await RegistrySetup.ApprovedProductAsync(host, client, "terminal", manufacturer),
            CardProduct = await RegistrySetup.ApprovedProductAsync(host, client, "user_card", manufacturer),
        };
    }

    public async Task StockInAsync(int type, params string[] serials)
    {
        var response = await Client.PostJsonAsync("/api/v1/sams/stock-in", new StockInRequest(SamProduct, type, serials, RegionCode: "1301"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> StockOutAsync(params string[] serials)
    {
        var response = await Client.PostJsonAsync("/api/v1/sams/stock-out", new StockOutRequest(serials, Hospital, HandedOverBy: "市卫健委 赵", ReceivedBy: "医院 钱"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public async Task TerminalAsync(string serial)
    {
        var response = await Client.PostJsonAsync("/api/v1/terminals", new TerminalRequest(serial, TerminalProduct, Hospital));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> BindAsync(string sam, string terminal) =>
        await Client.PostJsonAsync($"/api/v1/sams/{sam}/activate", new SamBindRequest(terminal, "门诊大厅 2 号窗口", "孙护士长"));

    /// <summary>A SAM of <paramref name="type"/> stocked in, handed to the hospital and bound to a new terminal.</summary>
    public async Task InUseAsync(string sam, string terminal, int type = 2)
    {
        await StockInAsync(type, sam);
        await StockOutAsync(sam);
        await TerminalAsync(terminal);
        (await BindAsync(sam, terminal)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>A registered resident with a card issued on site from the approved card product: (card number, serial).</summary>
    public async Task<(string CardNumber, string Serial)> CardAsync(string mode = "hospital", string? chipSerial = null)
    {
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(Client);
        var response = await Client.PostJsonAsync("/api/v1/cards", new IssueCardRequest(residentId, mode, "13010000001", ChipSerial: chipSerial,
            ProductId: CardProduct));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (cardNumber, (await response.ReadJsonAsync()).GetProperty("serial").GetString()!);
    }
}
