using System.Collections.Frozen;

namespace HealthCard.Domain.Codes;

/// <summary>A national code table: code values exactly as the standard writes them, each with its Chinese name.</summary>
public sealed class CodeTable
{
    private readonly FrozenDictionary<string, string> _names;

    public CodeTable(string id, string title, IEnumerable<KeyValuePair<string, string>> entries)
    {
        Id = id;
        Title = title;
        _names = entries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The table's identifier in the standard, such as <c>GB/T 2261.1</c>.</summary>
    public string Id { get; }

    public string Title { get; }

    public IEnumerable<string> Codes => _names.Keys.Order(StringComparer.Ordinal);

    public bool Contains(string? code) => code is not null && _names.ContainsKey(code);

    public string? NameOf(string code) => _names.GetValueOrDefault(code);
}
