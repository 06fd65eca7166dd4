using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Common;

/// <summary>A page request: 1-based page number (at most <see cref="MaxPage"/>) and size (at most <see cref="MaxSize"/>).</summary>
public sealed record PageRequest(int Page = 1, int Size = PageRequest.DefaultSize)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 500;

    /// <summary>The highest page a list serves: beyond it the offset would not fit the database's row offset.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>The stable code of a refused page request (HTTP 400).</summary>
    public const string ErrorCode = "page.invalid";

    public int SafePage => Math.Clamp(Page, 1, MaxPage);

    public int SafeSize => Math.Clamp(Size, 1, MaxSize);

    /// <summary>The rows before this page; never overflows (<see cref="MaxPage"/> × <see cref="MaxSize"/> fits an int).</summary>
    public int Offset => (SafePage - 1) * SafeSize;

    /// <summary>
    /// The one parser of the lists' <c>page</c> and <c>pageSize</c> (absent: 1 and <see cref="DefaultSize"/>). A value that
    /// is not a number, or out of range, is refused with <see cref="ErrorCode"/> and a message per field, never silently
    /// served as another page (issue 14, finding 14).
    /// </summary>
    public static Result<PageRequest> Parse(string? page, string? pageSize)
    {
        var errors = new FieldErrors();
        var number = Number(page, 1, MaxPage, "page", errors, $"页码应为 1 到 {MaxPage} 的整数", $"page is a whole number from 1 to {MaxPage}");
        var size = Number(pageSize, DefaultSize, MaxSize, "pageSize", errors, $"每页条数应为 1 到 {MaxSize} 的整数",
            $"pageSize is a whole number from 1 to {MaxSize}");
        return errors.Any ? errors.ToError(ErrorCode) : new PageRequest(number, size);
    }

    private static int Number(string? text, int absent, int max, string field, FieldErrors errors, string zh, string en)
    {
        if (text is null)
        {
            return absent;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= 1 && value <= max)
        {
            return value;
        }
        errors.Add(field, zh, en);
        return absent;
    }
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
        var rows = await ordered.Skip(request.Offset).Take(request.SafeSize).ToListAsync(cancellationToken);
        return new Paged<T>(rows.Select(map).ToList(), request.SafePage, request.SafeSize, bounded ? countUpTo!.Value : total, bounded);
    }
}

/// <summary>Reading a refused list as empty, where a page only offers choices (for example the products a form lists).</summary>
public static class PagedResults
{
    public static IReadOnlyList<T> ItemsOrNone<T>(this Result<Paged<T>> result) => result.IsSuccess ? result.Value.Items : [];
}
