using HealthCard.App.Common;
using MudBlazor;

namespace HealthCard.Web.Console.Shared;

/// <summary>Turns a MudTable's state into the use cases' page request and their page into the table's data.</summary>
public static class Paging
{
    public static readonly int[] PageSizes = [20, 50, 100];

    /// <summary>The attributes that name a table for screen readers (MudTable's TableAttributes).</summary>
    public static Dictionary<string, object> Label(string label) => new(StringComparer.Ordinal) { ["aria-label"] = label };

    public static PageRequest Request(TableState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new PageRequest(state.Page + 1, state.PageSize);
    }

    public static TableData<T> Data<T>(Paged<T> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new TableData<T> { Items = page.Items, TotalItems = (int)Math.Min(page.Total, int.MaxValue) };
    }

    public static TableData<T> Data<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new TableData<T> { Items = items, TotalItems = items.Count };
    }
}
