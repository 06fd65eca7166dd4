namespace HealthCard.Domain.Common;

/// <summary>A record that belongs to a region (a GB/T 2260 code), so that queries can be scoped to the caller's region.</summary>
public interface IRegional
{
    string RegionCode { get; }
}
