using System.Globalization;
using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Portal;
using HealthCard.App.Features.Residents;
using HealthCard.App.Persistence;
using HealthCard.App.Regions;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Codes;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Demo;

/// <summary>
/// A demo institution, registered in the institution registry when the demo is seeded (<see cref="DemoRegistry"/>).
/// <see cref="Code"/> is its 统一社会信用代码: synthetic, 18 digits with valid check characters (GB 32100, GB 11714), so
/// that it is also a valid 发卡机构代码 for the cards issued at its desk. <see cref="Kind"/> is the API name.
/// </summary>
public sealed record DemoInstitution(string Code, string Name, string RegionCode, string Kind = "medical", string? Level = null, string? Type = null,
    string? ContactName = null, string? ContactPhone = null);

/// <summary>A demo resident who can open the portal: card number, the card's serial and security code, and the phone.</summary>
public sealed record DemoPortalResident(string CardNumber, string CardSerial, string SecurityCode, string Phone);

/// <summary>
/// The demo data set: a demo city (石家庄, 1301) with its registry (institutions, products, terminals), 200 synthetic
/// residents with cards in varied states, card applications, a population import and coverage plans
/// (<see cref="SeedIfEmptyAsync"/>); after the demo's key ceremony (<see cref="EnsureKeysAsync"/>), production batches,
/// SAMs with the card use at their terminals, and key applications (<see cref="SeedAfterKeysAsync"/>). Every console page
/// thus has rows to show. Everything goes through the real use cases, so the demo data is validated and audited like any
/// other. The residents are synthetic: valid check characters, invented names.
/// </summary>
public sealed class DemoData(HealthCardDb db, RegisterResident register, IssueCard issue, ChangeCardStatus change, CreateApiKey createKey,
    RegionDirectory regions, KeyCeremony ceremony, ApplyForKeys applyForKeys, ReviewKeyApplication reviewKeys, DelegateKeyCollectors delegateKeys,
    IssueProvinceKeys issueKeys, ResidentMapper mapper, CardSecurityCodes securityCodes, DemoRegistry registry, DemoIssuance issuance)
{
    public const string DemoCity = "1301";
    public const int Residents = 200;
    public const string DemoKeyName = "demo";

    /// <summary>石家庄市卫生健康委员会's 统一社会信用代码 (synthetic): the 发卡机构代码 of the city's batch cards.</summary>
    public const string CityIssuerCode = "111301000156010527";

    /// <summary>The hospitals where the demo's cards are issued on the spot; they also hold the demo's terminals and SAMs.</summary>
    public static IReadOnlyList<DemoInstitution> Institutions { get; } =
    [
        // A city-level hospital: registered at the city (130100), so that its SAM applications start at the city.
        new("121301004017010516", "石家庄市第一医院", "130100", Level: "3A", Type: "hospital", ContactName: "信息科 张伟", ContactPhone: "0311-80001001"),
        new("121300004017020039", "河北医科大学第二医院", "130105", Level: "3A", Type: "hospital", ContactName: "信息中心 王磊", ContactPhone: "0311-80002001"),
        new("121301024017030499", "石家庄市长安区社区卫生服务中心", "130102", Type: "community_health_centre", ContactName: "办公室 刘芳",
            ContactPhone: "0311-80003001"),
    ];

    /// <summary>The partner bank: it makes the city's batch cards and takes applications at its branches.</summary>
    public static DemoInstitution Bank { get; } = new("911301001059010168", "中国工商银行股份有限公司石家庄分行", "130100", "bank",
        ContactName: "个人金融业务部 赵磊", ContactPhone: "0311-80004001");

    /// <summary>The manufacturer that files the demo's user card, SAM and terminal products (fictitious).</summary>
    public static DemoInstitution Manufacturer { get; } = new("911301006012010355", "河北华卡智能科技有限公司", "130100", "manufacturer",
        ContactName: "市场部 孙涛", ContactPhone: "0311-80005001");

    /// <summary>The province's personalization centre (fictitious), registered so that the registry shows every kind.</summary>
    public static DemoInstitution PersonalizationCentre { get; } = new("121300004017050446", "河北省居民健康卡个人化中心", "130000",
        "personalization_centre", ContactName: "运维部 郭强", ContactPhone: "0311-80006001");

    /// <summary>A township hospital the demo suspends, so that the registry shows both statuses.</summary>
    public static DemoInstitution SuspendedClinic { get; } = new("121301104017040682", "石家庄市鹿泉区上庄镇卫生院", "130110", Level: "1A",
        Type: "township_hospital", ContactName: "院办 马军", ContactPhone: "0311-80007001");

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国"];

    /// <summary>
    /// Seeds an empty database and returns the demo key's secret; returns null when the database already has residents.
    /// The registry comes first (cards are issued at its hospitals), then the residents with their cards, then what needs
    /// residents: applications from those without a card, the population import and the coverage plans.
    /// </summary>
    public async Task<string?> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Residents.AnyAsync(cancellationToken))
        {
            return null;
        }
        var key = await createKey.ExecuteAsync(Caller.System, DemoKeyName, "", Scope.All, secret: null, cancellationToken)
            .OrThrowAsync("create the demo API key");
        await registry.SeedAsync(cancellationToken);
        var waiting = await ResidentsAsync(cancellationToken);
        await issuance.SeedAsync(waiting, cancellationToken);
        return key.Secret;
    }

    /// <summary>
    /// Registers the <see cref="Residents"/> and issues most of them a card (on the spot or as a batch card) in varied
    /// states. Returns the residents left without a card, who have applied for one instead.
    /// </summary>
    private async Task<List<(Guid Resident, string County)>> ResidentsAsync(CancellationToken cancellationToken)
    {
        var random = new Random(20_121_126); // deterministic: the same demo every time
        var counties = regions.CountiesUnder(DemoCity).Where(c => c[4] != '7').ToList();
        var system = Caller.System;
        var waiting = new List<(Guid Resident, string County)>();
        for (var i = 0; i < Residents; i++)
        {
            var county = counties[random.Next(counties.Count)];
            var birth = new DateOnly(1940, 1, 1).AddDays(random.Next(0, 30_000));
            var sequence = 100 + i * 4 + random.Next(0, 4); // unique per run, odd and even
            var first17 = county + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
            var idNumber = first17 + CitizenIdNumber.CheckCharacterOf(first17);
            var draft = new ResidentDraft
            {
                IdType = CodeTables.CitizenIdCard,
                IdNumber = idNumber,
                Name = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)],
                Gender = sequence % 2 == 1 ? "1" : "2",
                Ethnicity = random.Next(10) == 0 ? "03" : "01",
                BirthDate = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                RegionCode = county,
                Phones = [$"13{random.Next(100_000_000, 999_999_999)}"],
                Addresses = [new AddressDraft("1", $"河北省{regions.NameOf(DemoCity + "00")}{regions.NameOf(county)}建设路{random.Next(1, 300)}号")],
                PaymentMethods = [random.Next(3) == 0 ? "3" : "2"],
                Tags = random.Next(5) == 0 ? ["poverty", "ncms"] : random.Next(4) == 0 ? ["ncms"] : [],
                Health = new HealthDraft { Abo = ((random.Next(5)) + 1).ToString(CultureInfo.InvariantCulture), Rh = "2" },
            };
            var resident = await register.ExecuteAsync(system, draft, cancellationToken).OrThrowAsync($"register demo resident {i}");
            if (i % 10 == 9)
            {
                waiting.Add((resident.Id, county)); // some residents have applied but hold no card yet
                continue;
            }
            var institution = Institutions[random.Next(Institutions.Count)];
            var mode = i % 7 == 0 ? "batch" : i % 5 == 0 ? "bank" : "hospital";
            // Instant cards get a chip serial (a card made on the spot has a chip), so that they have a security code for the portal.
            var chip = mode == "batch" ? null : $"8613{i:D12}";
            var card = await issue.ExecuteAsync(system, new IssueCardRequest(resident.Id, mode, institution.Code, ChipSerial: chip, Operator: "演示操作员"),
                cancellationToken).OrThrowAsync($"issue demo card {i}");
            // Only an active card changes status: a batch card stays pending (it can be neither frozen nor reported lost).
            if (card.Status == CardStatus.Active)
            {
                await ChangeStatusAsync(i, idNumber, cancellationToken);
            }
        }
        return waiting;
    }

    /// <summary>Some active cards (by their index modulo 13) frozen, reported lost, replaced after a loss or cancelled at the holder's request.</summary>
    private async Task ChangeStatusAsync(int i, string idNumber, CancellationToken cancellationToken)
    {
        var operation = new CardOperation("演示数据", "演示操作员");
        Task ChangeAsync(CardTrigger trigger, CardOperation with) =>
            change.ExecuteAsync(Caller.System, idNumber, trigger, with, cancellationToken).OrThrowAsync($"{EnumNames.Of(trigger)} demo card {i}");
        switch (i % 13)
        {
            case 1:
                await ChangeAsync(CardTrigger.Freeze, operation);
                break;
            case 2:
                await ChangeAsync(CardTrigger.ReportLoss, operation);
                break;
            case 3:
                await ChangeAsync(CardTrigger.ReportLoss, operation);
                await ChangeAsync(CardTrigger.Replace, operation);
                break;
            case 4:
                await ChangeAsync(CardTrigger.Cancel, new CardOperation("voluntary", "演示操作员"));
                break;
        }
    }

    /// <summary>
    /// DEMO ONLY. A real platform's key ceremony is held by custodians (ADR 009); the demo holds it itself so that security
    /// codes and electronic health card signatures work out of the box. With no key store yet: the ceremony (3
    /// custodians, threshold 2) and the issue of Hebei's (13) provincial keys, returning the shares for the host to keep
    /// beside the demo database. With a key store: unseals it with <paramref name="savedShares"/> and returns null.
    /// </summary>
    public async Task<IReadOnlyList<string>?> EnsureKeysAsync(IReadOnlyList<string>? savedShares, CancellationToken cancellationToken)
    {
        var system = Caller.System;
        var status = await ceremony.StatusAsync(cancellationToken);
        if (status.Initialized)
        {
            if (status.Sealed && savedShares is { Count: > 0 })
            {
                await ceremony.UnsealAsync(system, savedShares, cancellationToken);
            }
            return null;
        }
        var init = await ceremony.InitAsync(system, custodians: 3, threshold: 2, cancellationToken);
        if (!init.IsSuccess)
        {
            return null;
        }
        const string Collector = "130102198001010010"; // synthetic
        // Four different people at two tiers, as the custody rules require (ADR 016): Hebei applies and delegates, the
        // national tier reviews and issues.
        var applied = await applyForKeys.ExecuteAsync(Custodian("hebei-applicant", "13"), new KeyApplicationRequest("13", "13000000001",
            "河北省卫生健康委员会（演示）", "演示申请人", "演示数据"), cancellationToken).OrThrowAsync("apply for Hebei's keys");
        var id = applied.Id;
        await reviewKeys.ExecuteAsync(Custodian("national-reviewer", ""), id, approve: true, new ReviewRequest("演示数据"), cancellationToken)
            .OrThrowAsync("approve Hebei's keys");
        var delegated = await delegateKeys.ExecuteAsync(Custodian("hebei-delegator", "13"), id, new DelegationRequest("DEMO-13", "河北省卫生健康委员会（演示）",
            ValidUntil: null, [new CollectorRequest("演示领取人", Collector)]), cancellationToken).OrThrowAsync("delegate Hebei's collector");
        await issueKeys.ExecuteAsync(Custodian("national-issuer", ""), id, new IssueKeysRequest(delegated.Id, "演示领取人", Collector, "演示保管人"), cancellationToken)
            .OrThrowAsync("issue Hebei's keys");
        return init.Value.Shares;
    }

    /// <summary>
    /// Seeds what needs the key service unsealed, once: production batches (the production file is signed by the
    /// platform's key), SAMs (personalized with Hebei's keys at stock-in) with the card use at their terminals, and more
    /// key applications. Call it after
    /// <see cref="EnsureKeysAsync"/>. Returns false, changing nothing, when it ran before, when the keys are sealed (a
    /// later start catches up), or when the database was seeded by an older demo without the institution registry.
    /// </summary>
    public async Task<bool> SeedAfterKeysAsync(CancellationToken cancellationToken)
    {
        var status = await ceremony.StatusAsync(cancellationToken);
        if (!status.Initialized || status.Sealed
            || !await db.Institutions.AnyAsync(i => i.Code == Bank.Code, cancellationToken)
            || await db.SamApplications.AnyAsync(cancellationToken))
        {
            return false;
        }
        await registry.SeedSamsAsync(cancellationToken);
        await issuance.SeedProductionAsync(cancellationToken);
        await KeyApplicationsAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Key applications of other provinces beside Hebei's issued one, for the key service's pages: one submitted, one
    /// approved with its delegation letter (waiting to be issued), one rejected.
    /// </summary>
    private async Task KeyApplicationsAsync(CancellationToken cancellationToken)
    {
        var reviewer = Custodian("national-reviewer", "");
        Task<KeyApplicationView> ApplyAsync(string province, string institution, string person) => applyForKeys.ExecuteAsync(Custodian($"applicant-{province}", province),
            new KeyApplicationRequest(province, province + "000000001", institution, person, "居民健康卡省级密钥首次申领，用于本省用户卡及 SAM 卡个人化"),
            cancellationToken).OrThrowAsync($"key application of {province}");

        await ApplyAsync("14", "山西省卫生健康委员会", "郝志刚");
        var tianjin = await ApplyAsync("12", "天津市卫生健康委员会", "高明");
        await reviewKeys.ExecuteAsync(reviewer, tianjin.Id, approve: true, new ReviewRequest("材料齐全，同意发放"), cancellationToken)
            .OrThrowAsync("approve a key application");
        const string First17 = "12010119850505001"; // a synthetic collector
        await delegateKeys.ExecuteAsync(Custodian("delegator-12", "12"), tianjin.Id, new DelegationRequest("WP-12-2026-001", "天津市卫生健康委员会", ValidUntil: null,
            [new CollectorRequest("杨帆", First17 + CitizenIdNumber.CheckCharacterOf(First17))]), cancellationToken).OrThrowAsync("delegate a collector");
        var mongolia = await ApplyAsync("15", "内蒙古自治区卫生健康委员会", "巴特尔");
        await reviewKeys.ExecuteAsync(reviewer, mongolia.Id, approve: false, new ReviewRequest("申请材料缺少省级卫生健康行政部门盖章，请补正后重新申请"),
            cancellationToken).OrThrowAsync("reject a key application");
    }

    /// <summary>A synthetic key custodian of the demo (actor <c>demo:…</c>) at <paramref name="region"/> (empty: national).</summary>
    private static Caller Custodian(string name, string region) =>
        new("demo:" + name, region, new HashSet<string>(StringComparer.Ordinal) { Scope.KeysManage }, Channel.System);

    /// <summary>
    /// One demo resident who can try the portal: the first active demo card with a chip (by serial), its holder's card
    /// number, the card's serial and security code (as the card mailer shows them) and the holder's phone. Null while the
    /// keys are sealed or when there is no such card.
    /// </summary>
    public Task<DemoPortalResident?> PortalResidentAsync(CancellationToken cancellationToken) => PortalResidentAsync(0, cancellationToken);

    /// <summary>As <see cref="PortalResidentAsync(CancellationToken)"/>, for the holder of the n-th such card (0-based).</summary>
    public async Task<DemoPortalResident?> PortalResidentAsync(int skip, CancellationToken cancellationToken)
    {
        var card = await db.Cards.AsNoTracking()
            .Where(c => c.Status == CardStatus.Active && c.ChipSerial != null && c.RegionCode.StartsWith(DemoCity))
            .OrderBy(c => c.Serial)
            .Skip(skip)
            .FirstOrDefaultAsync(cancellationToken);
        if (card is null)
        {
            return null;
        }
        var holder = await db.Residents.AsNoTracking().FirstAsync(r => r.Id == card.ResidentId, cancellationToken);
        var cardNumber = mapper.IdNumberOf(holder);
        var code = await securityCodes.ComputeAsync(card, cardNumber, cancellationToken);
        var phones = mapper.ToProfile(holder).Phones;
        var phone = phones.Count > 0 ? phones[0] : null;
        return code.IsSuccess && code.Value is { } securityCode && phone is { Length: >= 7 }
            ? new DemoPortalResident(cardNumber, card.Serial, securityCode, phone)
            : null;
    }
}
