using System.Collections.Frozen;

namespace HealthCard.Domain.Common;

/// <summary>
/// A state machine as an explicit table (design guide §4; docs/adr/020-shared-kernel-and-lifecycles.md): anything not
/// listed is refused with an <see cref="InvalidTransition"/> named after the machine. Every aggregate with a status declares
/// one (cards, SAMs, terminals, product filings, institutions, card applications, production batches) and changes its
/// status only through <see cref="Apply{TEvent}"/>, which looks the trigger up, records the event and moves the status.
/// </summary>
public sealed class TransitionTable<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly FrozenDictionary<(TState From, TTrigger Trigger), TState> _table;
    private readonly FrozenDictionary<TState, IReadOnlyList<AllowedTransition<TTrigger, TState>>> _allowed;

    public TransitionTable(string machine, params (TState From, TTrigger Trigger, TState To)[] transitions)
    {
        Machine = machine;
        _table = transitions.ToFrozenDictionary(t => (t.From, t.Trigger), t => t.To);
        // In the triggers' declaration order, so that pages list actions in the same order everywhere.
        _allowed = Enum.GetValues<TState>().ToFrozenDictionary(s => s, s => (IReadOnlyList<AllowedTransition<TTrigger, TState>>)
            [.. Enum.GetValues<TTrigger>().Where(t => _table.ContainsKey((s, t))).Select(t => new AllowedTransition<TTrigger, TState>(t, _table[(s, t)]))]);
    }

    /// <summary>The machine's name: the prefix of its error codes (<c>sam.invalid_transition</c>) and the subject type of its history.</summary>
    public string Machine { get; }

    /// <summary>Every allowed transition, for documentation and for tests that walk the table pair by pair.</summary>
    public IEnumerable<(TState From, TTrigger Trigger, TState To)> Transitions => _table.Select(t => (t.Key.From, t.Key.Trigger, t.Value));

    public bool TryNext(TState from, TTrigger trigger, out TState to) => _table.TryGetValue((from, trigger), out to);

    public Result<TState> Next(TState from, TTrigger trigger) =>
        TryNext(from, trigger, out var to) ? to : new InvalidTransition(Machine, EnumNames.Of(from), EnumNames.Of(trigger));

    /// <summary>The triggers allowed from <paramref name="from"/>, each with where it leads: what a page may offer.</summary>
    public IReadOnlyList<AllowedTransition<TTrigger, TState>> AllowedFrom(TState from) => _allowed[from];

    /// <summary>A final state allows no trigger at all.</summary>
    public bool IsFinal(TState state) => _allowed[state].Count == 0;

    /// <summary>
    /// The one way a status changes: looks <paramref name="trigger"/> up from <paramref name="from"/>; if it is allowed,
    /// records the event (<paramref name="record"/> gets the new state) and then moves the subject there
    /// (<paramref name="moveTo"/>). A refused trigger records nothing and moves nothing.
    /// </summary>
    public Result<TEvent> Apply<TEvent>(TState from, TTrigger trigger, Func<TState, TEvent> record, Action<TState> moveTo)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(moveTo);
        if (!TryNext(from, trigger, out var to))
        {
            return new InvalidTransition(Machine, EnumNames.Of(from), EnumNames.Of(trigger));
        }
        var recorded = record(to);
        moveTo(to);
        return recorded;
    }

    /// <summary><see cref="Apply{TEvent}"/> for the subjects whose history is <see cref="LifecycleEvent"/>s keyed by <paramref name="subjectKey"/>.</summary>
    public Result<LifecycleEvent> Apply(string subjectKey, TState from, TTrigger trigger, TransitionContext context, Action<TState> moveTo,
        string? details = null) =>
        Apply(from, trigger, to => Record(subjectKey, EnumNames.Of(trigger), from, to, context, details), moveTo);

    /// <summary>
    /// A history event of this machine that is not a transition of the table: the creation (<paramref name="from"/> null) or
    /// an operation that keeps the status (an edit, a distribution).
    /// </summary>
    public LifecycleEvent Record(string subjectKey, string action, TState? from, TState to, TransitionContext context, string? details = null) =>
        LifecycleEvent.Record(Machine, subjectKey, action, from is { } f ? EnumNames.Of(f) : null, EnumNames.Of(to), context, details);
}

/// <summary>A trigger allowed from the current state, and the state it leads to.</summary>
public sealed record AllowedTransition<TTrigger, TState>(TTrigger Trigger, TState To)
    where TTrigger : struct, Enum
    where TState : struct, Enum;

/// <summary>Questions a page asks of the transitions its view allows.</summary>
public static class AllowedTransitions
{
    public static bool Allows<TTrigger, TState>(this IReadOnlyList<AllowedTransition<TTrigger, TState>> allowed, TTrigger trigger)
        where TTrigger : struct, Enum
        where TState : struct, Enum =>
        allowed.Any(a => EqualityComparer<TTrigger>.Default.Equals(a.Trigger, trigger));

    /// <summary>Where <paramref name="trigger"/> leads, or null when it is not allowed.</summary>
    public static TState? To<TTrigger, TState>(this IReadOnlyList<AllowedTransition<TTrigger, TState>> allowed, TTrigger trigger)
        where TTrigger : struct, Enum
        where TState : struct, Enum =>
        allowed.FirstOrDefault(a => EqualityComparer<TTrigger>.Default.Equals(a.Trigger, trigger))?.To;
}
