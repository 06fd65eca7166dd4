namespace HealthCard.App.Network;

/// <summary>
/// A node's place in the tiers (国家、省、地市、县) and how it is written in NATS subjects. One home for "which node may
/// speak for which record": a node covers its own region and everything below it; the national node covers all.
/// </summary>
public static class NetworkRegion
{
    public const string National = "00";

    /// <summary>True for <c>00</c> and for 2, 4 or 6 digits.</summary>
    public static bool IsValid(string? region) =>
        region is National || (region is { Length: 2 or 4 or 6 } && region.All(char.IsAsciiDigit) && region != "00");

    /// <summary>The region hierarchy as subject tokens: <c>13.1301.130102</c>; <c>00</c> for the national node.</summary>
    public static string Path(string region) => region switch
    {
        National => National,
        { Length: 2 } => region,
        { Length: 4 } => $"{region[..2]}.{region}",
        { Length: 6 } => $"{region[..2]}.{region[..4]}.{region}",
        _ => throw new ArgumentException($"'{region}' is not a node region.", nameof(region)),
    };

    /// <summary>The node region a subject path names: its last token.</summary>
    public static string FromPath(string path) => path[(path.LastIndexOf('.') + 1)..];

    /// <summary>True when a node of <paramref name="node"/> may own a record of <paramref name="recordRegion"/>.</summary>
    public static bool Covers(string node, string recordRegion) =>
        node == National || recordRegion.StartsWith(node, StringComparison.Ordinal);

    /// <summary>The regions above a node, nearest last: <c>1301</c> → <c>00</c>, <c>13</c>.</summary>
    public static IReadOnlyList<string> Ancestors(string region) => region switch
    {
        National => [],
        { Length: 2 } => [National],
        { Length: 4 } => [National, region[..2]],
        _ => [National, region[..2], region[..4]],
    };
}
