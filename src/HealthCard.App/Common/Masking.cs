using HealthCard.Domain.Residents;

namespace HealthCard.App.Common;

/// <summary>
/// How personal numbers look to callers without <see cref="Scope.PiiRead"/> (docs/adr/017-what-masked-callers-see.md).
/// A masked value keeps nothing that, together with the other fields a view returns (name, gender, birth year, region),
/// narrows the number: a citizen ID number is address code, birth date, a sequence whose parity is the sex and a check
/// character, so any kept character of it narrows it. Use <see cref="Disclosure"/> to apply the rule to a view.
/// </summary>
public static class Masking
{
    /// <summary>An ID (or card) number: every character hidden, <c>******************</c>; only its length stays.</summary>
    public static string IdNumber(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new string('*', value.Length);
    }

    /// <summary>
    /// <c>139********</c>: the first three digits (the network) stay. Never the last four: they are part of the portal's
    /// first-password proof.
    /// </summary>
    public static string Phone(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 3 ? string.Concat(value.AsSpan(0, 3), new string('*', value.Length - 3)) : new string('*', value.Length);
    }

    /// <summary>An address keeps its first six characters (usually province and city).</summary>
    public static string Address(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 6 ? string.Concat(value.AsSpan(0, 6), "****") : "****";
    }

    /// <summary>A contact person keeps the first character of the name (usually the surname).</summary>
    public static string Name(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 1 ? string.Concat(value.AsSpan(0, 1), "**") : "**";
    }

    /// <summary><c>622202*********5679</c>: issuer number and last four, as printed on receipts (not an identity number).</summary>
    public static string BankCard(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 10 ? string.Concat(value.AsSpan(0, 6), new string('*', value.Length - 10), value.AsSpan(value.Length - 4)) : new string('*', value.Length);
    }
}

/// <summary>
/// The one place that decides what a caller sees of a person (ADR 017). With <see cref="Scope.PiiRead"/>: everything.
/// Without: the ID number fully masked, the birth year instead of the birth date, phones with their network prefix only,
/// addresses with province and city, contact persons by surname, and no health data, health-record or NCMS number.
/// Every view of residents and cards (API, console, CLI, lists) goes through it.
/// </summary>
public readonly record struct Disclosure(bool Clear)
{
    public static Disclosure For(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new Disclosure(caller.SeesPersonalData);
    }

    /// <summary>True when the view holds masked values (the JSON says so, so that clients can tell masked from absent).</summary>
    public bool Masked => !Clear;

    public string IdNumber(string value) => Clear ? value : Masking.IdNumber(value);

    /// <summary>The birth date, or null: the birth date is half of an ID number.</summary>
    public DateOnly? BirthDate(DateOnly value) => Clear ? value : null;

    public string Phone(string value) => Clear ? value : Masking.Phone(value);

    public Address Address(Address value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Clear ? value : value with { Text = Masking.Address(value.Text) };
    }

    public Contact Contact(Contact value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Clear ? value : new Contact(Masking.Name(value.Name), value.Relation, Masking.Phone(value.Phone));
    }

    /// <summary>Health-record and NCMS numbers: shown in full or not at all.</summary>
    public string? Number(string? value) => Clear ? value : null;

    /// <summary>Blood types, medical alerts, allergies and immunizations (sensitive personal information under PIPL).</summary>
    public HealthData? Health(HealthData? value) => Clear ? value : null;

    public string? BankCard(string? value) => value is null ? null : Clear ? value : Masking.BankCard(value);
}
