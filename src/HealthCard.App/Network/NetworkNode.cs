namespace HealthCard.App.Network;

/// <summary>This deployment's place in the network, resolved once from <see cref="NetworkOptions"/>. Singleton.</summary>
public sealed class NetworkNode
{
    public NetworkNode(NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        if (options.Region is { Length: > 0 } region)
        {
            if (!NetworkRegion.IsValid(region))
            {
                throw new InvalidOperationException($"HealthCard:Network:Region '{region}' is not a node region: 00 (national), or 2, 4 or 6 digits.");
            }
            if (string.IsNullOrWhiteSpace(options.Nats))
            {
                throw new InvalidOperationException("HealthCard:Network:Region is set, but HealthCard:Network:Nats (the NATS URL) is not.");
            }
            Region = region;
        }
    }

    public NetworkOptions Options { get; }

    /// <summary>The node's region, or null for an island (no network configured).</summary>
    public string? Region { get; }

    public bool Enabled => Region is not null;

    public bool IsNational => Region == NetworkRegion.National;

    /// <summary>True when this node may have children (every tier but the county).</summary>
    public bool HasSubtree => Region is { Length: < 6 };
}

/// <summary>A change to a record this node only holds a copy of: the owner is the only writer (ADR 026).</summary>
public sealed class RecordOwnedElsewhereException(string kind, string owner)
    : InvalidOperationException($"The {kind} is owned by node {owner}; this node holds a read-only copy.")
{
    public string Kind { get; } = kind;
    public string Owner { get; } = owner;
}
