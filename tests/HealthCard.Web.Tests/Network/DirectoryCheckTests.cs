using System.Net;
using HealthCard.App.Common;
using HealthCard.App.Features.Checks;
using HealthCard.App.Network;
using HealthCard.App.Security;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Network;

/// <summary>
/// The online check for a card owned by another node (issue 16 §5): answered from the national card directory. The
/// network's own tests (HealthCard.Network.Tests) fill the directory over a real network and check the status answer;
/// here the check's whole setup (institution, terminal, SAM in use) is built through the API on a national node, and
/// the directory rows are the ones the directory consumer writes.
/// </summary>
public sealed class DirectoryCheckTests
{
    [Fact]
    public async Task OnlineCheck_ForACardOwnedElsewhere_AnswersFromTheDirectory()
    {
        Assert.SkipWhen(TestDatabases.PostgresServer is null, $"Needs {TestDatabases.Variable} (set by .ci/run).");
        var folder = Directory.CreateTempSubdirectory("healthcard-directory-").FullName;
        // A national node whose NATS is not running: the claims it decides itself, nothing else needs the link here.
        await using var host = await HealthCardHost.StartNodeAsync("hc_dir_" + Guid.NewGuid().ToString("N")[..10], folder,
            new Dictionary<string, string?> { ["HealthCard:Network:Region"] = "00", ["HealthCard:Network:Nats"] = "nats://127.0.0.1:9" });
        var world = await SamWorld.BuildAsync(host);
        var terminal = host.Client(await host.CreateInstitutionKeyAsync("changan-his", "130102", world.Hospital, Scope.ChecksWrite, Scope.RegistryRead));
        await world.InUseAsync("1320000001", "T-0001");

        var lost = Residents.Valid(county: "430405").IdNumber!;
        var active = Residents.Valid(county: "430405").IdNumber!;
        await host.WithDbAsync(async db =>
        {
            var protector = host.Services.GetRequiredService<PersonalDataProtector>();
            db.NetworkCards.Add(new NetworkCard { CardId = Guid.NewGuid(), IdNumberIndex = protector.IdNumberIndex(lost), Serial = "4300000001",
                Status = "reported_lost", OwnerRegion = "43", RegionCode = "430405", IssueDate = new DateOnly(2026, 1, 1), Version = 3, UpdatedAt = DateTimeOffset.UtcNow });
            db.NetworkCards.Add(new NetworkCard { CardId = Guid.NewGuid(), IdNumberIndex = protector.IdNumberIndex(active), Serial = "4300000002",
                Status = "active", OwnerRegion = "43", RegionCode = "430405", IssueDate = new DateOnly(2026, 1, 1), Version = 1, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });

        (await CheckAsync(terminal, lost, "4300000001")).ShouldBe(CheckCodes.CardReportedLost);
        (await CheckAsync(terminal, active, "4300000002")).ShouldBe(CheckCodes.Allowed);
        (await CheckAsync(terminal, active, "4300000009")).ShouldBe(CheckCodes.CardNotFound); // another serial: not that card
        var status = await (await host.Client().GetAsync($"/api/v1/cards/{lost}/status")).ReadJsonAsync();
        status.GetProperty("status").GetString().ShouldBe("reported_lost");
    }

    private static async Task<string> CheckAsync(HttpClient client, string cardNumber, string serial)
    {
        var response = await client.PostJsonAsync("/api/v1/checks", new CheckRequest(cardNumber, serial, null, "1320000001", "T-0001", "read", null));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("code").GetString()!;
    }
}
