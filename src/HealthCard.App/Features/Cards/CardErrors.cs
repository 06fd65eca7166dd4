using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Cards;

internal static class CardErrors
{
    public static NotFound NotFound { get; } = new("card");

    public static Conflict AlreadyIssued { get; } = new("card.already_issued",
        new Message("该居民已持有一张有效（未注销、未补换）的健康卡", "The resident already holds a card that is neither replaced nor cancelled"));

    /// <summary>Field problems of a card request or operation (<see cref="Domain.Cards.CardOperationRules.ErrorCode"/>).</summary>
    public const string Invalid = Domain.Cards.CardOperationRules.ErrorCode;

    public static Conflict VersionConflict { get; } = new("card.version_conflict",
        new Message("该卡刚被他人操作，请刷新后重试", "The card was changed meanwhile; reload and retry"));

    public static Conflict SerialConflict { get; } = new("card.serial_conflict",
        new Message("序列号正被他人领取，请重试", "A serial was taken meanwhile; retry"));

    public static NotFound RegionNotFound { get; } = new("region");

    public static Conflict ChipSerialTaken { get; } = new("card.chip_serial_taken",
        new Message("该芯片序列号已被另一张卡使用", "The chip serial belongs to another card"));
}
