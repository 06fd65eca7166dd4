namespace HealthCard.Web.Console.Keys;

/// <summary>The key management page's words: Resources/Console/Keys/KeyText(.en).resx.</summary>
public sealed class KeyText;

/// <summary>The key pages' lists: what the use case returned, or nothing when it refused (the refusal is the use case's to decide).</summary>
internal static class KeyResults
{
    public static IReadOnlyList<T> ValueOr<T>(this HealthCard.Domain.Common.Result<IReadOnlyList<T>> result, IReadOnlyList<T> fallback) =>
        result.IsSuccess ? result.Value : fallback;

    public static T? OrNull<T>(this HealthCard.Domain.Common.Result<T> result) where T : class =>
        result.IsSuccess ? result.Value : null;
}
