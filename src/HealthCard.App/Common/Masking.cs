namespace HealthCard.App.Common;

/// <summary>How personal numbers look to callers without <see cref="Scope.PiiRead"/>.</summary>
public static class Masking
{
    /// <summary><c>110105********002X</c>: the address code and the last four characters stay.</summary>
    public static string IdNumber(string value) =>
        value.Length > 10 ? string.Concat(value.AsSpan(0, 6), new string('*', value.Length - 10), value.AsSpan(value.Length - 4)) : new string('*', value.Length);

    /// <summary><c>138****5678</c>: the first three and last four digits stay.</summary>
    public static string Phone(string value) =>
        value.Length > 7 ? string.Concat(value.AsSpan(0, 3), new string('*', value.Length - 7), value.AsSpan(value.Length - 4)) : new string('*', value.Length);

    /// <summary>An address keeps its first six characters (usually province and city).</summary>
    public static string Address(string value) => value.Length > 6 ? string.Concat(value.AsSpan(0, 6), "****") : "****";

    /// <summary><c>622848******1234</c>.</summary>
    public static string BankCard(string value) => IdNumber(value);
}
