using HealthCard.Domain.Common;

namespace HealthCard.Domain.Cards;

/// <summary>One entry in a card's lifecycle history.</summary>
public sealed class CardEvent
{
    private CardEvent()
    {
    }

    public long Id { get; private set; }
    public Guid CardId { get; private set; }

    /// <summary>The trigger name (snake_case), or <c>issue</c> for the card's creation.</summary>
    public string Action { get; private set; } = "";
    public CardStatus? FromStatus { get; private set; }
    public CardStatus ToStatus { get; private set; }
    public string Actor { get; private set; } = "";
    public string? Operator { get; private set; }

    /// <summary>The unit that acted: the factory for produce, the issuing point (发放网点) for distribute, the issuing unit for activate.</summary>
    public string? Unit { get; private set; }
    public Channel Channel { get; private set; }
    public string? Reason { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }

    internal static CardEvent Created(Guid cardId, TransitionContext context) =>
        From(cardId, "issue", null, CardStatus.Pending, context);

    internal static CardEvent Transition(Guid cardId, CardTrigger trigger, CardStatus from, CardStatus to, TransitionContext context) =>
        From(cardId, EnumNames.Of(trigger), from, to, context);

    private static CardEvent From(Guid cardId, string action, CardStatus? from, CardStatus to, TransitionContext context) => new()
    {
        CardId = cardId,
        Action = action,
        FromStatus = from,
        ToStatus = to,
        Actor = context.Actor,
        Operator = context.Operator,
        Unit = context.Unit,
        Channel = context.Channel,
        Reason = context.Reason,
        OccurredAt = context.At,
    };
}
