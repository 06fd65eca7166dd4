using System.Net;
using System.Net.Http.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Products;
using HealthCard.App.Features.Terminals;
using HealthCard.TestKit;

namespace HealthCard.Web.Tests.Registry;

public sealed class InstitutionApiTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Institution_CreateEditSuspendReactivate_KeepsHistoryAndAudit(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var code = await RegistrySetup.InstitutionAsync(client, "medical", "130102", "石家庄市长安区人民医院");

        var edited = await client.PutAsJsonAsync($"/api/v1/institutions/{code}", new InstitutionRequest(null, null, "石家庄市长安区中心医院", "2A",
            "hospital", null, "李院长", "0311-80000001", Version: 0), HealthCardHost.Json);
        edited.StatusCode.ShouldBe(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        var stale = await client.PutAsJsonAsync($"/api/v1/institutions/{code}", new InstitutionRequest(null, null, "另一个名字", "2A",
            "hospital", null, Version: 0), HealthCardHost.Json);
        await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict, "institution.version_conflict");
        (await (await client.PostJsonAsync($"/api/v1/institutions/{code}/suspend", new { reason = "停业整顿" })).ReadJsonAsync())
            .GetProperty("status").GetString().ShouldBe("suspended");
        await (await client.PostAsync($"/api/v1/institutions/{code}/suspend", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "institution.invalid_transition");
        (await (await client.PostAsync($"/api/v1/institutions/{code}/reactivate", null)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("active");

        var view = await (await client.GetAsync($"/api/v1/institutions/{code}")).ReadJsonAsync();
        view.GetProperty("name").GetString().ShouldBe("石家庄市长安区中心医院");
        view.GetProperty("levelName").GetString().ShouldBe("二级甲等");
        view.GetProperty("typeName").GetString().ShouldBe("医院");
        view.GetProperty("regionName").GetString().ShouldNotBeNullOrEmpty();
        var history = await (await client.GetAsync($"/api/v1/institutions/{code}/history")).ReadJsonAsync();
        history.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ShouldBe(["create", "edit", "suspend", "reactivate"]);
        var edit = history[1].GetProperty("details");
        edit.GetProperty("name").GetProperty("from").GetString().ShouldBe("石家庄市长安区人民医院");
        edit.GetProperty("name").GetProperty("to").GetString().ShouldBe("石家庄市长安区中心医院");
        edit.GetProperty("level").GetProperty("from").GetString().ShouldBe("1A");
        history[2].GetProperty("reason").GetString().ShouldBe("停业整顿");
        (await RegistrySetup.AuditOfAsync(host, code)).ShouldBe([
            ("institution.create", "success"), ("institution.edit", "success"), ("institution.edit", "institution.version_conflict"),
            ("institution.suspend", "success"), ("institution.suspend", "institution.invalid_transition"), ("institution.reactivate", "success")]);
    }

    [Fact]
    public async Task Institution_BadInput_ListsEveryFieldInChineseAndEnglish_AndSavesNothing()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();

        var response = await client.PostJsonAsync("/api/v1/institutions", new InstitutionRequest("12-34", "hospital", "", "4A", null, "999999",
            ContactPhone: "call me"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "institution.invalid");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "code", "kind", "name", "regionCode", "contactPhone" })
        {
            var messages = errors.GetProperty(field);
            messages.GetArrayLength().ShouldBeGreaterThanOrEqualTo(2, field);
            messages[0].GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}", field);
        }
        var list = await (await client.GetAsync("/api/v1/institutions")).ReadJsonAsync();
        list.GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task Institution_OutsideTheCallersRegion_IsNotFoundAndCannotBeRegistered()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var admin = host.Client();
        var code = await RegistrySetup.InstitutionAsync(admin, "medical", "130102");
        var otherCity = host.Client(await host.CreateKeyAsync("baoding", "1306", Scope.RegistryRead, Scope.InstitutionsWrite));

        await (await otherCity.GetAsync($"/api/v1/institutions/{code}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await otherCity.PostAsync($"/api/v1/institutions/{code}/suspend", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var outside = await otherCity.PostJsonAsync("/api/v1/institutions", new InstitutionRequest(RegistrySetup.NewCode(), "bank", "中国银行石家庄分行",
            null, null, "130102"));
        (await outside.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "institution.invalid")).GetProperty("errors").GetProperty("regionCode");
        (await (await otherCity.GetAsync("/api/v1/institutions")).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Product_OnlyApprovedFilingsAreUsable_AndRevocationStopsNewUse(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var hospital = await RegistrySetup.InstitutionAsync(client);
        var manufacturer = await RegistrySetup.InstitutionAsync(client, "manufacturer", "130100", "河北华卡智能科技有限公司");
        var filed = await client.PostJsonAsync("/api/v1/products", new ProductRequest(manufacturer, "terminal", "HK-R200", null, "GJ-2026-0001",
            new DateOnly(2029, 1, 1)));
        filed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var product = await filed.ReadJsonAsync();
        product.GetProperty("status").GetString().ShouldBe("submitted");
        var id = product.GetProperty("id").GetGuid();

        var early = await client.PostJsonAsync("/api/v1/terminals", new TerminalRequest("HK-R200-0001", id, hospital));
        (await early.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "product.not_usable")).GetProperty("errors").GetProperty("productId");
        await (await client.PostJsonAsync("/api/v1/products", new ProductRequest(manufacturer, "terminal", "HK-R200", null, "GJ-2026-0002",
            new DateOnly(2029, 1, 1)))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "product.duplicate");

        var reviewer = await RegistrySetup.ReviewerAsync(host);
        (await (await reviewer.PostAsync($"/api/v1/products/{id}/approve", null)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("approved");
        (await client.PostJsonAsync("/api/v1/terminals", new TerminalRequest("HK-R200-0001", id, hospital))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await (await client.PostJsonAsync($"/api/v1/products/{id}/revoke", new { reason = "抽检不合格" })).ReadJsonAsync())
            .GetProperty("status").GetString().ShouldBe("revoked");
        await (await client.PostJsonAsync("/api/v1/terminals", new TerminalRequest("HK-R200-0002", id, hospital)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "product.not_usable");
        await (await reviewer.PostAsync($"/api/v1/products/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "product.invalid_transition");
        // An approved filing is read nationwide, but only the manufacturer's province (or the nation) reviews it.
        var beijing = host.Client(await host.CreateKeyAsync("beijing", "11", Scope.RegistryRead, Scope.InstitutionsWrite));
        var other = await RegistrySetup.ApprovedProductAsync(host, client, "sam");
        (await beijing.GetAsync($"/api/v1/products/{other}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await beijing.PostAsync($"/api/v1/products/{other}/revoke", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        var history = await (await client.GetAsync($"/api/v1/products/{id}/history")).ReadJsonAsync();
        history.EnumerateArray().Select(e => e.GetProperty("toStatus").GetString()).ShouldBe(["submitted", "approved", "revoked"]);
        (await RegistrySetup.AuditOfAsync(host, id.ToString())).Select(a => a.Action)
            .ShouldBe(["product.submit", "product.approve", "product.revoke", "product.approve"]);
        (await RegistrySetup.AuditOfAsync(host, other.ToString())).ShouldContain(("product.revoke", "not_found"));
    }

    [Fact]
    public async Task Product_FilingRules_AreCheckedPerField()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var client = host.Client();
        var bank = await RegistrySetup.InstitutionAsync(client, "bank", "130100", "中国银行石家庄分行");

        var noCapacity = await client.PostJsonAsync("/api/v1/products", new ProductRequest(bank, "user_card", "HC-X", "64K", "R-1", new DateOnly(2020, 1, 1)));
        var errors = (await noCapacity.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "product.invalid")).GetProperty("errors");
        errors.GetProperty("capacity")[0].GetString()!.ShouldContain("16K");
        errors.GetProperty("validUntil");
        // A bank is not a manufacturer.
        var notManufacturer = await client.PostJsonAsync("/api/v1/products", new ProductRequest(bank, "sam", "SAM-X", null, "R-1", new DateOnly(2030, 1, 1)));
        (await notManufacturer.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "institution.not_usable")).GetProperty("errors").GetProperty("manufacturerCode");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Card_IssuedFromAProduct_MustUseAnApprovedUserCardFiling(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var terminalProduct = await RegistrySetup.ApprovedProductAsync(host, client, "terminal");
        var cardProduct = await RegistrySetup.ApprovedProductAsync(host, client, "user_card");
        var (residentId, _) = await CardApiTests.RegisterAsync(client);

        var wrongKind = await client.PostJsonAsync("/api/v1/cards", new IssueCardRequest(residentId, "hospital", "13010000001", ProductId: terminalProduct));
        await wrongKind.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "product.not_usable");
        var issued = await client.PostJsonAsync("/api/v1/cards", new IssueCardRequest(residentId, "hospital", "13010000001", ProductId: cardProduct));

        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        (await issued.ReadJsonAsync()).GetProperty("productId").GetGuid().ShouldBe(cardProduct);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Terminal_Lifecycle_ThroughTheApi_WithAudit(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var hospital = await RegistrySetup.InstitutionAsync(client);
        var product = await RegistrySetup.ApprovedProductAsync(host, client, "terminal");
        (await client.PostJsonAsync("/api/v1/terminals", new TerminalRequest("T-2026-0001", product, hospital))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/terminals", new TerminalRequest("T-2026-0001", product, hospital)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "terminal.duplicate");

        foreach (var (operation, status) in new[] { ("freeze", "frozen"), ("unfreeze", "active"), ("report-loss", "reported_lost"), ("cancel", "cancelled") })
        {
            var changed = await client.PostAsync($"/api/v1/terminals/T-2026-0001/{operation}", null);
            (await changed.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe(status);
        }
        await (await client.PostAsync("/api/v1/terminals/T-2026-0001/unfreeze", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "terminal.invalid_transition");

        (await RegistrySetup.AuditOfAsync(host, "T-2026-0001")).ShouldBe([
            ("terminal.register", "success"), ("terminal.register", "terminal.duplicate"), ("terminal.freeze", "success"), ("terminal.unfreeze", "success"),
            ("terminal.report_loss", "success"), ("terminal.cancel", "success"), ("terminal.unfreeze", "terminal.invalid_transition")]);
        var list = await (await client.GetAsync($"/api/v1/terminals?institutionCode={hospital}&status=cancelled")).ReadJsonAsync();
        list.GetProperty("total").GetInt64().ShouldBe(1);
    }
}
