using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Cards;

internal static class CardErrors
{
    public static NotFound NotFound { get; } = new("card");

    public static Conflict AlreadyIssued { get; } = new("card.already_issued",
        new Message("该居民已持有一张有效（未注销、未补换）的健康卡", "The resident already holds a card that is neither replaced nor cancelled"));

    public static Conflict ChipSerialTaken { get; } = new("card.chip_serial_taken",
        new Message("该芯片序列号已被另一张卡使用", "The chip serial belongs to another card"));
}
