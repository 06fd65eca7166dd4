namespace HealthCard.Domain.Cards;

/// <summary>The platform's card statuses (standard §8). <see cref="Replaced"/> and <see cref="Cancelled"/> are final.</summary>
public enum CardStatus
{
    Pending,

    /// <summary>A batch card the factory reports made (制卡): chip serial known, not yet at the issuing point.</summary>
    Produced,

    /// <summary>A batch card delivered to its issuing point (发放网点), waiting for the holder.</summary>
    Distributed,
    Active,
    Frozen,
    ReportedLost,
    Replaced,
    Cancelled,
}

public enum CardTrigger
{
    Produce,
    Distribute,
    Activate,
    Freeze,
    Unfreeze,
    ReportLoss,
    CancelLoss,
    Replace,
    Cancel,
}

/// <summary>How a card reached its holder (standard §8).</summary>
public enum IssuanceMode
{
    Hospital,
    Batch,
    Bank,
}

/// <summary>Why a card was cancelled (注销).</summary>
public enum CancellationReason
{
    Death,
    AccidentalTermination,
    Voluntary,
    Other,

    /// <summary>The card factory could not make the card; the holder goes back to the production queue.</summary>
    ProductionFailed,
}
