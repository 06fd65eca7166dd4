using HealthCard.Domain.Common;

namespace HealthCard.App.Common;

/// <summary>
/// Who is calling: an API key, a console user or the CLI. Every use case takes one, so that each query is scoped to
/// the caller's region and each change is attributed (docs/adr/003-region-scoping.md).
/// </summary>
public sealed record Caller(string Actor, string RegionScope, IReadOnlySet<string> Scopes, Channel Channel)
{
    /// <summary>The operator of the command line, acting nationally with every scope.</summary>
    public static Caller CommandLine(string actor) => new(actor, "", Scope.All.ToHashSet(), Channel.Cli);

    /// <summary>The platform itself (start-up, demo data).</summary>
    public static Caller System { get; } = new("system", "", Scope.All.ToHashSet(), Channel.System);

    /// <summary>
    /// A resident signed in to the portal (docs/adr/015-resident-portal-and-electronic-card.md): acting only on their own
    /// records, in their own county, with no scope. The actor names them by masked card number only, so that the audit
    /// log never holds the number in full.
    /// </summary>
    public static Caller Portal(Guid residentId, string regionCode, string maskedCardNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(regionCode);
        ArgumentException.ThrowIfNullOrEmpty(maskedCardNumber);
        // Masked here too, so that a full number handed in by mistake never reaches the audit log.
        var masked = maskedCardNumber.Contains('*', StringComparison.Ordinal) ? maskedCardNumber : Masking.IdNumber(maskedCardNumber);
        return new Caller("resident:" + masked, regionCode, new HashSet<string>(StringComparer.Ordinal), Channel.Portal) { ResidentId = residentId };
    }

    /// <summary>The signed-in resident of a <see cref="Portal"/> caller; null for every other caller.</summary>
    public Guid? ResidentId { get; init; }

    /// <summary>
    /// The institution an institution client's API key is bound to (统一社会信用代码); null for every other caller. Online
    /// checks and card-use events are accepted only from such a client, and only for its own institution's terminals.
    /// </summary>
    public string? InstitutionCode { get; init; }

    public bool Has(string scope) => Scopes.Contains(scope) || Scopes.Contains(Scope.Admin);

    /// <summary>Personal numbers are shown in full only to callers with <see cref="Scope.PiiRead"/>.</summary>
    public bool SeesPersonalData => Has(Scope.PiiRead);

    public bool Covers(string regionCode) => regionCode.StartsWith(RegionScope, StringComparison.Ordinal);

    public bool Covers(RegionPrefix prefix) => Covers(prefix.Value);
}

/// <summary>The permission scopes of API keys and users.</summary>
public static class Scope
{
    public const string RegistryRead = "registry:read";
    public const string RegistryWrite = "registry:write";
    public const string PiiRead = "pii:read";
    public const string AuditRead = "audit:read";
    public const string Admin = "admin";

    /// <summary>Institutions and product filings, including their reviews.</summary>
    public const string InstitutionsWrite = "institutions:write";

    /// <summary>SAM applications, plans, stock, allocation and lifecycle, and terminals.</summary>
    public const string SamsWrite = "sams:write";

    /// <summary>The key service: ceremonies, provincial key issuance, rotation, export and import.</summary>
    public const string KeysManage = "keys:manage";

    /// <summary>What institution systems and terminals send: online checks and card-use events.</summary>
    public const string ChecksWrite = "checks:write";

    /// <summary>Console accounts in the caller's region (a national administrator's <see cref="Admin"/> implies it).</summary>
    public const string UsersManage = "users:manage";

    public static IReadOnlyList<string> All { get; } =
        [RegistryRead, RegistryWrite, PiiRead, AuditRead, InstitutionsWrite, SamsWrite, KeysManage, ChecksWrite, UsersManage, Admin];
}
