namespace HealthCard.Domain.Common;

/// <summary>Where a lifecycle operation came from.</summary>
public enum Channel
{
    Api,
    Console,
    Portal,
    Cli,
    System,

    /// <summary>Another node of the network, acting for its own operator (ADR 026).</summary>
    Network,
}
