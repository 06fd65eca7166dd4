using System.Globalization;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Applications;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using HealthCard.Domain.SecurityModules;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Statistics;

/// <summary>
/// <paramref name="Region"/> is a GB/T 2260 prefix (empty = national; 2, 4 or 6 digits); <paramref name="From"/> and
/// <paramref name="To"/> are months (<c>yyyy-MM</c>, both included, China time) bounding the period figures.
/// </summary>
public sealed record StatisticsRequest(string? Region, string? From = null, string? To = null, string? GroupBy = null);

public sealed record StatisticsView(string Region, string? RegionName, string? From, string? To, string? GroupBy, DateTimeOffset AsOf,
    RegionFigures Total, IReadOnlyList<StatisticsGroup> Groups);

/// <summary>
/// One group of a statistics answer. Grouped by region, <see cref="OwnLevel"/> marks what is held at the node itself (a
/// city's own SAM stock, a city-level hospital's card uses): it counts in the node's total but is not a child region.
/// </summary>
public sealed record StatisticsGroup(string Key, string? Name, RegionFigures Figures, bool OwnLevel = false);

/// <summary>
/// The figures of one node or group. <see cref="Cards"/> are the cards now, by status. <see cref="Period"/> counts
/// lifecycle events in the period (<c>issued</c> = handed to the holder). The live parts (<see cref="ApplicationsPending"/>,
/// <see cref="Sams"/>, <see cref="Uses"/>) are given for the node and for region groups, and are null where a grouping
/// does not apply to them.
/// </summary>
public sealed record RegionFigures(
    IReadOnlyDictionary<string, long> Cards,
    IReadOnlyDictionary<string, long> Period,
    long? ApplicationsPending,
    IReadOnlyDictionary<string, long>? Sams,
    IReadOnlyDictionary<string, long>? Uses,
    IReadOnlyList<TagCoverage> Coverage)
{
    public long Issued => Period.GetValueOrDefault(StatisticsNames.Issued);
}

/// <summary>Residents of a population with an active card ÷ residents of that population, and progress against plans.</summary>
public sealed record TagCoverage(string Tag, long Residents, long WithActiveCard, double? Rate, IReadOnlyList<PlanProgress> Plans);

public sealed record PlanProgress(Guid Id, string Name, string Region, [property: System.Text.Json.Serialization.JsonIgnore] PopulationTags Tag,
    int TargetCount, DateOnly Deadline, long Covered, double Progress);

/// <summary>
/// Progress against a set of plans, the one rule the dashboard and the monthly report share: covered ÷ target summed over
/// all of them (rounded to four places); no progress without a plan.
/// </summary>
public sealed record PlanSummary(long Target, long Covered, double? Progress)
{
    public static PlanSummary Of(IEnumerable<PlanProgress> plans)
    {
        var list = plans.ToList();
        var target = list.Sum(p => (long)p.TargetCount);
        var covered = list.Sum(p => p.Covered);
        return new PlanSummary(target, covered, list.Count == 0 || target == 0 ? null : Math.Round((double)covered / target, 4));
    }

    /// <summary>Over every plan of a node or group (all populations).</summary>
    public static PlanSummary Of(RegionFigures figures) => Of(figures.Coverage.SelectMany(c => c.Plans));

    /// <summary>Over the plans of one population.</summary>
    public static PlanSummary Of(TagCoverage coverage) => Of(coverage.Plans);
}

/// <summary>The names statistics use for lifecycle actions and groupings.</summary>
public static class StatisticsNames
{
    public const string Issued = "issued";

    /// <summary>Card lifecycle actions (the trigger names in CardEvents) as period figures.</summary>
    public static readonly IReadOnlyDictionary<string, string> PeriodOfAction = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["issue"] = "created",
        ["produce"] = "produced",
        ["distribute"] = "distributed",
        ["activate"] = Issued,
        ["freeze"] = "frozen",
        ["unfreeze"] = "unfrozen",
        ["report_loss"] = "reported_lost",
        ["cancel_loss"] = "loss_cancelled",
        ["replace"] = "replaced",
        ["cancel"] = "cancelled",
    };

    public static readonly IReadOnlyList<string> Groupings = ["region", "month", "institution", "mode", "tag"];
}

/// <summary>
/// Statistics for any node of the region tree (GET /api/v1/stats). Card, resident and lifecycle figures come from the
/// trigger-maintained counters (<see cref="StatisticCounter"/>), so the cost grows with the number of distinct keys, not
/// with residents; SAMs, pending applications and card uses are counted live.
/// </summary>
public sealed class GetStatistics(HealthCardDb db, IRegionDirectory regions, TimeProvider clock)
{
    public async Task<Result<StatisticsView>> ExecuteAsync(Caller caller, StatisticsRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.StatisticsRead) is { } denied)
        {
            return denied;
        }
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var region = RegionPrefix.Parse(request.Region ?? caller.RegionScope, regions, errors, "region", nationalAllowed: true)?.Value ?? "";
        var from = Month(errors, "from", request.From);
        var to = Month(errors, "to", request.To);
        if (from is not null && to is not null && string.CompareOrdinal(from, to) > 0)
        {
            errors.Add("to", "结束月份早于开始月份", "to is before from");
        }
        if (request.GroupBy is not null && !StatisticsNames.Groupings.Contains(request.GroupBy))
        {
            errors.Add("groupBy", "分组应为 region、month、institution、mode 或 tag", "groupBy must be region, month, institution, mode or tag");
        }
        if (errors.Any)
        {
            return errors.ToError(StatisticsErrors.Invalid);
        }
        if (!caller.Covers(region))
        {
            return StatisticsErrors.RegionNotFound;
        }

        var asOf = clock.GetUtcNow();
        var counters = await CountersAsync(region, from, to, request.GroupBy, cancellationToken);
        var plans = await PlanProgressAsync(db, region, cancellationToken);
        var live = await LiveAsync(region, from, to, cancellationToken);

        var total = Summarise(counters, plans, region, live.ForNode());
        var groups = request.GroupBy switch
        {
            "region" => RegionGroups(region, counters, plans, live),
            "month" => Group(counters.Where(c => c.Metric == CounterMetrics.Event), c => c.Month),
            "institution" => Group(counters.Where(c => c.Metric != CounterMetrics.Resident), c => c.Issuer),
            "mode" => Group(counters.Where(c => c.Metric != CounterMetrics.Resident), c => c.Mode),
            "tag" => PopulationTagNames.Each.Select(t =>
            {
                var (tag, name) = t;
                var tagged = counters.Where(c => ((PopulationTags)c.Tags).HasFlag(tag)).ToList();
                return new StatisticsGroup(name, null, Summarise(tagged, plans.Where(p => p.Tag == tag), region, LiveSlice.None));
            }),
            _ => [],
        };
        return new StatisticsView(region, region.Length == 0 ? "全国" : RegionPrefix.Of(region).Name(regions), from, to, request.GroupBy, asOf,
            total, groups.OrderBy(g => g.Key, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The child of <paramref name="node"/> that <paramref name="region"/> lies in (one level down: 2, 4 or 6 digits), or
    /// the node itself when the region is the node's own level: a shorter code (a city's "1301" under "1301") or the
    /// level's own "00" code (GB/T 2260: "130100" is the city of 石家庄 itself, not one of its districts).
    /// </summary>
    public static string ChildOf(string node, string region)
    {
        var child = region[..Math.Min(region.Length, node.Length + 2)];
        return child.Length < node.Length + 2 || child.EndsWith("00", StringComparison.Ordinal) ? node : child;
    }

    /// <summary>One group per child region that holds counters or live figures, and one for the node's own level if it holds any.</summary>
    private IEnumerable<StatisticsGroup> RegionGroups(string node, IEnumerable<CounterRow> counters, IReadOnlyList<PlanProgress> plans, LiveFigures live)
    {
        var byChild = counters.ToLookup(c => ChildOf(node, c.RegionCode));
        return byChild.Select(g => g.Key).Concat(live.Regions().Select(r => ChildOf(node, r))).Distinct().Select(key =>
        {
            var slice = live.For(region => ChildOf(node, region) == key);
            var name = RegionPrefix.Of(key).Name(regions);
            return key == node
                ? new StatisticsGroup(key, name + "本级", Summarise(byChild[key], [], key, slice), OwnLevel: true) // the node's plans are the whole node's
                : new StatisticsGroup(key, name, Summarise(byChild[key], plans, key, slice));
        });
    }

    /// <summary>Groups by a card dimension: residents have no month, issuer or mode, so coverage does not apply.</summary>
    private static IEnumerable<StatisticsGroup> Group(IEnumerable<CounterRow> rows, Func<CounterRow, string> key) =>
        rows.GroupBy(key).Select(g => new StatisticsGroup(g.Key, null, Summarise(g, [], "", LiveSlice.None)));

    /// <summary>
    /// The counters summed in the database down to what the answer needs: the region cut to the node (or to its children
    /// when grouping by region), and month, mode or issuer only when grouping by it. So the rows returned stay few
    /// however many counties, issuers and months there are.
    /// </summary>
    private async Task<List<CounterRow>> CountersAsync(string region, string? from, string? to, string? groupBy, CancellationToken cancellationToken)
    {
        var rows = db.StatisticCounters.AsNoTracking().Where(c => c.RegionCode.StartsWith(region));
        if (from is not null)
        {
            rows = rows.Where(c => c.Metric != CounterMetrics.Event || c.Month.CompareTo(from) >= 0);
        }
        if (to is not null)
        {
            rows = rows.Where(c => c.Metric != CounterMetrics.Event || c.Month.CompareTo(to) <= 0);
        }
        var keyLength = groupBy == "region" ? Math.Min(region.Length + 2, 6) : region.Length;
        var byMonth = groupBy == "month";
        var byMode = groupBy == "mode";
        var byIssuer = groupBy == "institution";
        return await rows
            .GroupBy(c => new
            {
                Region = c.RegionCode.Substring(0, keyLength),
                c.Metric,
                c.Status,
                Month = byMonth ? c.Month : "",
                Mode = byMode ? c.Mode : "",
                Issuer = byIssuer ? c.Issuer : "",
                c.Tags,
            })
            .Where(g => g.Sum(c => c.Count) != 0)
            .Select(g => new CounterRow(g.Key.Region, g.Key.Metric, g.Key.Status, g.Key.Month, g.Key.Mode, g.Key.Issuer, g.Key.Tags, g.Sum(c => c.Count)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The plans in the node with how many of their population hold an active card in their region, one small sum each.</summary>
    internal static async Task<List<PlanProgress>> PlanProgressAsync(HealthCardDb db, string region, CancellationToken cancellationToken)
    {
        var plans = await db.CoveragePlans.AsNoTracking().Where(p => p.RegionCode.StartsWith(region)).ToListAsync(cancellationToken);
        var active = EnumNames.Of(CardStatus.Active);
        var progress = new List<PlanProgress>(plans.Count);
        foreach (var plan in plans)
        {
            var covered = await db.StatisticCounters.Where(c => c.RegionCode.StartsWith(plan.RegionCode) && c.Metric == CounterMetrics.Card
                && c.Status == active && (c.Tags & (int)plan.Tag) != 0).SumAsync(c => c.Count, cancellationToken);
            progress.Add(new PlanProgress(plan.Id, plan.Name, plan.RegionCode, plan.Tag, plan.TargetCount, plan.Deadline, covered,
                Math.Round((double)covered / plan.TargetCount, 4)));
        }
        return progress;
    }

    private static RegionFigures Summarise(IEnumerable<CounterRow> rows, IEnumerable<PlanProgress> plans, string node, LiveSlice live)
    {
        var list = rows as IReadOnlyCollection<CounterRow> ?? rows.ToList();
        var cards = Enum.GetValues<CardStatus>().ToDictionary(s => EnumNames.Of(s), _ => 0L, StringComparer.Ordinal);
        var period = StatisticsNames.PeriodOfAction.Values.ToDictionary(v => v, _ => 0L, StringComparer.Ordinal);
        foreach (var row in list)
        {
            if (row.Metric == CounterMetrics.Card)
            {
                cards[row.Status] = cards.GetValueOrDefault(row.Status) + row.Count;
            }
            else if (row.Metric == CounterMetrics.Event)
            {
                var name = StatisticsNames.PeriodOfAction.GetValueOrDefault(row.Status, row.Status);
                period[name] = period.GetValueOrDefault(name) + row.Count;
            }
        }
        var activeName = EnumNames.Of(CardStatus.Active);
        var nodePlans = plans.Where(p => p.Region == node).ToList();
        var coverage = new List<TagCoverage>();
        foreach (var (tag, name) in PopulationTagNames.Each)
        {
            var residents = list.Where(r => r.Metric == CounterMetrics.Resident && ((PopulationTags)r.Tags).HasFlag(tag)).Sum(r => r.Count);
            var tagPlans = nodePlans.Where(p => p.Tag == tag).ToList();
            if (residents == 0 && tagPlans.Count == 0)
            {
                continue;
            }
            var covered = list.Where(r => r.Metric == CounterMetrics.Card && r.Status == activeName && ((PopulationTags)r.Tags).HasFlag(tag)).Sum(r => r.Count);
            coverage.Add(new TagCoverage(name, residents, covered, residents == 0 ? null : Math.Round((double)covered / residents, 4), tagPlans));
        }
        return new RegionFigures(cards, period, live.ApplicationsPending, live.Sams, live.Uses, coverage);
    }

    /// <summary>SAMs by status, pending applications and card uses, counted from their own tables, per county.</summary>
    private async Task<LiveFigures> LiveAsync(string region, string? from, string? to, CancellationToken cancellationToken)
    {
        var sams = await db.Sams.AsNoTracking().Where(s => s.RegionCode.StartsWith(region))
            .GroupBy(s => new { s.RegionCode, s.Status }).Select(g => new { g.Key.RegionCode, g.Key.Status, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var uses = db.UsageEvents.AsNoTracking().Where(u => u.ResultCode == "0000");
        if (from is not null)
        {
            var start = MonthStart(from);
            uses = uses.Where(u => u.OccurredAt >= start);
        }
        if (to is not null)
        {
            var end = MonthStart(to).AddMonths(1);
            uses = uses.Where(u => u.OccurredAt < end);
        }
        var usesByRegion = await (from u in uses
                                  join i in db.Institutions on u.InstitutionCode equals i.Code
                                  where i.RegionCode.StartsWith(region)
                                  group u by new { i.RegionCode, u.Kind } into g
                                  select new { g.Key.RegionCode, g.Key.Kind, Count = g.LongCount() }).ToListAsync(cancellationToken);
        // Pending = awaiting the county's or the city's review (an approved application waits for production, not review).
        var pending = await db.CardApplications.AsNoTracking()
            .Where(a => a.RegionCode.StartsWith(region) && (a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.CountyReviewed))
            .GroupBy(a => a.RegionCode).Select(g => new { RegionCode = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        return new LiveFigures(
            sams.Select(s => (s.RegionCode, EnumNames.Of(s.Status), s.Count)).ToList(),
            usesByRegion.Select(u => (u.RegionCode, u.Kind, u.Count)).ToList(),
            pending.Select(a => (a.RegionCode, a.Count)).ToList());
    }

    /// <summary>The first instant of a month in China time, as UTC (the form every timestamp is stored in).</summary>
    public static DateTimeOffset MonthStart(string month) =>
        new DateTimeOffset(DateTime.ParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture), ChinaTime.Offset).ToUniversalTime();

    private static string? Month(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (DateTime.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return value;
        }
        StatisticsErrors.AddMonth(errors, field);
        return null;
    }

    /// <summary>Live figures of one node or group; null where a grouping does not apply to them.</summary>
    private sealed record LiveSlice(long? ApplicationsPending, IReadOnlyDictionary<string, long>? Sams, IReadOnlyDictionary<string, long>? Uses)
    {
        public static LiveSlice None { get; } = new(null, null, null);
    }

    private sealed record CounterRow(string RegionCode, string Metric, string Status, string Month, string Mode, string Issuer, int Tags, long Count);

    /// <summary>The live figures per county, summed for whatever node or child is asked.</summary>
    private sealed record LiveFigures(
        IReadOnlyList<(string Region, string Status, long Count)> Sams,
        IReadOnlyList<(string Region, string Kind, long Count)> Uses,
        IReadOnlyList<(string Region, long Count)> PendingApplications)
    {
        public LiveSlice ForNode() => For(_ => true);

        /// <summary>The regions holding live figures, so that a region with SAMs or uses but no counter rows yet still gets its group.</summary>
        public IEnumerable<string> Regions() =>
            Sams.Select(s => s.Region).Concat(Uses.Select(u => u.Region)).Concat(PendingApplications.Select(a => a.Region));

        public LiveSlice For(Func<string, bool> within)
        {
            var sams = Enum.GetValues<SamStatus>().ToDictionary(s => EnumNames.Of(s), _ => 0L, StringComparer.Ordinal);
            foreach (var (region, status, count) in Sams.Where(s => within(s.Region)))
            {
                sams[status] += count;
            }
            var uses = UsageKindsTotal();
            foreach (var (region, kind, count) in Uses.Where(u => within(u.Region)))
            {
                uses[kind] = uses.GetValueOrDefault(kind) + count;
            }
            return new LiveSlice(PendingApplications.Where(a => within(a.Region)).Sum(a => a.Count), sams, uses);
        }

        private static Dictionary<string, long> UsageKindsTotal() =>
            Usage.UsageKinds.All.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);
    }
}
