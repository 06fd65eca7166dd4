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

/// <summary>
/// One page of a list, with the total count so that consoles can show page numbers. When <see cref="TotalIsLowerBound"/>
/// is set, the list holds at least <see cref="Total"/> rows and counting them all was not worth its cost.
/// </summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total, bool TotalIsLowerBound = false)
{
    /// <summary>No rows: what a list shows when its use case refused the caller.</summary>
    public static Paged<T> Empty(PageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Paged<T>([], request.SafePage, request.SafeSize, 0);
    }

    /// <summary>Counts and reads one page of an ordered query, mapping each row.</summary>
    public static Task<Paged<T>> ReadAsync<TRow>(IQueryable<TRow> ordered, PageRequest request, Func<TRow, T> map,
        CancellationToken cancellationToken) => ReadAsync(ordered, request, map, countUpTo: null, cancellationToken);

    /// <summary>
    /// As <see cref="ReadAsync{TRow}(IQueryable{TRow}, PageRequest, Func{TRow, T}, CancellationToken)"/>, counting at most
    /// <paramref name="countUpTo"/> rows: for lists that grow without bound (the audit log), where an exact count of
    /// tens of millions of rows would cost more than the page itself.
    /// </summary>
    public static async Task<Paged<T>> ReadAsync<TRow>(IQueryable<TRow> ordered, PageRequest request, Func<TRow, T> map, long? countUpTo,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(map);
        var total = countUpTo is { } limit
            ? await ordered.Take((int)Math.Min(limit + 1, int.MaxValue)).LongCountAsync(cancellationToken)
            : await ordered.LongCountAsync(cancellationToken);
        var bounded = countUpTo is { } most && total > most;
        var rows = await ordered.Skip((request.SafePage - 1) * request.SafeSize).Take(request.SafeSize).ToListAsync(cancellationToken);
        return new Paged<T>(rows.Select(map).ToList(), request.SafePage, request.SafeSize, bounded ? countUpTo!.Value : total, bounded);
    }
}
