using System.Globalization;
using System.Text;
using HealthCard.App.Common;
using HealthCard.App.Features.Applications;
using HealthCard.App.Features.Imports;
using HealthCard.App.Features.Production;
using HealthCard.App.Features.Products;
using HealthCard.App.Features.Statistics;
using HealthCard.App.Regions;
using HealthCard.Crypto.Sm2;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Features.Demo;

/// <summary>
/// The demo's issuance side beyond the cards made on the spot: card applications in every state of their review, a
/// population import with one refused line and the city's coverage plans (<see cref="SeedAsync"/>), and production
/// batches made from the approved applications (<see cref="SeedProductionAsync"/>), so that the console's 申领审核,
/// 人口导入, 统计 and 制卡批次 pages show rows. Every row is made by the real use case. The batches come after the demo's
/// key ceremony: the production file is signed by the platform's key.
/// </summary>
public sealed class DemoIssuance(SubmitApplication submitApplication, ReviewApplication reviewApplication, StartImport startImport,
    ImportRunner importRunner, CreateCoveragePlan createCoveragePlan, GetProducts products, CreateProductionBatch createBatch,
    ExportProductionBatch exportBatch, ApplyProductionReturn applyReturn, DistributeBatch distributeBatch, RegionDirectory regions, TimeProvider clock)
{
    /// <summary>The demo import: its file name and the county it fills (桥西区).</summary>
    public const string ImportFileName = "桥西区新农合参合人员名单.csv";

    public const string ImportCounty = "130104";

    /// <summary>The rows of the demo import that the registry accepts; one more row is refused (a wrong check character).</summary>
    public const int ImportedResidents = 4;

    /// <summary>Applications for <paramref name="waiting"/> (residents without a card, with their county), the demo import and the coverage plans.</summary>
    public async Task SeedAsync(IReadOnlyList<(Guid Resident, string County)> waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        await ApplicationsAsync(waiting, cancellationToken);
        await ImportAsync(cancellationToken);
        await CoveragePlansAsync(cancellationToken);
    }

    /// <summary>
    /// One application (申领) per waiting resident, taken on paper, at a hospital's desk or at the partner bank, then
    /// reviewed as the county and the city would: half approved (the production queue), some approved by the county only,
    /// some not reviewed yet, a few rejected with a reason (by the county, and one by the city).
    /// </summary>
    private async Task ApplicationsAsync(IReadOnlyList<(Guid Resident, string County)> waiting, CancellationToken cancellationToken)
    {
        var city = DemoSteps.City;
        string[] countyRejections = ["申领表信息与户籍信息不一致，请核对后重新申领", "未提供有效身份证件复印件"];
        for (var n = 0; n < waiting.Count; n++)
        {
            var (channel, bank, clerk) = (n % 3) switch
            {
                0 => ("paper", (string?)null, "社区服务窗口 李敏"),
                1 => ("hospital", null, "石家庄市第一医院挂号处 王芳"),
                _ => ("bank", DemoData.Bank.Code, "工行中山路支行 赵磊"),
            };
            // The resident's county takes the application (its operator names the window) and reviews it first.
            var (resident, countyCode) = waiting[n];
            var county = DemoSteps.County(countyCode, regions.NameOf(countyCode));
            var application = await submitApplication.ExecuteAsync(county, new ApplicationRequest(resident, channel, bank, clerk), cancellationToken)
                .OrThrowAsync($"card application {n}");
            Task<CardApplicationView> ReviewAsync(Caller reviewer, ApplicationTrigger trigger, string? reason) =>
                reviewApplication.ExecuteAsync(reviewer, application.Id, trigger, reason, cancellationToken).OrThrowAsync($"review card application {n}");
            switch (n)
            {
                case < 10:
                    await ReviewAsync(county, ApplicationTrigger.Approve, "材料齐全，同意");
                    await ReviewAsync(city, ApplicationTrigger.Approve, "同意制卡");
                    break;
                case < 13:
                    await ReviewAsync(county, ApplicationTrigger.Approve, "材料齐全，同意");
                    break;
                case < 17:
                    break; // awaiting the county
                case < 19:
                    await ReviewAsync(county, ApplicationTrigger.Reject, countyRejections[n - 17]);
                    break;
                default:
                    await ReviewAsync(county, ApplicationTrigger.Approve, "材料齐全，同意");
                    await ReviewAsync(city, ApplicationTrigger.Reject, "该居民已在外省申领居民健康卡，请先办理异地注销");
                    break;
            }
        }
    }

    /// <summary>
    /// A small population import of 桥西区's NCMS members, run to the end here and now (the way the command line runs
    /// one) instead of by the web host's background worker: four residents accepted, one line refused for a wrong check
    /// character, so that its rejection report has a row.
    /// </summary>
    private async Task ImportAsync(CancellationToken cancellationToken)
    {
        (string Name, string Gender, string Birth, int Sequence, string Street)[] rows =
        [
            ("李建军", "男", "19580312", 901, "中华南大街 126 号"),
            ("王秀兰", "女", "19620721", 902, "维明南大街 45 号"),
            ("刘志强", "男", "19751103", 903, "新石中路 208 号"),
            ("张桂英", "女", "19490215", 904, "红旗大街 77 号"),
            ("陈晓燕", "女", "19880930", 906, "槐安西路 312 号"),
        ];
        var csv = new StringBuilder("身份证号,姓名,性别,民族,出生日期,联系电话,地址\r\n");
        for (var n = 0; n < rows.Length; n++)
        {
            var (name, gender, birth, sequence, street) = rows[n];
            var first17 = ImportCounty + birth + sequence.ToString("D3", CultureInfo.InvariantCulture);
            var check = CitizenIdNumber.CheckCharacterOf(first17);
            if (n == rows.Length - 1)
            {
                check = check == '0' ? '1' : '0'; // the refused line: a mistyped check character
            }
            csv.Append(CultureInfo.InvariantCulture,
                $"{first17}{check},{name},{gender},汉族,{birth[..4]}-{birth[4..6]}-{birth[6..]},1393110{sequence:D4},河北省石家庄市桥西区{street}\r\n");
        }
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        Stream Open() => new MemoryStream(bytes, writable: false);

        // The county imports its own list (the console shows who imported it).
        var source = $"桥西区卫生健康局 {clock.Today().Year} 年新农合参合人员名单";
        var started = await startImport.ExecuteAsync(DemoSteps.County(ImportCounty, "桥西区"),
            new ImportRequest(ImportFileName, ImportCounty, "ncms", source, KeepFile: false), Open, cancellationToken).OrThrowAsync("start the demo import");
        var finished = await importRunner.RunAsync(started.Job.Id, Open, ImportRunner.DefaultChunkSize, progress: null, cancellationToken)
            .OrThrowAsync("run the demo import");
        if (finished.Status != ImportStatus.Completed || finished.Accepted != ImportedResidents || finished.Rejected != 1)
        {
            throw new InvalidOperationException($"The demo import ended {EnumNames.Of(finished.Status)} with {finished.Accepted} accepted and " +
                $"{finished.Rejected} rejected lines ({finished.ErrorCode}).");
        }
    }

    /// <summary>
    /// The rollout targets the dashboard and the statistics measure progress against, each set by its authority: the
    /// province's NCMS members, the city's poor, and 长安区's NCMS members.
    /// </summary>
    private async Task CoveragePlansAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today();
        await createCoveragePlan.ExecuteAsync(DemoSteps.Province, new CoveragePlanRequest("河北省新农合参合人员居民健康卡发放", "13", "ncms", 120,
            new DateOnly(today.Year + 1, 6, 30)), cancellationToken).OrThrowAsync("coverage plan for the province");
        await createCoveragePlan.ExecuteAsync(DemoSteps.City, new CoveragePlanRequest("石家庄市建档立卡贫困人口居民健康卡全覆盖", DemoData.DemoCity,
            "poverty", 60, new DateOnly(today.Year, 12, 31)), cancellationToken).OrThrowAsync("coverage plan for the city");
        await createCoveragePlan.ExecuteAsync(DemoSteps.County(DemoAccounts.DemoDistrict, "长安区"), new CoveragePlanRequest("长安区新农合参合人员居民健康卡发放",
            DemoAccounts.DemoDistrict, "ncms", 20, today.AddMonths(6)), cancellationToken).OrThrowAsync("coverage plan for the district");
    }

    /// <summary>
    /// Production from the approved applications, the way a city runs it with its partner bank: a first batch exported
    /// (the production file, signed by the platform and encrypted to the bank), returned by the factory (five cards made,
    /// one failed, whose resident goes back to the queue) and partly delivered to an issuing point; and a second batch,
    /// just created. Two approved applications stay in the queue. Needs the key service unsealed (the platform's key).
    /// </summary>
    public async Task SeedProductionAsync(CancellationToken cancellationToken)
    {
        var system = Caller.System;
        var product = (await products.ListAsync(system, "user_card", "approved", DemoData.Manufacturer.Code, new PageRequest(1, 1), cancellationToken)).Value
            .Items[0];
        // The bank's key pair: the production file is encrypted to its public half, whose private half stays at the bank's
        // factory. The demo has no factory, so the private half is dropped at once.
        string recipient;
        using (var factory = Sm2Algorithm.GenerateKey())
        {
            recipient = Convert.ToHexString(factory.PublicKey);
        }
        // The city makes its batches (the console shows who created each).
        Task<ProductionBatchView> CreateAsync(int limit) => createBatch.ExecuteAsync(DemoSteps.City, new ProductionBatchRequest(DemoData.DemoCity,
            DemoData.Bank.Code, DemoData.CityIssuerCode, "applications", null, limit, recipient, product.Id, "制卡专员 周敏"), cancellationToken)
            .OrThrowAsync("create a production batch");

        var first = await CreateAsync(6);
        await exportBatch.ExecuteAsync(system, first.Id, cancellationToken).OrThrowAsync("export the production batch");
        var items = first.Items!;
        var returned = new StringBuilder("serial,chip_serial,bank_card_number,outcome,reason\n");
        for (var n = 0; n < items.Count - 1; n++)
        {
            returned.Append(CultureInfo.InvariantCulture, $"{items[n].Serial},8614{n + 1:D12},{BankCardNumber(n + 1)},ok\n");
        }
        returned.Append(CultureInfo.InvariantCulture, $"{items[^1].Serial},,,failed,芯片个人化写入失败\n");
        var report = await applyReturn.ExecuteAsync(system, first.Id, returned.ToString(), "制卡中心 吴刚", cancellationToken)
            .OrThrowAsync("apply the production return");
        if (report.Errors.Count > 0)
        {
            throw new InvalidOperationException($"The demo return file was refused line by line: {string.Join(", ", report.Errors.Select(e => e.Code))}.");
        }
        await distributeBatch.ExecuteAsync(system, first.Id, new DistributionRequest("中国工商银行石家庄中山路支行", "发放员 赵静",
            [.. items.Take(3).Select(i => i.Serial)]), cancellationToken).OrThrowAsync("distribute produced cards");
        await CreateAsync(3);
    }

    /// <summary>A 19-digit bank card number of the partner bank's card range with a valid Luhn digit, distinct per <paramref name="n"/>.</summary>
    private static string BankCardNumber(int n)
    {
        var body = $"622202040201{n:D6}";
        return Enumerable.Range(0, 10).Select(check => body + check.ToString(CultureInfo.InvariantCulture)).First(CardRules.IsValidBankCardNumber);
    }
}
