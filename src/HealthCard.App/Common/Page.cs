using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Common;

/// <summary>A page request: 1-based page number and size (at most <see cref="MaxSize"/>).</summary>
public sealed record PageRequest(int Page = 1, int Size = PageRequest.DefaultSize)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 500;

    public int SafePage => Math.Max(1, Page);

    public int SafeSize => Math.Clamp(Size, 1, MaxSize);
}

/// <summary>One page of a list, with the total count so that consoles can show page numbers.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    /// <summary>Counts and reads one page of an ordered query, mapping each row.</summary>
    public static async Task<Paged<T>> ReadAsync<TRow>(IQueryable<TRow> ordered, PageRequest request, Func<TRow, T> map,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(map);
        var total = await ordered.LongCountAsync(cancellationToken);
        var rows = await ordered.Skip((request.SafePage - 1) * request.SafeSize).Take(request.SafeSize).ToListAsync(cancellationToken);
        return new Paged<T>(rows.Select(map).ToList(), request.SafePage, request.SafeSize, total);
    }
}
