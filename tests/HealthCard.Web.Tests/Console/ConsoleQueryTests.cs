using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using HealthCard.App.Features.Audit;
using HealthCard.App.Features.Sams;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Console;

/// <summary>The read queries the console pages added beside the use cases: each scoped to the caller's region like its neighbours.</summary>
public sealed class ConsoleQueryTests
{
    private static Caller Staff(string region, params string[] scopes) => new("console-test", region, scopes.ToHashSet(), Channel.Console);

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Plans_AreVisibleToTheirProvince_TheTiersBelowIt_AndTheNationalLevel(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var at = DateTimeOffset.UtcNow;
        await host.WithDbAsync(async db =>
        {
            db.SamPlans.Add(new SamPlan { Id = Guid.NewGuid(), Number = "JH13TEST", RegionCode = "13", Counts = [0, 5, 0, 0, 0], CreatedBy = "t", CreatedAt = at });
            db.SamPlans.Add(new SamPlan { Id = Guid.NewGuid(), Number = "JH14TEST", RegionCode = "14", Counts = [1, 0, 0, 0, 0], CreatedBy = "t", CreatedAt = at.AddMinutes(1) });
            await db.SaveChangesAsync();
        });
        await using var scope = host.Services.CreateAsyncScope();
        var plans = scope.ServiceProvider.GetRequiredService<GetSamApplications>();

        async Task<string[]> NumbersAsync(string region) =>
            [.. (await plans.ListPlansAsync(Staff(region, Scope.RegistryRead), new PageRequest(), CancellationToken.None)).Value.Items.Select(p => p.Number)];

        (await NumbersAsync("")).ShouldBe(["JH14TEST", "JH13TEST"]);
        (await NumbersAsync("13")).ShouldBe(["JH13TEST"]);
        (await NumbersAsync("130102")).ShouldBe(["JH13TEST"]);
        (await NumbersAsync("14")).ShouldBe(["JH14TEST"]);
        (await NumbersAsync("15")).ShouldBeEmpty();
        var page = (await plans.ListPlansAsync(Staff("13", Scope.RegistryRead), new PageRequest(), CancellationToken.None)).Value;
        page.Total.ShouldBe(1);
        page.Items[0].Planned.ShouldBe([0, 5, 0, 0, 0]);
        page.Items[0].StockedIn.ShouldBe([0, 0, 0, 0, 0]);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Handovers_AreListedForTheTierThatGaveAndTheTierThatReceived(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var world = await SamWorld.BuildAsync(host);
        await world.StockInAsync(2, "1320000101", "1320000102");
        var number = (await world.StockOutAsync("1320000101", "1320000102")).GetProperty("number").GetString()!;
        await using var scope = host.Services.CreateAsyncScope();
        var sams = scope.ServiceProvider.GetRequiredService<GetSams>();

        async Task<IReadOnlyList<HandoverView>> ListAsync(string region) =>
            (await sams.ListHandoversAsync(Staff(region, Scope.RegistryRead), new PageRequest(), CancellationToken.None)).Value.Items;

        var mine = (await ListAsync("1301")).ShouldHaveSingleItem();
        mine.Number.ShouldBe(number);
        mine.ToInstitutionName.ShouldBe("石家庄市长安区医院");
        mine.Serials.ShouldBe(["1320000101", "1320000102"]);
        (await ListAsync("130102")).ShouldHaveSingleItem();
        (await ListAsync("")).ShouldHaveSingleItem();
        (await ListAsync("130104")).ShouldBeEmpty();
        (await sams.HandoverAsync(Staff("130104", Scope.RegistryRead), number, CancellationToken.None)).Error.ShouldBeOfType<NotFound>();
        (await sams.HandoverAsync(Staff("130102", Scope.RegistryRead), number, CancellationToken.None)).IsSuccess.ShouldBeTrue();

        // The region filter of the SAM list narrows within the caller's region.
        var inDistrict = (await sams.ListAsync(Staff("13", Scope.RegistryRead), null, null, null, null, "130102", new PageRequest(), CancellationToken.None)).Value;
        inDistrict.Items.Select(s => s.Serial).ShouldBe(["1320000101", "1320000102"]);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task AuditSearch_FiltersByActorActionAndTarget_NewestFirst_WithinTheCallersRegion(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var first = await RegistrySetup.InstitutionAsync(client, "medical", "130102");
        var second = await RegistrySetup.InstitutionAsync(client, "medical", "140105");
        await using var scope = host.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<ListAudit>();

        (await audit.SearchAsync(Staff(""), new AuditFilter(), new PageRequest(), CancellationToken.None)).Error.ShouldBeOfType<Forbidden>();
        var created = (await audit.SearchAsync(Staff("", Scope.AuditRead), new AuditFilter(Action: "institution.cr"), new PageRequest(), CancellationToken.None)).Value;
        created.Items.Select(e => e.TargetId).ShouldBe([second, first]);
        (await audit.SearchAsync(Staff("", Scope.AuditRead), new AuditFilter(TargetId: first), new PageRequest(), CancellationToken.None)).Value.Items.ShouldHaveSingleItem();
        (await audit.SearchAsync(Staff("", Scope.AuditRead), new AuditFilter(Actor: "nobody"), new PageRequest(), CancellationToken.None)).Value.Total.ShouldBe(0);
        (await audit.SearchAsync(Staff("13", Scope.AuditRead), new AuditFilter(Action: "institution."), new PageRequest(), CancellationToken.None)).Value.Items
            .Select(e => e.TargetId).ShouldBe([first]);
        var future = DateTimeOffset.UtcNow.AddDays(1);
        (await audit.SearchAsync(Staff("", Scope.AuditRead), new AuditFilter(From: future), new PageRequest(), CancellationToken.None)).Value.Total.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task ApiKeys_AreListedAndRevokedWithinTheCallersRegion_AndNeverShowTheirSecret(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await using var scope = host.Services.CreateAsyncScope();
        var create = scope.ServiceProvider.GetRequiredService<CreateApiKey>();
        var keys = scope.ServiceProvider.GetRequiredService<ManageApiKeys>();
        (await create.ExecuteAsync(Caller.System, "his-shijiazhuang", "1301", [Scope.RegistryRead], null, CancellationToken.None)).IsSuccess.ShouldBeTrue();
        (await create.ExecuteAsync(Caller.System, "his-taiyuan", "1401", [Scope.RegistryRead], null, CancellationToken.None)).IsSuccess.ShouldBeTrue();

        var hebei = Staff("13", Scope.UsersManage);
        var listed = (await keys.ListAsync(hebei, null, includeRevoked: false, new PageRequest(), CancellationToken.None)).Value.Items.ShouldHaveSingleItem();
        listed.Name.ShouldBe("his-shijiazhuang");
        var taiyuan = (await keys.ListAsync(Staff("", Scope.UsersManage), "taiyuan", includeRevoked: false, new PageRequest(), CancellationToken.None)).Value.Items.ShouldHaveSingleItem();

        (await keys.RevokeAsync(hebei, taiyuan.Id, "停用", CancellationToken.None)).Error.ShouldBeOfType<NotFound>();
        (await keys.RevokeAsync(Staff("13", Scope.RegistryRead), listed.Id, "停用", CancellationToken.None)).Error.ShouldBeOfType<Forbidden>();
        (await keys.RevokeAsync(hebei, listed.Id, " ", CancellationToken.None)).Error.ShouldBeOfType<ValidationFailed>();
        var revoked = await keys.RevokeAsync(hebei, listed.Id, "系统下线", CancellationToken.None);
        revoked.Value.RevokedAt.ShouldNotBeNull();
        (await keys.RevokeAsync(hebei, listed.Id, "再次", CancellationToken.None)).Error!.Code.ShouldBe("apikey.revoked");
        (await keys.ListAsync(hebei, null, includeRevoked: false, new PageRequest(), CancellationToken.None)).Value.Total.ShouldBe(0);
        (await keys.ListAsync(hebei, null, includeRevoked: true, new PageRequest(), CancellationToken.None)).Value.Total.ShouldBe(1);
        (await RegistrySetup.AuditOfAsync(host, "his-shijiazhuang")).ShouldContain(("apikey.revoke", "success"));
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task ApiKeyCreation_GrantsNoScopeTheCreatorLacks_AndNeedsUsersManage(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await using var scope = host.Services.CreateAsyncScope();
        var create = scope.ServiceProvider.GetRequiredService<CreateApiKey>();
        var regionAdmin = Staff("1301", Scope.UsersManage, Scope.RegistryRead, Scope.RegistryWrite);

        var wider = await create.ExecuteAsync(regionAdmin, "his-wider", "1301", [Scope.RegistryRead, Scope.KeysManage, Scope.Admin], null, CancellationToken.None);
        var refused = wider.Error.ShouldBeOfType<ValidationFailed>();
        refused.Fields["scopes"].Select(m => m.En).ShouldBe(
            ["A key cannot be given the scope 'keys:manage', which its creator lacks", "A key cannot be given the scope 'admin', which its creator lacks"]);
        var operatorKey = await create.ExecuteAsync(Staff("1301", Scope.RegistryRead), "his-operator", "1301", [Scope.RegistryRead], null, CancellationToken.None);
        operatorKey.Error.ShouldBeOfType<Forbidden>();
        (await create.ExecuteAsync(regionAdmin, "his-own", "1301", [Scope.RegistryRead, Scope.RegistryWrite], null, CancellationToken.None)).IsSuccess.ShouldBeTrue();
        var stored = (await scope.ServiceProvider.GetRequiredService<ManageApiKeys>().ListAsync(Staff("", Scope.UsersManage), "his-", includeRevoked: true, new PageRequest(), CancellationToken.None)).Value;
        stored.Items.Select(k => k.Name).ShouldBe(["his-own"]);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task BoundedCount_StopsAtItsLimit_AndSaysTheTotalIsALowerBound(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await using var scope = host.Services.CreateAsyncScope();
        var create = scope.ServiceProvider.GetRequiredService<CreateApiKey>();
        for (var i = 0; i < 5; i++)
        {
            (await create.ExecuteAsync(Caller.System, $"bounded-{i}", "", [Scope.RegistryRead], null, CancellationToken.None)).IsSuccess.ShouldBeTrue();
        }
        var created = 0L;
        Paged<long> bounded = null!, exact = null!;
        await host.WithDbAsync(async db =>
        {
            var entries = db.AuditEntries.Where(a => a.Action == "apikey.create" && a.TargetId!.StartsWith("bounded-")).OrderBy(a => a.Id);
            created = await entries.LongCountAsync();
            bounded = await Paged<long>.ReadAsync(entries, new PageRequest(1, 2), a => a.Id, countUpTo: 3, CancellationToken.None);
            exact = await Paged<long>.ReadAsync(entries, new PageRequest(1, 2), a => a.Id, countUpTo: 5, CancellationToken.None);
        });

        created.ShouldBe(5);
        (bounded.Total, bounded.TotalIsLowerBound, bounded.Items.Count).ShouldBe((3L, true, 2));
        (exact.Total, exact.TotalIsLowerBound).ShouldBe((5L, false));
    }
}
