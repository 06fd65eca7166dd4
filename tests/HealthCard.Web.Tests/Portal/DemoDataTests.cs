using HealthCard.App.Common;
using HealthCard.App.Features.Applications;
using HealthCard.App.Features.Demo;
using HealthCard.App.Features.Imports;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Production;
using HealthCard.App.Features.Products;
using HealthCard.App.Features.Sams;
using HealthCard.App.Features.Statistics;
using HealthCard.App.Features.Terminals;
using HealthCard.App.Features.Usage;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.Production;
using HealthCard.Domain.Products;
using HealthCard.Domain.SecurityModules;
using HealthCard.Domain.Terminals;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Portal;

/// <summary>
/// The demo fills every console page: after the host's seeding steps, each area's own query (the one its console page
/// calls) returns rows, in several states; seeding again changes nothing.
/// </summary>
public sealed class DemoDataTests
{
    private static readonly PageRequest All = new(1, PageRequest.MaxSize);

    [Fact]
    public async Task Demo_FillsEveryConsoleArea_InSeveralStates_AndSeedingAgainChangesNothing()
    {
        await using var host = await HealthCardHost.StartAsync(TestDatabase.Sqlite);
        Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action) => Keys.KeyTestKit.WithAsync(host, action);
        var ct = CancellationToken.None;
        var system = Caller.System;

        // As HealthCardWeb.InitializeAsync does on a fresh database.
        (await WithAsync(sp => sp.GetRequiredService<DemoData>().SeedIfEmptyAsync(ct))).ShouldNotBeNull();
        (await WithAsync(sp => sp.GetRequiredService<DemoData>().EnsureKeysAsync(null, ct))).ShouldNotBeNull();
        (await WithAsync(sp => sp.GetRequiredService<DemoData>().SeedAfterKeysAsync(ct))).ShouldBeTrue();

        // 申领审核
        var applications = (await WithAsync(sp => sp.GetRequiredService<GetApplications>().ListAsync(system, null, null, All, ct))).Value.Items;
        new[] { ApplicationStatus.Submitted, ApplicationStatus.CountyReviewed, ApplicationStatus.Approved, ApplicationStatus.Rejected }
            .ShouldBeSubsetOf(applications.Select(a => a.Status));
        new[] { ApplicationChannel.Paper, ApplicationChannel.Hospital, ApplicationChannel.Bank }.ShouldBeSubsetOf(applications.Select(a => a.Channel));

        // 制卡批次: one exported and returned (made, failed, delivered), one just created.
        var batches = (await WithAsync(sp => sp.GetRequiredService<GetProductionBatches>().ListAsync(system, null, All, ct))).Value.Items;
        batches.Select(b => b.Status).ShouldBe([BatchStatus.Created, BatchStatus.Returned], ignoreOrder: true);
        var returnedId = batches.Single(b => b.Status == BatchStatus.Returned).Id;
        var returned = await WithAsync(sp => sp.GetRequiredService<GetProductionBatches>().OneAsync(system, returnedId, ct));
        returned.Value.ExportCount.ShouldBe(1);
        new[] { BatchItemStatus.Produced, BatchItemStatus.Failed }.ShouldBeSubsetOf(returned.Value.Items!.Select(i => i.Status));
        new[] { CardStatus.Produced, CardStatus.Distributed, CardStatus.Cancelled }.ShouldBeSubsetOf(returned.Value.Items!.Select(i => i.CardStatus));

        // 人口导入: completed, with one refused line.
        var import = (await WithAsync(sp => sp.GetRequiredService<ListImports>().ExecuteAsync(system, null, All, ct))).Value.Items.ShouldHaveSingleItem();
        import.Status.ShouldBe(ImportStatus.Completed);
        import.Accepted.ShouldBe(DemoIssuance.ImportedResidents);
        import.Rejected.ShouldBe(1);

        // SAM: applications, plans, stock (入库/出库 with handover records), maintenance.
        var samApplications = (await WithAsync(sp => sp.GetRequiredService<GetSamApplications>().ListAsync(system, null, All, ct))).Value.Items;
        new[] { SamApplicationStatus.Submitted, SamApplicationStatus.DistrictApproved, SamApplicationStatus.Planned, SamApplicationStatus.Rejected }
            .ShouldBeSubsetOf(samApplications.Select(a => a.Status));
        var plan = (await WithAsync(sp => sp.GetRequiredService<GetSamApplications>().ListPlansAsync(system, All, ct))).Value.Items.ShouldHaveSingleItem();
        plan.StockedIn.ShouldBe(plan.Planned);
        var sams = (await WithAsync(sp => sp.GetRequiredService<GetSams>().ListAsync(system, null, null, null, null, All, ct))).Value.Items;
        new[] { SamStatus.InStock, SamStatus.Allocated, SamStatus.Active, SamStatus.Locked, SamStatus.ReportedLost, SamStatus.Scrapped }
            .ShouldBeSubsetOf(sams.Select(s => s.Status));
        var handovers = (await WithAsync(sp => sp.GetRequiredService<GetSams>().ListHandoversAsync(system, All, ct))).Value.Items;
        handovers.Count.ShouldBe(3);
        handovers.ShouldContain(h => h.ToInstitutionCode == DemoData.Institutions[0].Code && h.ToInstitutionName == DemoData.Institutions[0].Name);

        // 终端: some with their SAM, one frozen, one cancelled.
        var terminals = (await WithAsync(sp => sp.GetRequiredService<GetTerminals>().ListAsync(system, null, null, All, ct))).Value.Items;
        new[] { TerminalStatus.Active, TerminalStatus.Frozen, TerminalStatus.Cancelled }.ShouldBeSubsetOf(terminals.Select(t => t.Status));
        terminals.Count(t => t.SamSerial is not null).ShouldBeGreaterThanOrEqualTo(3);

        // 机构: the demo's hospitals, every kind, both statuses.
        var institutions = (await WithAsync(sp => sp.GetRequiredService<GetInstitutions>().ListAsync(system, null, null, null, All, ct))).Value.Items;
        DemoData.Institutions.Select(i => i.Code).ShouldBeSubsetOf(institutions.Select(i => i.Code));
        Enum.GetValues<InstitutionKind>().ShouldBeSubsetOf(institutions.Select(i => i.Kind));
        institutions.ShouldContain(i => i.Status == InstitutionStatus.Suspended);

        // 产品备案
        var products = (await WithAsync(sp => sp.GetRequiredService<GetProducts>().ListAsync(system, null, null, null, All, ct))).Value.Items;
        new[] { ProductStatus.Submitted, ProductStatus.Approved, ProductStatus.Rejected }.ShouldBeSubsetOf(products.Select(p => p.Status));

        // 密钥申请: Hebei's issued one, and others waiting, approved and rejected; Hebei's handover record.
        var keyApplications = (await WithAsync(sp => sp.GetRequiredService<GetKeyApplications>().ListAsync(Caller.System, null, ct))).Value;
        keyApplications.Select(a => a.Status).ShouldBe(["issued", "submitted", "approved", "rejected"], ignoreOrder: true);
        (await WithAsync(sp => sp.GetRequiredService<GetKeyHandovers>().ListAsync(Caller.System, null, ct))).Value.ShouldHaveSingleItem().ProvinceCode.ShouldBe("13");

        // 统计 and the dashboard: the coverage plans, and two weeks of card use.
        (await WithAsync(sp => sp.GetRequiredService<GetCoveragePlans>().ExecuteAsync(system, DemoData.DemoCity, ct))).Value.Count.ShouldBe(2);
        var uses = await WithAsync(sp => sp.GetRequiredService<UsageTrend>().ExecuteAsync(system, 14, ct));
        uses.Value.Count(d => d.Count > 0).ShouldBeGreaterThanOrEqualTo(10);

        // Seeding again (the next start) changes nothing.
        var counts = await CountsAsync(host);
        (await WithAsync(sp => sp.GetRequiredService<DemoData>().SeedIfEmptyAsync(ct))).ShouldBeNull();
        (await WithAsync(sp => sp.GetRequiredService<DemoData>().EnsureKeysAsync(null, ct))).ShouldBeNull();
        (await WithAsync(sp => sp.GetRequiredService<DemoData>().SeedAfterKeysAsync(ct))).ShouldBeFalse();
        (await CountsAsync(host)).ShouldBe(counts);
    }

    /// <summary>How many rows each area's console query finds.</summary>
    private static Task<long[]> CountsAsync(HealthCardHost host) => Keys.KeyTestKit.WithAsync(host, async sp =>
    {
        var system = Caller.System;
        var ct = CancellationToken.None;
        return new[]
        {
            (await sp.GetRequiredService<GetApplications>().ListAsync(system, null, null, All, ct)).Value.Total,
            (await sp.GetRequiredService<GetProductionBatches>().ListAsync(system, null, All, ct)).Value.Total,
            (await sp.GetRequiredService<ListImports>().ExecuteAsync(system, null, All, ct)).Value.Total,
            (await sp.GetRequiredService<GetSamApplications>().ListAsync(system, null, All, ct)).Value.Total,
            (await sp.GetRequiredService<GetSamApplications>().ListPlansAsync(system, All, ct)).Value.Total,
            (await sp.GetRequiredService<GetSams>().ListAsync(system, null, null, null, null, All, ct)).Value.Total,
            (await sp.GetRequiredService<GetSams>().ListHandoversAsync(system, All, ct)).Value.Total,
            (await sp.GetRequiredService<GetTerminals>().ListAsync(system, null, null, All, ct)).Value.Total,
            (await sp.GetRequiredService<GetInstitutions>().ListAsync(system, null, null, null, All, ct)).Value.Total,
            (await sp.GetRequiredService<GetProducts>().ListAsync(system, null, null, null, All, ct)).Value.Total,
            (await sp.GetRequiredService<GetKeyApplications>().ListAsync(Caller.System, null, ct)).Value.Count,
            (await sp.GetRequiredService<GetCoveragePlans>().ExecuteAsync(system, null, ct)).Value.Count,
        };
    });
}
