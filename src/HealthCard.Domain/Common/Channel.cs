namespace HealthCard.Domain.Common;

/// <summary>Where a lifecycle operation came from.</summary>
public enum Channel
{
    Api,
    Console,
    Portal,
    Cli,
    System,
}
