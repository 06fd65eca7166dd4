namespace HealthCard.Domain.Common;

/// <summary>Collects per-field validation messages in the order they were found.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<Message>> _fields = new(StringComparer.Ordinal);

    public bool Any => _fields.Count > 0;

    public void Add(string field, string zh, string en)
    {
        if (!_fields.TryGetValue(field, out var messages))
        {
            messages = [];
            _fields[field] = messages;
        }
        messages.Add(new Message(zh, en));
    }

    public ValidationFailed ToError(string code) =>
        new(code, _fields.ToDictionary(f => f.Key, f => (IReadOnlyList<Message>)f.Value.AsReadOnly(), StringComparer.Ordinal));
}
