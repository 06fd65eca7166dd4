namespace HealthCard.App.Network;

/// <summary>The NATS names the network uses (ADR 027). Permissions in <c>hcard network nats-config</c> follow the same shapes.</summary>
public static class NetworkSubjects
{
    /// <summary>The one change stream: every node's committed changes, kept (file storage) until every tier has them.</summary>
    public const string ChangeStream = "HC_CHANGES";

    public const string AllChanges = "hc.chg.>";

    /// <summary>A change of <paramref name="kind"/> owned by <paramref name="ownerRegion"/>: <c>hc.chg.card.13.1301</c>.</summary>
    public static string Change(string kind, string ownerRegion) => $"hc.chg.{kind}.{NetworkRegion.Path(ownerRegion)}";

    /// <summary>What a parent consumes: its whole subtree, never its own changes (national: everything, own skipped on receipt).</summary>
    public static string Subtree(string region) => region == NetworkRegion.National ? AllChanges : $"hc.chg.*.{NetworkRegion.Path(region)}.>";

    /// <summary>A node's own changes only (what its descendants consume as reference data from above).</summary>
    public static string OwnChanges(string region) => $"hc.chg.*.{NetworkRegion.Path(region)}";

    /// <summary>Every node's card changes (the national card directory every node keeps).</summary>
    public const string AllCards = "hc.chg.card.>";

    /// <summary>A claim or lookup at the national registry, sent by <paramref name="region"/> (NATS lets a node send only its own).</summary>
    public static string Claim(string region) => $"hc.national.claim.{region}";

    public const string AllClaims = "hc.national.claim.*";

    /// <summary>
    /// A request to the node that owns a record, naming the asker last (<c>hc.rpc.1301.card.43</c>), which NATS lets only
    /// that node send, so the owner knows who asks.
    /// </summary>
    public static string Request(string ownerRegion, string operation, string askerRegion) => $"hc.rpc.{ownerRegion}.{operation}.{askerRegion}";

    /// <summary>Every request addressed to <paramref name="region"/>.</summary>
    public static string RequestsTo(string region) => $"hc.rpc.{region}.>";
}
