namespace HealthCard.Domain.Cards;

/// <summary>The platform's card statuses (standard §8). <see cref="Replaced"/> and <see cref="Cancelled"/> are final.</summary>
public enum CardStatus
{
    Pending,
    Active,
    Frozen,
    ReportedLost,
    Replaced,
    Cancelled,
}

public enum CardTrigger
{
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
}

/// <summary>Where a lifecycle operation came from.</summary>
public enum Channel
{
    Api,
    Console,
    Portal,
    Cli,
    System,
}
