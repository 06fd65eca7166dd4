using HealthCard.App.Common;

namespace HealthCard.Web.Console.Shared;

/// <summary>What the console's lists share about paging: the page sizes offered (<see cref="HealthCard.Web.Components.ServerPager"/>) and table labels.</summary>
public static class Paging
{
    /// <summary>The page sizes a list offers; the first is <see cref="PageRequest.DefaultSize"/>.</summary>
    public static readonly int[] PageSizes = [PageRequest.DefaultSize, 50, 100];

    /// <summary>The attributes that name a table for screen readers (MudTable's TableAttributes).</summary>
    public static Dictionary<string, object> Label(string label) => new(StringComparer.Ordinal) { ["aria-label"] = label };

    /// <summary>
    /// One page of a list that its use case returns whole (the key service's lists, a few dozen rows), so that it pages
    /// with the same <see cref="HealthCard.Web.Components.ServerPager"/> as the lists the use cases page themselves.
    /// </summary>
    public static Paged<T> PageOf<T>(IReadOnlyList<T> all, PageRequest request)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(request);
        var items = all.Skip(request.Offset).Take(request.SafeSize).ToList();
        return new Paged<T>(items, request.SafePage, request.SafeSize, all.Count);
    }
}
