using HealthCard.Domain.Common;

namespace HealthCard.App.Common;

/// <summary>How high in the tiers a caller must sit to use a capability (GB/T 2260 prefix length of its region scope).</summary>
public enum Reach
{
    /// <summary>Any region: the records touched are still limited to the caller's own region.</summary>
    Region,

    /// <summary>A province or the national tier (region scope of 0 or 2 digits).</summary>
    Province,

    /// <summary>The national tier only (empty region scope).</summary>
    National,
}

/// <summary>
/// One thing a caller may do, and what it takes: every scope in <see cref="Scopes"/> and a tier at or above
/// <see cref="Reach"/>. Use cases ask <see cref="Authorization.Authorize"/> before they act, so that the API, the console,
/// the CLI and the network get the same answer (docs/security.md, whose matrix a test compares with this table).
/// </summary>
public sealed record Capability(string Name, IReadOnlyList<string> Scopes, Reach Reach, Message Description)
{
    public Capability(string name, string scope, Reach reach, string zh, string en) : this(name, [scope], reach, new Message(zh, en))
    {
    }
}

/// <summary>The one table of who may do what. Roles map to scopes in <c>StaffRoles</c>; scopes map to capabilities here.</summary>
public static class Capabilities
{
    // Residents and cards.
    public static readonly Capability ResidentsRead = new("residents.read", Scope.RegistryRead, Reach.Region, "查询居民", "Read residents");
    public static readonly Capability ResidentsWrite = new("residents.write", Scope.RegistryWrite, Reach.Region, "登记、变更居民及死亡登记", "Register and change residents, record deaths");
    public static readonly Capability CardsRead = new("cards.read", Scope.RegistryRead, Reach.Region, "查询卡及其事件、用卡记录", "Read cards, their events and their use");
    public static readonly Capability CardsWrite = new("cards.write", Scope.RegistryWrite, Reach.Region, "发卡及卡状态操作", "Issue cards and change their status");
    public static readonly Capability ElectronicCardsIssue = new("ecards.issue", Scope.RegistryWrite, Reach.Region, "生成电子健康卡二维码", "Mint electronic card codes");

    // Applications, production and imports.
    public static readonly Capability ApplicationsRead = new("applications.read", Scope.RegistryRead, Reach.Region, "查询申领", "Read card applications");
    public static readonly Capability ApplicationsWrite = new("applications.write", Scope.RegistryWrite, Reach.Region, "提交与审核申领", "Submit and review card applications");
    public static readonly Capability ApplicationsAttachments = new("applications.attachments", [Scope.RegistryRead, Scope.PiiRead], Reach.Region,
        new Message("查看申领附件（照片、证件扫描件）", "Read application attachments (photo, ID scan)"));
    public static readonly Capability ProductionRead = new("production.read", Scope.RegistryRead, Reach.Region, "查询制卡批次", "Read production batches");
    public static readonly Capability ProductionWrite = new("production.write", Scope.RegistryWrite, Reach.Region, "制卡批次、回盘与发放", "Create, return and distribute production batches");
    public static readonly Capability ProductionExport = new("production.export", [Scope.RegistryWrite, Scope.PiiRead], Reach.Region,
        new Message("导出制卡文件（含个人信息）", "Export a production file (holds personal data)"));
    public static readonly Capability ImportsRead = new("imports.read", Scope.RegistryRead, Reach.Region, "查询导入任务", "Read import jobs");
    public static readonly Capability ImportsWrite = new("imports.write", Scope.RegistryWrite, Reach.Region, "导入人口数据、查看拒绝行、取消导入", "Import population files, read rejections, cancel jobs");

    // Institutions, products, SAMs and terminals.
    public static readonly Capability InstitutionsRead = new("institutions.read", Scope.RegistryRead, Reach.Region, "查询机构、产品、SAM 与终端", "Read institutions, products, SAMs and terminals");
    public static readonly Capability InstitutionsWrite = new("institutions.write", Scope.InstitutionsWrite, Reach.Region, "机构登记与状态", "Register institutions and change their status");
    public static readonly Capability ProductsSubmit = new("products.submit", Scope.InstitutionsWrite, Reach.Region, "产品备案申请", "Submit product filings");
    public static readonly Capability ProductsReview = new("products.review", Scope.InstitutionsWrite, Reach.Province, "产品备案审核与撤销", "Approve, reject and revoke product filings");
    public static readonly Capability SamsWrite = new("sams.write", Scope.SamsWrite, Reach.Region, "SAM 申请、计划、出入库、状态及终端", "SAM applications, plans, stock, status, and terminals");

    // Institution services.
    public static readonly Capability ChecksWrite = new("checks.write", Scope.ChecksWrite, Reach.Region, "联机校验、上报用卡记录、验证电子卡", "Online checks, card-use events, electronic card verification");
    public static readonly Capability BlacklistsDownload = new("blacklists.download", Scope.ChecksWrite, Reach.Region, "下载黑名单与灰名单", "Download blacklists and greylists");

    // Statistics and reports.
    public static readonly Capability StatisticsRead = new("statistics.read", Scope.RegistryRead, Reach.Region, "统计与月报", "Statistics and monthly reports");
    public static readonly Capability CoveragePlansWrite = new("coverage_plans.write", Scope.RegistryWrite, Reach.Region, "制定覆盖计划", "Set coverage plans");

    // The national network (issue 16).
    public static readonly Capability NetworkRead = new("network.read", Scope.AuditRead, Reach.Region, "查看网络与同步状态、对账与审计锚点", "Read the network's links, reconciliation and audit anchors");
    public static readonly Capability NetworkManage = new("network.manage", Scope.Admin, Reach.Region, "重新同步下级平台", "Resynchronise a child node");

    // Audit, accounts and keys.
    public static readonly Capability AuditRead = new("audit.read", Scope.AuditRead, Reach.Region, "查阅与校验审计日志", "Read and verify the audit log");
    public static readonly Capability UsersManage = new("users.manage", Scope.UsersManage, Reach.Region, "管理本地区账号与接口密钥", "Manage the region's accounts and API keys");
    public static readonly Capability CustodyGrant = new("custody.grant", Scope.Admin, Reach.National, "授予密钥保管员", "Grant key custody");
    public static readonly Capability KeysRead = new("keys.read", Scope.KeysManage, Reach.Region, "查看密钥元数据与校验值", "Read key metadata and check values");
    public static readonly Capability KeysManage = new("keys.manage", Scope.KeysManage, Reach.Region, "本级密钥仪式与封存解封、本省申领与委派、传输密钥分量、导入", "The tier's key ceremony and seal, its own province's applications and delegations, transport key components, import");
    public static readonly Capability KeysNational = new("keys.national", Scope.KeysManage, Reach.National, "审批、签发与导出省级密钥，轮换密钥", "Review, issue and export provincial keys; rotate keys");

    public static IReadOnlyList<Capability> All { get; } =
    [
        ResidentsRead, ResidentsWrite, CardsRead, CardsWrite, ElectronicCardsIssue,
        ApplicationsRead, ApplicationsWrite, ApplicationsAttachments, ProductionRead, ProductionWrite, ProductionExport, ImportsRead, ImportsWrite,
        InstitutionsRead, InstitutionsWrite, ProductsSubmit, ProductsReview, SamsWrite,
        ChecksWrite, BlacklistsDownload,
        StatisticsRead, CoveragePlansWrite,
        AuditRead, UsersManage, CustodyGrant, KeysRead, KeysManage, KeysNational,
        NetworkRead, NetworkManage,
    ];
}

/// <summary>The one check every use case makes before it acts.</summary>
public static class Authorization
{
    /// <summary>Null when <paramref name="caller"/> may use <paramref name="capability"/>; otherwise the refusal to return.</summary>
    public static Forbidden? Authorize(this Caller caller, Capability capability)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(capability);
        var missing = capability.Scopes.FirstOrDefault(s => !caller.Has(s));
        if (missing is not null)
        {
            return new Forbidden("auth.forbidden", new Message(
                $"无权执行：{capability.Description.Zh}（需要权限 {missing}）",
                $"Not allowed: {capability.Description.En} (needs scope '{missing}')"));
        }
        if (!caller.Reaches(capability.Reach))
        {
            return new Forbidden("auth.tier", new Message(
                $"本级平台无权执行：{capability.Description.Zh}",
                $"The caller's tier may not: {capability.Description.En}"));
        }
        return null;
    }

    /// <summary>Whether the caller sits at or above <paramref name="reach"/> in the tiers.</summary>
    public static bool Reaches(this Caller caller, Reach reach)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return reach switch
        {
            Reach.National => caller.RegionScope.Length == 0,
            Reach.Province => caller.RegionScope.Length <= 2,
            _ => true,
        };
    }

    /// <summary>A refusal for a duty that must fall to a different person than an earlier step's (separation of duties).</summary>
    public static Forbidden SamePerson(string step, string stepEn) => new("auth.separation_of_duties",
        new Message($"{step}须由另一人执行", $"{stepEn} must be done by a different person"));
}
