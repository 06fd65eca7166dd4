using HealthCard.App.Features.Usage;
using HealthCard.App.Persistence;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.Production;
using HealthCard.Domain.Products;
using HealthCard.Domain.SecurityModules;
using HealthCard.Domain.Terminals;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Network;

/// <summary>
/// A kind of record the network carries upward: its root entity, the property that says its region (none for records
/// that belong to whoever filed them, such as products), and whether it has a version that orders its changes.
/// </summary>
public sealed record ReplicatedKind(string Name, Type Entity, string? RegionProperty, int Order);

/// <summary>
/// The one list of what travels (issue 16 §2). The order is the order in which one transaction's changes are written to
/// the outbox, so that a parent meets a resident before its card and an institution before its terminals.
/// </summary>
public static class ReplicatedKinds
{
    /// <summary>The shadow column that marks a row as a read-only copy, holding its owner node's region (null: our own).</summary>
    public const string CopyOwner = "CopyOwner";

    public static ReplicatedKind Institution { get; } = new("institution", typeof(Institution), nameof(Domain.Institutions.Institution.RegionCode), 0);
    public static ReplicatedKind Product { get; } = new("product", typeof(Product), null, 1);
    public static ReplicatedKind Terminal { get; } = new("terminal", typeof(Terminal), nameof(Domain.Terminals.Terminal.RegionCode), 2);
    public static ReplicatedKind Sam { get; } = new("sam", typeof(Sam), nameof(Domain.SecurityModules.Sam.RegionCode), 3);
    public static ReplicatedKind Resident { get; } = new("resident", typeof(ResidentRecord), nameof(ResidentRecord.RegionCode), 4);
    public static ReplicatedKind Application { get; } = new("application", typeof(CardApplication), nameof(CardApplication.RegionCode), 5);
    public static ReplicatedKind Card { get; } = new("card", typeof(Card), nameof(Domain.Cards.Card.RegionCode), 6);
    public static ReplicatedKind Batch { get; } = new("batch", typeof(ProductionBatch), nameof(ProductionBatch.RegionCode), 7);
    public static ReplicatedKind Usage { get; } = new("usage", typeof(UsageEvent), null, 8);

    /// <summary>A node's audit-chain head (not a table row: an anchor for the parent, ADR 026).</summary>
    public const string AuditHead = "audit-head";

    public static IReadOnlyList<ReplicatedKind> All { get; } = [Institution, Product, Terminal, Sam, Resident, Application, Card, Batch, Usage];

    /// <summary>The kinds whose rows are copied into the same tables and marked with <see cref="CopyOwner"/>.</summary>
    public static IEnumerable<ReplicatedKind> Copied => All.Where(k => k != Usage);

    private static readonly Dictionary<Type, ReplicatedKind> ByEntity = All.ToDictionary(k => k.Entity);
    private static readonly Dictionary<string, ReplicatedKind> ByName = All.ToDictionary(k => k.Name);

    public static ReplicatedKind? OfEntity(Type type) => ByEntity.GetValueOrDefault(type);

    public static ReplicatedKind? Named(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Adds the copy marker to every copied kind's table (called from the model).</summary>
    internal static void MapCopyOwner(ModelBuilder builder)
    {
        foreach (var kind in Copied)
        {
            builder.Entity(kind.Entity).Property<string?>(CopyOwner).HasMaxLength(6);
        }
    }
}
