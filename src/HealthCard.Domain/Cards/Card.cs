using HealthCard.Domain.Common;

namespace HealthCard.Domain.Cards;

/// <summary>
/// One physical health card. The card number is the holder's document number (standard §1), so it is not stored
/// here: it belongs to the resident and is protected there. <see cref="Serial"/> (发卡序列号) identifies this card.
/// </summary>
public sealed class Card
{
    /// <summary>
    /// The card lifecycle (docs/adr/004-card-lifecycle-table.md). Anything not listed is refused. Replacement moves the old
    /// card to <see cref="CardStatus.Replaced"/>; the new card starts its own life. Replaced and cancelled are final.
    /// </summary>
    public static readonly TransitionTable<CardStatus, CardTrigger> Lifecycle = new("card",
        // Instant (hospital, bank) issuance activates at once; batch cards go through the factory and the issuing point.
        (CardStatus.Pending, CardTrigger.Produce, CardStatus.Produced),
        (CardStatus.Pending, CardTrigger.Activate, CardStatus.Active),
        (CardStatus.Pending, CardTrigger.Cancel, CardStatus.Cancelled),

        (CardStatus.Produced, CardTrigger.Distribute, CardStatus.Distributed),
        (CardStatus.Produced, CardTrigger.Cancel, CardStatus.Cancelled),

        (CardStatus.Distributed, CardTrigger.Activate, CardStatus.Active),
        (CardStatus.Distributed, CardTrigger.Cancel, CardStatus.Cancelled),

        (CardStatus.Active, CardTrigger.Freeze, CardStatus.Frozen),
        (CardStatus.Active, CardTrigger.ReportLoss, CardStatus.ReportedLost),
        (CardStatus.Active, CardTrigger.Replace, CardStatus.Replaced),
        (CardStatus.Active, CardTrigger.Cancel, CardStatus.Cancelled),

        (CardStatus.Frozen, CardTrigger.Unfreeze, CardStatus.Active),
        (CardStatus.Frozen, CardTrigger.ReportLoss, CardStatus.ReportedLost),
        (CardStatus.Frozen, CardTrigger.Replace, CardStatus.Replaced),
        (CardStatus.Frozen, CardTrigger.Cancel, CardStatus.Cancelled),

        (CardStatus.ReportedLost, CardTrigger.CancelLoss, CardStatus.Active),
        (CardStatus.ReportedLost, CardTrigger.Replace, CardStatus.Replaced),
        (CardStatus.ReportedLost, CardTrigger.Cancel, CardStatus.Cancelled));

    private readonly List<CardEvent> _events = [];

    private Card()
    {
    }

    public Guid Id { get; private set; }
    public Guid ResidentId { get; private set; }
    public string Serial { get; private set; } = "";
    public string? ChipSerial { get; private set; }
    public string IssuerCode { get; private set; } = "";
    public string CityCode { get; private set; } = "";

    /// <summary>
    /// The holder's county (GB/T 2260) when the card was made. Statistics count the card there for its whole life,
    /// so that a holder moving later does not rewrite last year's figures.
    /// </summary>
    public string RegionCode { get; private set; } = "";

    public DateOnly IssueDate { get; private set; }
    public DateOnly ExpiryDate { get; private set; }
    public IssuanceMode Mode { get; private set; }
    public CardStatus Status { get; private set; }

    /// <summary>The filed user-card product (产品备案) the card was made from, when known.</summary>
    public Guid? ProductId { get; private set; }

    /// <summary>The card this one replaced, if it is a replacement.</summary>
    public Guid? ReplacesCardId { get; private set; }

    /// <summary>制卡单位、人员、时间: set when the card is made (at once for instant issuance, by the factory's return for batches).</summary>
    public Handling? Production { get; private set; }

    /// <summary>The issuing point (发放网点) a batch card was delivered to, who delivered it and when.</summary>
    public Handling? Distribution { get; private set; }

    /// <summary>发卡单位、人员、时间: set when the card is handed to its holder (activation).</summary>
    public Handling? Issuance { get; private set; }

    /// <summary>Optimistic concurrency: two operators acting on one card cannot both win.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<CardEvent> Events => _events;

    public bool IsFinal => Lifecycle.IsFinal(Status);

    /// <summary>A new card, pending until it is activated (handed to the holder).</summary>
    public static Card Create(NewCard spec, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        var card = new Card
        {
            Id = Guid.CreateVersion7(context.At),
            ResidentId = spec.ResidentId,
            Serial = spec.Serial,
            ChipSerial = spec.ChipSerial,
            IssuerCode = spec.IssuerCode,
            CityCode = spec.CityCode,
            RegionCode = spec.RegionCode,
            IssueDate = spec.IssueDate,
            ExpiryDate = spec.ExpiryDate,
            Mode = spec.Mode,
            Status = CardStatus.Pending,
            ReplacesCardId = spec.ReplacesCardId,
            Production = spec.Production,
            ProductId = spec.ProductId,
        };
        card._events.Add(CardEvent.Created(card.Id, context));
        return card;
    }

    /// <summary>
    /// The only way a card changes status: applies the trigger through <see cref="Lifecycle"/>, which records an event with
    /// the actor, time, reason and channel.
    /// </summary>
    public Result<CardEvent> Apply(CardTrigger trigger, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var from = Status;
        var applied = Lifecycle.Apply(from, trigger, to => CardEvent.Transition(Id, trigger, from, to, context), to => Status = to);
        if (!applied.IsSuccess)
        {
            return applied;
        }
        var handling = new Handling(context.Unit ?? IssuerCode, context.Operator ?? context.Actor, context.At);
        switch (trigger)
        {
            case CardTrigger.Produce:
                Production = handling;
                break;
            case CardTrigger.Distribute:
                Distribution = handling;
                break;
            case CardTrigger.Activate:
                Issuance = handling;
                break;
        }
        _events.Add(applied.Value);
        return applied;
    }

    /// <summary>
    /// The factory reports the card made: <see cref="CardTrigger.Produce"/> with the chip serial it wrote, which the card
    /// keeps from then on (the online check compares it). <paramref name="context"/>'s unit is the 制卡单位.
    /// </summary>
    public Result<CardEvent> Produce(string chipSerial, TransitionContext context)
    {
        ArgumentException.ThrowIfNullOrEmpty(chipSerial);
        var produced = Apply(CardTrigger.Produce, context);
        if (produced.IsSuccess)
        {
            ChipSerial = chipSerial.ToUpperInvariant();
        }
        return produced;
    }
}

/// <summary>What is needed to make a card.</summary>
public sealed record NewCard(
    Guid ResidentId,
    string Serial,
    string? ChipSerial,
    string IssuerCode,
    string CityCode,
    string RegionCode,
    DateOnly IssueDate,
    DateOnly ExpiryDate,
    IssuanceMode Mode,
    Guid? ReplacesCardId,
    Handling? Production,
    Guid? ProductId = null);

/// <summary>Who handled a card, where and when (制卡/发卡 单位、人员、时间).</summary>
public sealed record Handling(string Unit, string Staff, DateTimeOffset At);
