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
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Demo;

/// <summary>A demo institution; the institution registry itself arrives with issue #4.</summary>
public sealed record DemoInstitution(string Code, string Name);

/// <summary>A demo resident who can open the portal: card number, the card's security code and the phone's last 4 digits.</summary>
public sealed record DemoPortalResident(string CardNumber, string SecurityCode, string PhoneLast4);

/// <summary>
/// The demo data set: a demo city (石家庄, 1301), three institutions and 200 synthetic residents with cards in varied
/// states. Everything goes through the real use cases, so the demo data is validated and audited like any other.
/// The residents are synthetic: valid check characters, invented names.
/// </summary>
public sealed class DemoData(HealthCardDb db, RegisterResident register, IssueCard issue, ChangeCardStatus change, CreateApiKey createKey,
    RegionDirectory regions, KeyCeremony ceremony, KeyIssuance keyIssuance, ResidentMapper mapper, CardSecurityCodes securityCodes, TimeProvider clock)
{
    public const string DemoCity = "1301";
    public const int Residents = 200;
    public const string DemoKeyName = "demo";

    public static IReadOnlyList<DemoInstitution> Institutions { get; } =
    [
        new("13010000001", "石家庄市第一医院"),
        new("13010000002", "河北医科大学第二医院"),
        new("13010000003", "石家庄市长安区社区卫生服务中心"),
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国"];

    /// <summary>Seeds an empty database and returns the demo key's secret; returns null when the database already has residents.</summary>
    public async Task<string?> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Residents.AnyAsync(cancellationToken))
        {
            return null;
        }
        var key = await createKey.ExecuteAsync(Caller.System, DemoKeyName, "", Scope.All, secret: null, cancellationToken);
        var random = new Random(20_121_126); // deterministic: the same demo every time
        var counties = regions.CountiesUnder(DemoCity).Where(c => c[4] != '7').ToList();
        var system = Caller.System;
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
            var resident = await register.ExecuteAsync(system, draft, cancellationToken);
            if (!resident.IsSuccess)
            {
                throw new InvalidOperationException($"Demo resident {i} was refused: {resident.Error!.Code}");
            }
            if (i % 10 == 9)
            {
                continue; // some residents have applied but hold no card yet
            }
            var institution = Institutions[random.Next(Institutions.Count)];
            var mode = i % 7 == 0 ? "batch" : i % 5 == 0 ? "bank" : "hospital";
            // Instant cards get a chip serial (a card made on the spot has a chip), so that they have a security code for the portal.
            var chip = mode == "batch" ? null : $"8613{i:D12}";
            var card = await issue.ExecuteAsync(system, new IssueCardRequest(resident.Value.Id, mode, institution.Code, ChipSerial: chip, Operator: "演示操作员"),
                cancellationToken);
            var operation = new CardOperation("演示数据", "演示操作员");
            switch (i % 13)
            {
                case 1:
                    await change.ExecuteAsync(system, idNumber, CardTrigger.Freeze, operation, cancellationToken);
                    break;
                case 2:
                    await change.ExecuteAsync(system, idNumber, CardTrigger.ReportLoss, operation, cancellationToken);
                    break;
                case 3:
                    await change.ExecuteAsync(system, idNumber, CardTrigger.ReportLoss, operation, cancellationToken);
                    await change.ExecuteAsync(system, idNumber, CardTrigger.Replace, operation, cancellationToken);
                    break;
                case 4 when card.IsSuccess && card.Value.Status == CardStatus.Active:
                    await change.ExecuteAsync(system, idNumber, CardTrigger.Cancel, new CardOperation("voluntary", "演示操作员"), cancellationToken);
                    break;
            }
        }
        return key.IsSuccess ? key.Value.Secret : null;
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
        var applied = await keyIssuance.ApplyAsync(system, new KeyApplicationRequest("13", "13000000001", "河北省卫生健康委员会（演示）", "演示申请人", "演示数据"),
            cancellationToken);
        var id = applied.Value.Id;
        await keyIssuance.ReviewAsync(system, id, approve: true, new ReviewRequest("演示数据"), cancellationToken);
        var delegated = await keyIssuance.DelegateAsync(system, id, new DelegationRequest("DEMO-13", "河北省卫生健康委员会（演示）",
            clock.Today().AddDays(30), [new CollectorRequest("演示领取人", Collector)]), cancellationToken);
        await keyIssuance.IssueAsync(system, id, new IssueKeysRequest(delegated.Value.Id, "演示领取人", Collector, "演示保管人"), cancellationToken);
        return init.Value.Shares;
    }

    /// <summary>
    /// One demo resident who can try the portal: the first active demo card with a chip (by serial), its holder's card
    /// number, the card's security code and the last 4 digits of the holder's phone. Null while the keys are sealed or
    /// when there is no such card.
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
        return code.IsSuccess && code.Value is { } securityCode && phone is { Length: >= 4 }
            ? new DemoPortalResident(cardNumber, securityCode, phone[^4..])
            : null;
    }
}
