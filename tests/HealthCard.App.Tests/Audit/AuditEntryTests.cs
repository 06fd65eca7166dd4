using HealthCard.App.Audit;
using HealthCard.Domain.Common;

namespace HealthCard.App.Tests.Audit;

public sealed class AuditEntryTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static AuditEntry Entry() => new()
    {
        Node = "node-1", Sequence = 7, OccurredAt = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), Actor = "his-01",
        Channel = "api", Action = "card.freeze", TargetType = "card", TargetId = "1300000001", RegionCode = "130105",
        Outcome = "success", Details = "{}", PreviousHash = new byte[32],
    };

    [Fact]
    public void ComputeHash_ChangesWithEveryField()
    {
        var original = Entry().ComputeHash(Key);
        var altered = new Action<AuditEntry>[]
        {
            e => e.Node = "node-2", e => e.Sequence = 8, e => e.OccurredAt = e.OccurredAt.AddTicks(10), e => e.Actor = "x",
            e => e.Channel = "cli", e => e.Action = "card.unfreeze", e => e.TargetType = "resident", e => e.TargetId = null,
            e => e.RegionCode = "130104", e => e.Outcome = "card.invalid_transition", e => e.Details = null, e => e.PreviousHash = new byte[32].Select(_ => (byte)1).ToArray(),
        };

        foreach (var alter in altered)
        {
            var entry = Entry();
            alter(entry);
            entry.ComputeHash(Key).ShouldNotBe(original);
        }
        Entry().ComputeHash(Key).ShouldBe(original);
    }

    [Fact]
    public void ComputeHash_LengthPrefixesFields_SoTextCannotMoveBetweenThem()
    {
        var a = Entry();
        a.Actor = "ab";
        a.Channel = "c";
        var b = Entry();
        b.Actor = "a";
        b.Channel = "bc";

        a.ComputeHash(Key).ShouldNotBe(b.ComputeHash(Key));
    }

    [Fact]
    public void ComputeHash_IsKeyed_SoAnotherKeyGivesAnotherHash()
    {
        var other = Key.Select(b => (byte)(b ^ 0x5A)).ToArray();

        Entry().ComputeHash(other).ShouldNotBe(Entry().ComputeHash(Key));
        Entry().ComputeHash(Key).Length.ShouldBe(32);
    }
}
