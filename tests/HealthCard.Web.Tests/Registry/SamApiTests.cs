using System.Net;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Sams;
using HealthCard.Chip.Virtual;
using HealthCard.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Registry;

public sealed class SamApiTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Application_RollsUpFromDistrictToCityToProvince_ThenBecomesAPlan(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var admin = host.Client();
        var hospital = await RegistrySetup.InstitutionAsync(admin, "medical", "130102");
        var district = host.Client(await host.CreateKeyAsync("changan", "130102", Scope.RegistryRead, Scope.SamsWrite));
        var city = host.Client(await host.CreateKeyAsync("shijiazhuang", "1301", Scope.RegistryRead, Scope.SamsWrite));
        var province = host.Client(await host.CreateKeyAsync("hebei", "13", Scope.RegistryRead, Scope.SamsWrite));

        var applied = await district.PostJsonAsync("/api/v1/sam-applications", new SamApplicationRequest(hospital, 2, 5, "门诊读写卡终端"));
        applied.StatusCode.ShouldBe(HttpStatusCode.Created, await applied.Content.ReadAsStringAsync());
        var application = await applied.ReadJsonAsync();
        application.GetProperty("nextReviewLevel").GetString().ShouldBe("district");
        var id = application.GetProperty("id").GetGuid();

        // The city cannot skip the district; each level acts in turn.
        await (await city.PostAsync($"/api/v1/sam-applications/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "sam_application.wrong_level");
        (await (await district.PostAsync($"/api/v1/sam-applications/{id}/approve", null)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("district_approved");
        (await (await city.PostAsync($"/api/v1/sam-applications/{id}/approve", null)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("city_approved");
        await (await province.PostJsonAsync("/api/v1/sam-plans", new SamPlanRequest("13", null))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "sam_plan.nothing_to_plan");
        (await (await province.PostAsync($"/api/v1/sam-applications/{id}/approve", null)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("approved");
        await (await province.PostAsync($"/api/v1/sam-applications/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "sam_application.invalid_transition");

        var rejected = await district.PostJsonAsync("/api/v1/sam-applications", new SamApplicationRequest(hospital, 1, 3, "自助机"));
        var rejectedId = (await rejected.ReadJsonAsync()).GetProperty("id").GetGuid();
        await (await district.PostAsync($"/api/v1/sam-applications/{rejectedId}/reject", null)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "sam_application.invalid");
        (await (await district.PostJsonAsync($"/api/v1/sam-applications/{rejectedId}/reject", new { reason = "数量不合理" })).ReadJsonAsync())
            .GetProperty("status").GetString().ShouldBe("rejected");

        var planned = await province.PostJsonAsync("/api/v1/sam-plans", new SamPlanRequest("13", null));
        planned.StatusCode.ShouldBe(HttpStatusCode.Created, await planned.Content.ReadAsStringAsync());
        var plan = await planned.ReadJsonAsync();
        plan.GetProperty("planned").EnumerateArray().Select(c => c.GetInt32()).ShouldBe([0, 5, 0, 0, 0]);
        plan.GetProperty("applicationIds").EnumerateArray().Select(a => a.GetGuid()).ShouldBe([id]);
        var list = await (await admin.GetAsync("/api/v1/sam-applications?status=planned")).ReadJsonAsync();
        list.GetProperty("total").GetInt64().ShouldBe(1);
        (await RegistrySetup.AuditOfAsync(host, id.ToString())).ShouldBe([
            ("sam_application.submit", "success"), ("sam_application.approve", "sam_application.wrong_level"), ("sam_application.approve", "success"),
            ("sam_application.approve", "success"), ("sam_application.approve", "success"), ("sam_application.approve", "sam_application.invalid_transition")]);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task StockInOutAndUse_PersonalizesSealedImagesAndRecordsTheHandover(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var world = await SamWorld.BuildAsync(host);
        var client = world.Client;

        var range = await client.PostJsonAsync("/api/v1/sams/stock-in", new StockInRequest(world.SamProduct, 2, null, "1320000001", "1320000004",
            RegionCode: "1301"));
        range.StatusCode.ShouldBe(HttpStatusCode.Created, await range.Content.ReadAsStringAsync());
        (await range.ReadJsonAsync()).GetProperty("count").GetInt32().ShouldBe(4);
        await (await client.PostJsonAsync("/api/v1/sams/stock-in", new StockInRequest(world.SamProduct, 2, ["1320000004"], RegionCode: "1301")))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "sam.duplicate_serial");
        await (await client.PostJsonAsync("/api/v1/sams/stock-in", new StockInRequest(world.TerminalProduct, 2, ["1320000009"], RegionCode: "1301")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "product.not_usable");

        // The SAM image is sealed in the database; unsealed, it is a type-2 SAM of that serial holding Hebei's keys.
        await host.WithDbAsync(async db =>
        {
            var sealedImage = await db.Sams.Where(s => s.Serial == "1320000001").Select(s => s.SealedImage).SingleAsync();
            await using var scope = host.Services.CreateAsyncScope();
            var image = await scope.ServiceProvider.GetRequiredService<KeyService>().UnsealSamImageAsync(sealedImage);
            var sam = VirtualSam.ImportImage(image.Value);
            sam.Serial.ShouldBe("1320000001");
            sam.Type.ShouldBe(2);
            // Sealed means no part of the image (keys, PIN, certificates) is readable from the stored bytes.
            Convert.ToHexString(sealedImage).ShouldNotContain(Convert.ToHexString(image.Value.AsSpan(0, 48)));
            System.Text.Encoding.UTF8.GetString(sealedImage).ShouldNotContain("123456");
        });

        var handover = await world.StockOutAsync("1320000001", "1320000002");
        handover.GetProperty("number").GetString()!.ShouldStartWith("JJ");
        handover.GetProperty("toInstitutionCode").GetString().ShouldBe(world.Hospital);
        handover.GetProperty("toInstitutionName").GetString().ShouldBe("石家庄市长安区医院");
        handover.GetProperty("serials").EnumerateArray().Select(s => s.GetString()).ShouldBe(["1320000001", "1320000002"]);
        var printed = await (await client.GetAsync($"/api/v1/sams/handovers/{handover.GetProperty("number").GetString()}")).ReadJsonAsync();
        printed.GetProperty("receivedBy").GetString().ShouldBe("医院 钱");
        await (await client.PostJsonAsync("/api/v1/sams/stock-out", new StockOutRequest(["1320000001"], world.Hospital)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "sam.not_in_stock");

        await world.TerminalAsync("T-CA-0001");
        var bound = await world.BindAsync("1320000001", "T-CA-0001");
        var view = await bound.ReadJsonAsync();
        view.GetProperty("status").GetString().ShouldBe("active");
        view.GetProperty("terminalSerial").GetString().ShouldBe("T-CA-0001");
        view.GetProperty("responsiblePerson").GetString().ShouldBe("孙护士长");
        // One SAM per terminal: the second SAM cannot be bound where the first is.
        await (await world.BindAsync("1320000002", "T-CA-0001")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "sam.terminal_occupied");
        // Not allocated to this institution: still in stock.
        (await (await world.BindAsync("1320000003", "T-CA-0001")).ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("sam.invalid");

        (await RegistrySetup.AuditOfAsync(host, "1320000001")).Select(a => a.Action).ShouldBe(["sam.activate"]);
        var history = await (await client.GetAsync("/api/v1/sams/1320000001/history")).ReadJsonAsync();
        history.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ShouldBe(["stock_in", "allocate", "activate"]);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task LostSam_IsReplacedByAnotherThatTakesOverItsTerminal(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var world = await SamWorld.BuildAsync(host);
        await world.InUseAsync("1320000011", "T-CA-0011");
        await world.StockInAsync(2, "1320000012");
        await world.StockOutAsync("1320000012");

        (await (await world.Client.PostAsync("/api/v1/sams/1320000011/report-loss", null)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("reported_lost");
        var replaced = await world.Client.PostJsonAsync("/api/v1/sams/1320000011/replace", new SamReplaceRequest("1320000012", "丢失补办"));

        var replacement = await replaced.ReadJsonAsync();
        replacement.GetProperty("serial").GetString().ShouldBe("1320000012");
        replacement.GetProperty("status").GetString().ShouldBe("active");
        replacement.GetProperty("terminalSerial").GetString().ShouldBe("T-CA-0011");
        var old = await (await world.Client.GetAsync("/api/v1/sams/1320000011")).ReadJsonAsync();
        old.GetProperty("status").GetString().ShouldBe("cancelled");
        old.GetProperty("replacedBySerial").GetString().ShouldBe("1320000012");
    }

    [Fact]
    public async Task SamList_FiltersByTypeStatusAndSerial_AndPages()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var world = await SamWorld.BuildAsync(host);
        await world.StockInAsync(1, [.. Enumerable.Range(1, 25).Select(i => $"13100000{i:D2}")]);
        await world.StockInAsync(3, "1330000001", "1330000002");
        await world.StockOutAsync("1310000001", "1310000002");
        (await world.Client.PostAsync("/api/v1/sams/1330000001/freeze", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict); // in stock: not in use

        var page2 = await (await world.Client.GetAsync("/api/v1/sams?type=1&page=2&pageSize=10")).ReadJsonAsync();
        page2.GetProperty("total").GetInt64().ShouldBe(25);
        page2.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("serial").GetString()).First().ShouldBe("1310000011");
        page2.GetProperty("items").GetArrayLength().ShouldBe(10);
        var allocated = await (await world.Client.GetAsync("/api/v1/sams?status=allocated")).ReadJsonAsync();
        allocated.GetProperty("total").GetInt64().ShouldBe(2);
        var bySerial = await (await world.Client.GetAsync("/api/v1/sams?serial=13300")).ReadJsonAsync();
        bySerial.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("type").GetInt32()).ShouldBe([3, 3]);
        var elsewhere = host.Client(await host.CreateKeyAsync("handan", "1304", Scope.RegistryRead));
        (await (await elsewhere.GetAsync("/api/v1/sams")).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task StockIn_WhileTheKeyServiceIsSealed_IsRefusedAndStoresNothing()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var world = await SamWorld.BuildAsync(host);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<KeyCeremony>().SealAsync(Caller.CommandLine("custodian"), CancellationToken.None)).IsSuccess.ShouldBeTrue();
        }

        var refused = await world.Client.PostJsonAsync("/api/v1/sams/stock-in", new StockInRequest(world.SamProduct, 2, ["1320000021"], RegionCode: "1301"));

        await refused.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "keys.sealed");
        (await (await world.Client.GetAsync("/api/v1/sams")).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }
}
