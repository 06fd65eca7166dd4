using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Products;
using HealthCard.App.Features.Sams;
using HealthCard.App.Features.Terminals;
using HealthCard.App.Features.Usage;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.Products;
using HealthCard.Domain.SecurityModules;
using HealthCard.Domain.Terminals;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Demo;

/// <summary>
/// The demo's registry side: institutions, product filings and terminals (<see cref="SeedAsync"/>), and SAMs from
/// application to use with the card use at their terminals (<see cref="SeedSamsAsync"/>), so that the console's 机构,
/// 产品备案, 终端 and SAM pages and the dashboard's card use show rows in several states. Like the rest of the demo,
/// every row is made by the real use case, validated and audited. The SAMs come after the demo's key ceremony: stock-in
/// personalizes each SAM with the province's keys.
/// </summary>
public sealed class DemoRegistry(CreateInstitution createInstitution, ChangeInstitutionStatus changeInstitution, SubmitProduct submitProduct,
    ReviewProduct reviewProduct, GetProducts products, RegisterTerminal registerTerminal, ChangeTerminalStatus changeTerminal,
    ApplyForSams applyForSams, ReviewSamApplication reviewSamApplication, CreateSamPlan createSamPlan, StockInSams stockIn, StockOutSams stockOut,
    BindSam bindSam, ChangeSamStatus changeSam, IngestUsageEvents ingestUsage, HealthCardDb db, ResidentMapper mapper, TimeProvider clock)
{
    /// <summary>
    /// The demo's terminals: serial (the product's model and production lot, as on the device's label), institution, and
    /// where it stands (the location of the SAM bound to it).
    /// </summary>
    private static readonly (string Serial, DemoInstitution Institution, string Location)[] DemoTerminals =
    [
        ("T300-2611-0001", DemoData.Institutions[0], "门诊楼一层挂号收费处 1 号窗口"),
        ("T300-2611-0002", DemoData.Institutions[0], "门诊楼一层挂号收费处 2 号窗口"),
        ("T300-2611-0003", DemoData.Institutions[0], "住院部一层入院登记处"),
        ("T300-2611-0004", DemoData.Institutions[0], "住院部二层护士站"),
        ("T300-2611-0005", DemoData.Institutions[1], "门诊大厅自助服务区"),
        ("T300-2611-0006", DemoData.Institutions[1], "急诊科分诊台"),
        ("T300-2611-0007", DemoData.Institutions[2], "全科诊室"),
        ("T300-2611-0008", DemoData.Bank, "中山路支行营业厅"),
    ];

    /// <summary>The SAMs the demo binds to terminals: SAM serial, terminal serial, the person responsible.</summary>
    private static readonly (string Sam, string Terminal, string Person)[] Bindings =
    [
        ("1330260001", "T300-2611-0001", "张伟"),
        ("1330260002", "T300-2611-0002", "张伟"),
        ("1330260003", "T300-2611-0003", "陈静"),
        ("1310260001", "T300-2611-0007", "刘芳"),
    ];

    /// <summary>Registers the institutions, files the products (approved, submitted, rejected) and registers the terminals.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await InstitutionsAsync(cancellationToken);
        var terminalProduct = await ProductsAsync(cancellationToken);
        await TerminalsAsync(terminalProduct, cancellationToken);
    }

    /// <summary>
    /// The three demo hospitals, the partner bank (it makes the batch cards), the manufacturer (it files the products), the
    /// province's personalization centre, and a township hospital suspended for rectification: every kind, both statuses.
    /// </summary>
    private async Task InstitutionsAsync(CancellationToken cancellationToken)
    {
        var system = Caller.System;
        foreach (var institution in DemoData.Institutions.Append(DemoData.Bank).Append(DemoData.Manufacturer)
            .Append(DemoData.PersonalizationCentre).Append(DemoData.SuspendedClinic))
        {
            await createInstitution.ExecuteAsync(system, new InstitutionRequest(institution.Code, institution.Kind, institution.Name, institution.Level,
                institution.Type, institution.RegionCode, institution.ContactName, institution.ContactPhone), cancellationToken)
                .OrThrowAsync($"register institution {institution.Name}");
        }
        await changeInstitution.ExecuteAsync(system, DemoData.SuspendedClinic.Code, InstitutionTrigger.Suspend, "卫生监督检查发现消毒隔离不达标，停业整顿",
            cancellationToken).OrThrowAsync("suspend the township hospital");
    }

    /// <summary>
    /// The manufacturer's filings: an approved user card, SAM and terminal (the batches, SAMs and terminals use them), a
    /// mobile terminal still under review and a user card rejected. Returns the approved terminal product.
    /// </summary>
    private async Task<Guid> ProductsAsync(CancellationToken cancellationToken)
    {
        var validUntil = clock.Today().AddYears(3);
        var maker = DemoData.Manufacturer.Code;
        // The manufacturer files, the province reviews: submitter and reviewer are never the same person.
        var filer = DemoSteps.As(DemoData.Manufacturer.Name, DemoData.Manufacturer.RegionCode);
        Task<ProductView> FileAsync(string kind, string model, string? capacity, string report) =>
            submitProduct.ExecuteAsync(filer, new ProductRequest(maker, kind, model, capacity, report, validUntil), cancellationToken)
                .OrThrowAsync($"file product {model}");
        Task<ProductView> ReviewAsync(ProductView filing, ProductTrigger trigger, string comment) =>
            reviewProduct.ExecuteAsync(DemoSteps.Province, filing.Id, trigger, comment, cancellationToken).OrThrowAsync($"review product {filing.Model}");

        await ReviewAsync(await FileAsync("user_card", "HK-UC32A 居民健康卡用户卡", "32K", "国卡检字〔2026〕第0815号"), ProductTrigger.Approve,
            "检测报告齐全，符合居民健康卡用户卡技术规范");
        await ReviewAsync(await FileAsync("sam", "HK-SAM3 居民健康卡 SAM 卡", null, "国卡检字〔2026〕第0816号"), ProductTrigger.Approve,
            "检测报告齐全，符合 SAM 卡技术规范");
        var terminal = await ReviewAsync(await FileAsync("terminal", "HK-T300 台式读写器", null, "国卡检字〔2026〕第0817号"), ProductTrigger.Approve,
            "检测报告齐全，符合终端技术规范");
        await FileAsync("terminal", "HK-M80 移动读写终端", null, "国卡检字〔2026〕第1102号");
        await ReviewAsync(await FileAsync("user_card", "HK-UC80B 双界面用户卡", "80K", "冀卡检字〔2026〕第0233号"), ProductTrigger.Reject,
            "检测报告未覆盖非接触接口项目，请补充检测后重新备案");
        return terminal.Id;
    }

    /// <summary>Card readers in the hospitals, the community centre and a bank branch; one frozen for repair, one scrapped.</summary>
    private async Task TerminalsAsync(Guid product, CancellationToken cancellationToken)
    {
        var system = Caller.System;
        foreach (var (serial, institution, _) in DemoTerminals)
        {
            await registerTerminal.ExecuteAsync(system, new TerminalRequest(serial, product, institution.Code), cancellationToken)
                .OrThrowAsync($"register terminal {serial}");
        }
        await changeTerminal.ExecuteAsync(system, "T300-2611-0006", TerminalTrigger.Freeze, "读卡模块故障，送厂维修", cancellationToken)
            .OrThrowAsync("freeze a terminal");
        await changeTerminal.ExecuteAsync(system, "T300-2611-0004", TerminalTrigger.Cancel, "设备老化报废，已更换新终端", cancellationToken)
            .OrThrowAsync("cancel a terminal");
    }

    /// <summary>
    /// SAMs from application to use, as the management measures describe them: institutions apply, the applications roll
    /// up district → city → province (one is still waiting for its district, one for its city, one is rejected), the
    /// province plans the approved ones, stocks the SAMs in (personalized with Hebei's keys), hands most of them to the
    /// city, the city hands them to the hospitals (each handover with its 交接单), and the hospitals bind them to their
    /// terminals. A few then leave normal use (locked, lost, scrapped) and a few stay in stock at each tier. Last, two
    /// weeks of card use at the terminals in use. Needs the key service unsealed with Hebei's keys issued.
    /// </summary>
    public async Task SeedSamsAsync(CancellationToken cancellationToken)
    {
        var plan = await ApplicationsAsync(cancellationToken);
        await StockAsync(plan, cancellationToken);
        await UseAsync(cancellationToken);
        await CardUseAsync(cancellationToken);
    }

    /// <summary>The applications in every state of the review; returns the plan made from the approved ones.</summary>
    private async Task<Guid> ApplicationsAsync(CancellationToken cancellationToken)
    {
        var changan = DemoSteps.County(DemoAccounts.DemoDistrict, "长安区");
        var xinhua = DemoSteps.County(DemoData.Institutions[1].RegionCode, "新华区");
        var (city, province) = (DemoSteps.City, DemoSteps.Province);
        // Each institution applies itself (the console shows who applied).
        Task<SamApplicationView> ApplyAsync(DemoInstitution institution, int type, int count, string purpose) =>
            applyForSams.ExecuteAsync(DemoSteps.As(institution.Name, institution.RegionCode),
                new SamApplicationRequest(institution.Code, type, count, purpose), cancellationToken).OrThrowAsync($"SAM application of {institution.Name}");
        Task<SamApplicationView> ReviewAsync(Caller reviewer, SamApplicationView application, bool approve, string comment) =>
            reviewSamApplication.ExecuteAsync(reviewer, application.Id, approve, comment, cancellationToken)
                .OrThrowAsync($"review the SAM application of {application.InstitutionCode}");

        // A district's institution: district, city and province approve.
        var community = await ApplyAsync(DemoData.Institutions[2], 1, 4, "社区门诊及家庭医生签约服务读卡终端配置，用于居民健康卡就诊身份识别");
        await ReviewAsync(changan, community, approve: true, "同意，数量与终端配置相符");
        await ReviewAsync(city, community, approve: true, "同意");
        await ReviewAsync(province, community, approve: true, "同意，纳入本年度制卡计划");
        // A city-level hospital's starts at the city.
        var hospital = await ApplyAsync(DemoData.Institutions[0], 3, 6, "门诊挂号、住院登记读写卡终端配置，用于就诊身份识别及诊疗信息写入");
        await ReviewAsync(city, hospital, approve: true, "同意");
        await ReviewAsync(province, hospital, approve: true, "同意，纳入本年度制卡计划");
        // Still under review: one waits for its district, one (district-approved) for its city.
        await ApplyAsync(DemoData.Institutions[1], 3, 3, "急诊科及体检中心新增读写卡终端");
        var pharmacy = await ApplyAsync(DemoData.Institutions[1], 1, 2, "门诊药房取药身份核验终端");
        await ReviewAsync(xinhua, pharmacy, approve: true, "同意，请市卫健委审核");
        // Rejected by the city.
        var bank = await ApplyAsync(DemoData.Bank, 5, 2, "营业网点居民健康卡即时发卡");
        await ReviewAsync(city, bank, approve: false, "申请数量与网点登记的发卡终端数量不符，请核实后重新申请");

        var plan = await createSamPlan.ExecuteAsync(province, new SamPlanRequest("13", [community.Id, hospital.Id]), cancellationToken)
            .OrThrowAsync("SAM plan");
        return plan.Id;
    }

    /// <summary>
    /// Stock-in at the province by serial range (a SAM serial is the province, the type and a number): the plan's SAMs and
    /// a small reserve. Then the handovers (交接单): province → city, city → the hospital and the community centre. The
    /// reserve stays at the province, one SAM at the city.
    /// </summary>
    private async Task StockAsync(Guid plan, CancellationToken cancellationToken)
    {
        var system = Caller.System;
        var product = (await products.ListAsync(system, "sam", "approved", DemoData.Manufacturer.Code, new PageRequest(1, 1), cancellationToken)).Value.Items[0];
        Task<StockInResult> StockInAsync(int type, string first, string last, Guid? forPlan) =>
            stockIn.ExecuteAsync(system, new StockInRequest(product.Id, type, null, first, last, forPlan, "13"), cancellationToken)
                .OrThrowAsync($"stock in SAMs {first}..{last}");
        await StockInAsync(3, "1330260001", "1330260006", plan);
        await StockInAsync(1, "1310260001", "1310260004", plan);
        // The province's reserve, outside the plan.
        await StockInAsync(3, "1330260007", "1330260008", null);
        await StockInAsync(1, "1310260005", "1310260005", null);

        await stockOut.ExecuteAsync(system, new StockOutRequest([.. Serials("133026", 1, 6), .. Serials("131026", 1, 4)], ToRegionCode: DemoData.DemoCity,
            HandedOverBy: "河北省卫生健康委员会 王建国", ReceivedBy: "石家庄市卫生健康委员会 李华"), cancellationToken).OrThrowAsync("hand SAMs to the city");
        await stockOut.ExecuteAsync(system, new StockOutRequest(Serials("133026", 1, 6), DemoData.Institutions[0].Code,
            HandedOverBy: "石家庄市卫生健康委员会 李华", ReceivedBy: "石家庄市第一医院信息科 张伟"), cancellationToken).OrThrowAsync("hand SAMs to the hospital");
        await stockOut.ExecuteAsync(system, new StockOutRequest(Serials("131026", 1, 3), DemoData.Institutions[2].Code,
            HandedOverBy: "石家庄市卫生健康委员会 李华", ReceivedBy: "长安区社区卫生服务中心 刘芳"), cancellationToken).OrThrowAsync("hand SAMs to the community centre");
    }

    /// <summary>SAMs bound to their terminals (使用明细); then one locked, one lost, one scrapped, and spares left unbound.</summary>
    private async Task UseAsync(CancellationToken cancellationToken)
    {
        var system = Caller.System;
        foreach (var (sam, terminal, person) in Bindings)
        {
            var location = DemoTerminals.First(t => t.Serial == terminal).Location;
            await bindSam.ExecuteAsync(system, sam, new SamBindRequest(terminal, location, person), cancellationToken).OrThrowAsync($"bind SAM {sam}");
        }
        await changeSam.ExecuteAsync(system, "1330260003", SamTrigger.Lock, "PIN 连续输错 3 次被锁定，待核实后解锁", cancellationToken).OrThrowAsync("lock a SAM");
        await changeSam.ExecuteAsync(system, "1330260005", SamTrigger.ReportLoss, "院内转运途中遗失", cancellationToken).OrThrowAsync("report a SAM lost");
        await changeSam.ExecuteAsync(system, "1330260006", SamTrigger.Scrap, "芯片损坏，无法识别", cancellationToken).OrThrowAsync("scrap a SAM");
    }

    /// <summary>
    /// Two weeks of card use at the terminals with a SAM (挂号, 门诊, 处方, 缴费, 检验, 入出院; 预防接种 at the community
    /// centre), as the city's health information platform reports it from the institutions' systems: the dashboard's use
    /// chart and the statistics' card use then have data. The cards are the demo's active cards, the first by serial.
    /// </summary>
    private async Task CardUseAsync(CancellationToken cancellationToken)
    {
        var cards = await db.Cards.AsNoTracking().Where(c => c.Status == CardStatus.Active && c.RegionCode.StartsWith(DemoData.DemoCity))
            .Join(db.Residents.AsNoTracking(), c => c.ResidentId, r => r.Id, (c, r) => new { c.Serial, Holder = r })
            .OrderBy(x => x.Serial).Take(40).ToListAsync(cancellationToken);
        string[] hospitalUse = ["registration", "outpatient_visit", "prescription", "payment", "lab", "registration", "outpatient_visit", "admission",
            "discharge", "payment"];
        string[] communityUse = ["outpatient_visit", "immunization", "prescription", "read"];
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var events = new List<(DemoInstitution Institution, UsageEventRequest Event)>();
        for (var daysAgo = 13; daysAgo >= 0; daysAgo--)
        {
            // Busy on working days, quiet at the weekend; during opening hours, China time.
            var day = today.AddDays(-daysAgo);
            var count = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 3 : 6 + daysAgo * 3 % 5;
            var opening = new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), ChinaTime.Offset);
            for (var k = 0; k < count; k++)
            {
                var n = events.Count;
                var card = cards[n * 7 % cards.Count];
                var (sam, terminal, _) = Bindings[n % Bindings.Length];
                var institution = DemoTerminals.First(t => t.Serial == terminal).Institution;
                var kinds = institution == DemoData.Institutions[2] ? communityUse : hospitalUse;
                var at = opening.AddMinutes(k * 53 % 540);
                events.Add((institution, new UsageEventRequest($"HIS{n + 1:D6}", mapper.IdNumberOf(card.Holder), card.Serial, institution.Code, terminal, sam,
                    at < now ? at : now.AddMinutes(k - count), kinds[n / Bindings.Length % kinds.Length])));
            }
        }
        // Each institution's own system reports its card use, with a key bound to the institution (issue 14, finding 10).
        foreach (var group in events.GroupBy(e => e.Institution))
        {
            var his = DemoSteps.As($"{group.Key.Name} HIS", group.Key.RegionCode) with { InstitutionCode = group.Key.Code };
            var ingested = await ingestUsage.ExecuteAsync(his, new UsageBatchRequest([.. group.Select(e => e.Event)]), cancellationToken)
                .OrThrowAsync("report card use");
            if (ingested.Rejected.Count > 0)
            {
                throw new InvalidOperationException($"The demo's card use was refused: {string.Join("; ", ingested.Rejected[0].Errors.Keys)}.");
            }
        }
    }

    /// <summary>10-character serials: a 6-character prefix and the numbers <paramref name="first"/> to <paramref name="last"/>.</summary>
    private static List<string> Serials(string prefix, int first, int last) =>
        [.. Enumerable.Range(first, last - first + 1).Select(n => prefix + n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))];
}
