namespace HealthCard.Domain.Common;

/// <summary>The GB/T 2260 region table (data/regions.csv): what codes exist and how they nest.</summary>
public interface IRegionDirectory
{
    /// <summary>True for a code of any level (province, city or county).</summary>
    bool Exists(string code);

    /// <summary>True for a county-level code, the level at which residents are managed.</summary>
    bool IsCounty(string code);

    /// <summary>The name of the region, or null when the code is unknown.</summary>
    string? NameOf(string code);
}
