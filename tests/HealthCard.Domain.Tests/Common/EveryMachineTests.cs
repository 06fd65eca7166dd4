using System.Reflection;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;

namespace HealthCard.Domain.Tests.Common;

/// <summary>
/// Every state machine of the Domain, found by reflection (so that a machine added later is walked too), through the one
/// mechanism: for every (state, trigger) pair, <see cref="TransitionTable{TState,TTrigger}.Apply{TEvent}"/> either records
/// and moves exactly as the table says, or refuses with the machine's <c>invalid_transition</c> and records nothing; and
/// what the table offers a page (<see cref="TransitionTable{TState,TTrigger}.AllowedFrom"/>) is exactly what it accepts.
/// Each machine's expected table is written out in its own aggregate's tests.
/// </summary>
public sealed class EveryMachineTests
{
    private static readonly TransitionContext Context = new("tester", Channel.Api, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)), "测试");

    /// <summary>Every public static <see cref="TransitionTable{TState,TTrigger}"/> field of a Domain type, with its owner.</summary>
    private static List<(string Owner, object Table)> Machines() =>
        [.. typeof(Card).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (Owner: t.Name, Field: f)))
            .Where(x => x.Field.FieldType.IsGenericType && x.Field.FieldType.GetGenericTypeDefinition() == typeof(TransitionTable<,>))
            .Select(x => (x.Owner, x.Field.GetValue(null)!))];

    public static TheoryData<string> MachineNames() => [.. Machines().Select(m => m.Owner)];

    [Fact]
    public void EveryAggregateWithAStatus_DeclaresItsMachineOnTheOneMechanism()
    {
        var names = Machines().Select(m => (string)m.Table.GetType().GetProperty("Machine")!.GetValue(m.Table)!).ToList();

        names.ShouldBeUnique();
        names.ShouldBeSubsetOf(names.Select(EnumNames.SnakeCase));
        foreach (var machine in new[] { "card", "sam", "terminal", "product", "institution", "card_application", "production_batch" })
        {
            names.ShouldContain(machine);
        }
    }

    [Theory]
    [MemberData(nameof(MachineNames))]
    public void EveryStateAndTrigger_IsAppliedOrRefused_AsTheTableSays(string owner)
    {
        var table = Machines().Single(m => m.Owner == owner).Table;
        var types = table.GetType().GetGenericArguments();
        typeof(EveryMachineTests).GetMethod(nameof(Walk), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(types).Invoke(null, [table]);
    }

    private static void Walk<TState, TTrigger>(TransitionTable<TState, TTrigger> table)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var listed = table.Transitions.ToDictionary(t => (t.From, t.Trigger), t => t.To);
        foreach (var state in Enum.GetValues<TState>())
        {
            var offered = table.AllowedFrom(state);
            offered.Select(a => (a.Trigger, a.To)).ShouldBe(
                Enum.GetValues<TTrigger>().Where(t => listed.ContainsKey((state, t))).Select(t => (t, listed[(state, t)])),
                $"{table.Machine}: what a page may offer from {state}");
            table.IsFinal(state).ShouldBe(offered.Count == 0);

            foreach (var trigger in Enum.GetValues<TTrigger>())
            {
                var moved = new List<TState>();
                var recorded = table.Apply("key-1", state, trigger, Context, moved.Add, "{}");
                if (listed.TryGetValue((state, trigger), out var to))
                {
                    recorded.IsSuccess.ShouldBeTrue($"{table.Machine}: {state} --{trigger}-->");
                    moved.ShouldBe([to]);
                    offered.Allows(trigger).ShouldBeTrue();
                    offered.To(trigger).ShouldBe(to);
                    var e = recorded.Value;
                    (e.SubjectType, e.SubjectKey, e.Action, e.FromStatus, e.ToStatus).ShouldBe(
                        (table.Machine, "key-1", EnumNames.Of(trigger), EnumNames.Of(state), EnumNames.Of(to)));
                    (e.Actor, e.Channel, e.Reason, e.Details, e.OccurredAt).ShouldBe((Context.Actor, Context.Channel, Context.Reason, "{}", Context.At));
                }
                else
                {
                    var refused = recorded.Error.ShouldBeOfType<InvalidTransition>($"{table.Machine}: {state} --{trigger}--> must be refused");
                    (refused.Code, refused.From, refused.Trigger).ShouldBe(
                        ($"{table.Machine}.invalid_transition", EnumNames.Of(state), EnumNames.Of(trigger)));
                    moved.ShouldBeEmpty();
                    offered.Allows(trigger).ShouldBeFalse();
                    table.Next(state, trigger).Error.ShouldBe(refused);
                }
            }
        }
    }
}
