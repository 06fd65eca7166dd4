using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Checks;

/// <summary>
/// The answers of the online check (standard §8), in one table. Codes the standard lists keep its numbers and meaning;
/// the project's additions (marked D) fill gaps the standard leaves, each in the range of the thing refused. The user
/// guides list them all (docs/user-guide.*.md, "Online check codes").
/// </summary>
public static class CheckCodes
{
    public const string Allowed = "0000";

    // 2xxx: the card and the check's parameters.
    public const string MissingCardSerial = "2001";
    public const string BadParameters = "2002";
    public const string CardReportedLost = "2003";
    public const string CardCancelled = "2004";
    public const string CardFrozen = "2005";               // D
    public const string CardSerialReplaced = "2006";       // D: a serial the card number has since replaced
    public const string CardNotActive = "2007";            // D: made but not yet handed to the holder
    public const string CardProductNotApproved = "2008";   // D: its product filing was revoked
    public const string ChipSerialMismatch = "2009";       // D: the chip is not the one issued under this serial

    // 3xxx: finding the card.
    public const string CardNotFound = "3001";
    public const string BadQuery = "3002";

    // 4xxx: the SAM.
    public const string MissingSam = "4001";
    public const string SamFrozen = "4002";
    public const string SamCancelled = "4003";
    public const string SamReportedLost = "4004";
    public const string SamNotFound = "4005";
    public const string SamLocked = "4006";                // D
    public const string SamNotInUse = "4007";              // D: in stock, allocated or recovered, not bound
    public const string SamMayNotWrite = "4008";           // D: its type holds no key for the write (§7)

    // 6xxx: the terminal (device).
    public const string MissingTerminal = "6001";
    public const string TerminalFrozen = "6002";
    public const string TerminalCancelled = "6003";
    public const string TerminalReportedLost = "6004";
    public const string TerminalNotFound = "6005";
    public const string InstitutionSuspended = "6006";     // D: the terminal's institution is suspended

    // 7xxx: the pair.
    public const string TerminalSamMismatch = "7001";

    public static IReadOnlyDictionary<string, Message> Messages { get; } = new Dictionary<string, Message>(StringComparer.Ordinal)
    {
        [Allowed] = new("允许", "Allowed"),
        [MissingCardSerial] = new("缺少卡序列号", "The card serial is missing"),
        [BadParameters] = new("校验参数错误", "The check's parameters are malformed"),
        [CardReportedLost] = new("卡已挂失", "The card is reported lost"),
        [CardCancelled] = new("卡已注销", "The card is cancelled"),
        [CardFrozen] = new("卡已冻结", "The card is frozen"),
        [CardSerialReplaced] = new("该卡已补换，此卡序列号已作废", "The card was replaced; this serial is void"),
        [CardNotActive] = new("卡尚未发放启用", "The card has not been handed to its holder yet"),
        [CardProductNotApproved] = new("卡片产品备案已撤销", "The card's product filing is no longer approved"),
        [ChipSerialMismatch] = new("芯片序列号与发卡记录不符", "The chip serial does not match the card's record"),
        [CardNotFound] = new("卡不存在", "The card was not found"),
        [BadQuery] = new("查询参数错误", "The card number is missing or malformed"),
        [MissingSam] = new("缺少 SAM 卡号", "The SAM serial is missing"),
        [SamFrozen] = new("SAM 卡已冻结", "The SAM is frozen"),
        [SamCancelled] = new("SAM 卡已注销或报废", "The SAM is cancelled or scrapped"),
        [SamReportedLost] = new("SAM 卡已挂失", "The SAM is reported lost"),
        [SamNotFound] = new("SAM 卡不存在", "The SAM was not found"),
        [SamLocked] = new("SAM 卡已锁定", "The SAM is locked"),
        [SamNotInUse] = new("SAM 卡未启用", "The SAM is not in use"),
        [SamMayNotWrite] = new("该类型 SAM 卡无写卡权限", "This SAM type may not perform the write"),
        [MissingTerminal] = new("缺少设备号", "The terminal serial is missing"),
        [TerminalFrozen] = new("设备已冻结", "The terminal is frozen"),
        [TerminalCancelled] = new("设备已注销", "The terminal is cancelled"),
        [TerminalReportedLost] = new("设备已挂失", "The terminal is reported lost"),
        [TerminalNotFound] = new("设备不存在", "The terminal was not found"),
        [InstitutionSuspended] = new("设备所属机构已暂停", "The terminal's institution is suspended"),
        [TerminalSamMismatch] = new("设备与 SAM 卡不匹配", "The terminal and the SAM do not match"),
    };
}
