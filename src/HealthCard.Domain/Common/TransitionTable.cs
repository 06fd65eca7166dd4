using System.Collections.Frozen;
using HealthCard.Domain.Cards;

namespace HealthCard.Domain.Common;

/// <summary>
/// A state machine as an explicit table (design guide §4): anything not listed is refused with an
/// <see cref="InvalidTransition"/> named after the machine. Products, SAMs, terminals and institutions each declare one.
/// </summary>
public sealed class TransitionTable<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly FrozenDictionary<(TState From, TTrigger Trigger), TState> _table;

    public TransitionTable(string machine, params (TState From, TTrigger Trigger, TState To)[] transitions)
    {
        Machine = machine;
        _table = transitions.ToFrozenDictionary(t => (t.From, t.Trigger), t => t.To);
    }

    /// <summary>The machine's name, the prefix of its error codes (<c>sam.invalid_transition</c>).</summary>
    public string Machine { get; }

    /// <summary>Every allowed transition, for documentation and for tests that walk the table pair by pair.</summary>
    public IEnumerable<(TState From, TTrigger Trigger, TState To)> Transitions => _table.Select(t => (t.Key.From, t.Key.Trigger, t.Value));

    public bool TryNext(TState from, TTrigger trigger, out TState to) => _table.TryGetValue((from, trigger), out to);

    public Result<TState> Next(TState from, TTrigger trigger) =>
        TryNext(from, trigger, out var to) ? to : new InvalidTransition(Machine, EnumNames.Of(from), EnumNames.Of(trigger));
}
