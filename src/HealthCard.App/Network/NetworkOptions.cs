namespace HealthCard.App.Network;

/// <summary>
/// The <c>HealthCard:Network</c> section. Without a <see cref="Region"/> the deployment is an island, exactly as before
/// the network existed (ADR 026).
/// </summary>
public sealed class NetworkOptions
{
    /// <summary>This node's region: <c>00</c> for the national node, <c>13</c> a province, <c>1301</c> a city, <c>130102</c> a county.</summary>
    public string? Region { get; set; }

    /// <summary>The NATS server (or cluster seed) the network runs on, such as <c>nats://127.0.0.1:4222</c>.</summary>
    public string? Nats { get; set; }

    /// <summary>The node's NKey seed file (<c>hcard network credentials</c>); none when the server needs no authentication.</summary>
    public string? Credentials { get; set; }

    /// <summary>How long a synchronous request to another node (the national claim, an owner's operation) may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the node sends its audit-chain head to its parent (ADR 005's gap, closed in ADR 026).</summary>
    public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromSeconds(30);
}
