using System.Collections.Frozen;

namespace HealthCard.Domain.Cards;

/// <summary>
/// The card lifecycle as one explicit transition table (docs/adr/004-card-lifecycle-table.md). Anything not listed
/// is refused. Replacement moves the old card to <see cref="CardStatus.Replaced"/>; the new card starts its own life.
/// </summary>
public static class CardLifecycle
{
    private static readonly FrozenDictionary<(CardStatus From, CardTrigger Trigger), CardStatus> Table =
        new Dictionary<(CardStatus, CardTrigger), CardStatus>
        {
            // Instant (hospital, bank) issuance activates at once; batch cards go through the factory and the issuing point.
            [(CardStatus.Pending, CardTrigger.Produce)] = CardStatus.Produced,
            [(CardStatus.Pending, CardTrigger.Activate)] = CardStatus.Active,
            [(CardStatus.Pending, CardTrigger.Cancel)] = CardStatus.Cancelled,

            [(CardStatus.Produced, CardTrigger.Distribute)] = CardStatus.Distributed,
            [(CardStatus.Produced, CardTrigger.Cancel)] = CardStatus.Cancelled,

            [(CardStatus.Distributed, CardTrigger.Activate)] = CardStatus.Active,
            [(CardStatus.Distributed, CardTrigger.Cancel)] = CardStatus.Cancelled,

            [(CardStatus.Active, CardTrigger.Freeze)] = CardStatus.Frozen,
            [(CardStatus.Active, CardTrigger.ReportLoss)] = CardStatus.ReportedLost,
            [(CardStatus.Active, CardTrigger.Replace)] = CardStatus.Replaced,
            [(CardStatus.Active, CardTrigger.Cancel)] = CardStatus.Cancelled,

            [(CardStatus.Frozen, CardTrigger.Unfreeze)] = CardStatus.Active,
            [(CardStatus.Frozen, CardTrigger.ReportLoss)] = CardStatus.ReportedLost,
            [(CardStatus.Frozen, CardTrigger.Replace)] = CardStatus.Replaced,
            [(CardStatus.Frozen, CardTrigger.Cancel)] = CardStatus.Cancelled,

            [(CardStatus.ReportedLost, CardTrigger.CancelLoss)] = CardStatus.Active,
            [(CardStatus.ReportedLost, CardTrigger.Replace)] = CardStatus.Replaced,
            [(CardStatus.ReportedLost, CardTrigger.Cancel)] = CardStatus.Cancelled,
        }.ToFrozenDictionary();

    /// <summary>Every allowed transition, for documentation and for tests that walk the table.</summary>
    public static IEnumerable<(CardStatus From, CardTrigger Trigger, CardStatus To)> Transitions =>
        Table.Select(t => (t.Key.From, t.Key.Trigger, t.Value));

    public static bool IsFinal(CardStatus status) => status is CardStatus.Replaced or CardStatus.Cancelled;

    public static bool TryNext(CardStatus from, CardTrigger trigger, out CardStatus to) => Table.TryGetValue((from, trigger), out to);
}
