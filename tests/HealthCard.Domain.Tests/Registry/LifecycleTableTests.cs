using HealthCard.Domain.Applications;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using HealthCard.Domain.Production;
using HealthCard.Domain.Products;
using HealthCard.Domain.SecurityModules;
using HealthCard.Domain.Terminals;

namespace HealthCard.Domain.Tests.Registry;

/// <summary>
/// The SAM, terminal, product and institution lifecycles of issue 4, and the application review path and batch lifecycle of
/// issue 5, each written out here independently of the code's
/// tables, and every (status, trigger) pair applied to a real record: listed pairs lead where the issue says and are
/// recorded; every other pair is refused with the machine's invalid_transition code.
/// </summary>
public sealed class LifecycleTableTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 0, 0, TimeSpan.FromHours(8));

    private static TransitionContext Context() => new("sam-admin", Channel.Api, At, "测试");

    // ---- SAM -------------------------------------------------------------------------------------------------------

    private static readonly Dictionary<(SamStatus, SamTrigger), SamStatus> SamExpected = new()
    {
        [(SamStatus.InStock, SamTrigger.Transfer)] = SamStatus.InStock,
        [(SamStatus.InStock, SamTrigger.Allocate)] = SamStatus.Allocated,
        [(SamStatus.InStock, SamTrigger.Scrap)] = SamStatus.Scrapped,
        [(SamStatus.InStock, SamTrigger.Cancel)] = SamStatus.Cancelled,
        [(SamStatus.Allocated, SamTrigger.Activate)] = SamStatus.Active,
        [(SamStatus.Allocated, SamTrigger.ReportLoss)] = SamStatus.ReportedLost,
        [(SamStatus.Allocated, SamTrigger.Scrap)] = SamStatus.Scrapped,
        [(SamStatus.Allocated, SamTrigger.Cancel)] = SamStatus.Cancelled,
        [(SamStatus.Active, SamTrigger.Rebind)] = SamStatus.Active,
        [(SamStatus.Active, SamTrigger.Freeze)] = SamStatus.Frozen,
        [(SamStatus.Active, SamTrigger.Lock)] = SamStatus.Locked,
        [(SamStatus.Active, SamTrigger.ReportLoss)] = SamStatus.ReportedLost,
        [(SamStatus.Active, SamTrigger.Replace)] = SamStatus.Scrapped,
        [(SamStatus.Active, SamTrigger.Scrap)] = SamStatus.Scrapped,
        [(SamStatus.Active, SamTrigger.Cancel)] = SamStatus.Cancelled,
        [(SamStatus.Frozen, SamTrigger.Unfreeze)] = SamStatus.Active,
        [(SamStatus.Frozen, SamTrigger.ReportLoss)] = SamStatus.ReportedLost,
        [(SamStatus.Frozen, SamTrigger.Replace)] = SamStatus.Scrapped,
        [(SamStatus.Frozen, SamTrigger.Scrap)] = SamStatus.Scrapped,
        [(SamStatus.Frozen, SamTrigger.Cancel)] = SamStatus.Cancelled,
        [(SamStatus.Locked, SamTrigger.Unlock)] = SamStatus.Active,
        [(SamStatus.Locked, SamTrigger.ReportLoss)] = SamStatus.ReportedLost,
        [(SamStatus.Locked, SamTrigger.Replace)] = SamStatus.Scrapped,
        [(SamStatus.Locked, SamTrigger.Scrap)] = SamStatus.Scrapped,
        [(SamStatus.Locked, SamTrigger.Cancel)] = SamStatus.Cancelled,
        [(SamStatus.ReportedLost, SamTrigger.Recover)] = SamStatus.Recovered,
        [(SamStatus.ReportedLost, SamTrigger.Replace)] = SamStatus.Cancelled,
        [(SamStatus.ReportedLost, SamTrigger.Cancel)] = SamStatus.Cancelled,
        [(SamStatus.Recovered, SamTrigger.Activate)] = SamStatus.Active,
        [(SamStatus.Recovered, SamTrigger.Scrap)] = SamStatus.Scrapped,
        [(SamStatus.Recovered, SamTrigger.Cancel)] = SamStatus.Cancelled,
    };

    private static readonly Dictionary<SamStatus, SamTrigger[]> SamPath = new()
    {
        [SamStatus.InStock] = [],
        [SamStatus.Allocated] = [SamTrigger.Allocate],
        [SamStatus.Active] = [SamTrigger.Allocate, SamTrigger.Activate],
        [SamStatus.Frozen] = [SamTrigger.Allocate, SamTrigger.Activate, SamTrigger.Freeze],
        [SamStatus.Locked] = [SamTrigger.Allocate, SamTrigger.Activate, SamTrigger.Lock],
        [SamStatus.ReportedLost] = [SamTrigger.Allocate, SamTrigger.ReportLoss],
        [SamStatus.Recovered] = [SamTrigger.Allocate, SamTrigger.ReportLoss, SamTrigger.Recover],
        [SamStatus.Scrapped] = [SamTrigger.Scrap],
        [SamStatus.Cancelled] = [SamTrigger.Cancel],
    };

    public static TheoryData<SamStatus, SamTrigger> SamPairs() => Pairs<SamStatus, SamTrigger>();

    [Theory]
    [MemberData(nameof(SamPairs))]
    public void Sam_EveryStatusAndTrigger_FollowsTheTable(SamStatus status, SamTrigger trigger)
    {
        var (sam, _) = Sam.StockIn("1320000001", 2, Guid.NewGuid(), "130100", null, [1, 2, 3], 1, Context());
        foreach (var step in SamPath[status])
        {
            sam.Apply(step, Context()).IsSuccess.ShouldBeTrue();
        }
        sam.Status.ShouldBe(status);

        Check(SamExpected, status, trigger, sam.Apply(trigger, Context()), () => sam.Status, "sam");
    }

    [Fact]
    public void Sam_TableHasExactlyTheExpectedTransitions() =>
        Sam.Lifecycle.Transitions.ToDictionary(t => (t.From, t.Trigger), t => t.To).ShouldBe(SamExpected, ignoreOrder: true);

    [Fact]
    public void Sam_Withdrawn_FreesItsTerminal_ButALostOneKeepsItsPlace()
    {
        var (sam, _) = Sam.StockIn("1320000001", 2, Guid.NewGuid(), "130100", null, [1], 1, Context());
        sam.Allocate("12130000MB0000001A", "130102", Context(), "{}").IsSuccess.ShouldBeTrue();
        sam.Bind(new SamBinding("T-0001", "门诊一楼", "张医生"), Context(), "{}").Value.Action.ShouldBe("activate");
        sam.Bind(new SamBinding("T-0002", "门诊二楼", "张医生"), Context(), "{}").Value.Action.ShouldBe("rebind");
        sam.TerminalSerial.ShouldBe("T-0002");

        sam.Apply(SamTrigger.ReportLoss, Context()).IsSuccess.ShouldBeTrue();
        sam.TerminalSerial.ShouldBe("T-0002");

        sam.Apply(SamTrigger.Cancel, Context()).IsSuccess.ShouldBeTrue();
        sam.TerminalSerial.ShouldBeNull();
    }

    // ---- Terminal --------------------------------------------------------------------------------------------------

    private static readonly Dictionary<(TerminalStatus, TerminalTrigger), TerminalStatus> TerminalExpected = new()
    {
        [(TerminalStatus.Active, TerminalTrigger.Freeze)] = TerminalStatus.Frozen,
        [(TerminalStatus.Active, TerminalTrigger.ReportLoss)] = TerminalStatus.ReportedLost,
        [(TerminalStatus.Active, TerminalTrigger.Cancel)] = TerminalStatus.Cancelled,
        [(TerminalStatus.Frozen, TerminalTrigger.Unfreeze)] = TerminalStatus.Active,
        [(TerminalStatus.Frozen, TerminalTrigger.ReportLoss)] = TerminalStatus.ReportedLost,
        [(TerminalStatus.Frozen, TerminalTrigger.Cancel)] = TerminalStatus.Cancelled,
        [(TerminalStatus.ReportedLost, TerminalTrigger.Cancel)] = TerminalStatus.Cancelled,
    };

    private static readonly Dictionary<TerminalStatus, TerminalTrigger[]> TerminalPath = new()
    {
        [TerminalStatus.Active] = [],
        [TerminalStatus.Frozen] = [TerminalTrigger.Freeze],
        [TerminalStatus.ReportedLost] = [TerminalTrigger.ReportLoss],
        [TerminalStatus.Cancelled] = [TerminalTrigger.Cancel],
    };

    public static TheoryData<TerminalStatus, TerminalTrigger> TerminalPairs() => Pairs<TerminalStatus, TerminalTrigger>();

    [Theory]
    [MemberData(nameof(TerminalPairs))]
    public void Terminal_EveryStatusAndTrigger_FollowsTheTable(TerminalStatus status, TerminalTrigger trigger)
    {
        var (terminal, _) = Terminal.Register("T-0001", Guid.NewGuid(), "12130000MB0000001A", "130102", Context());
        foreach (var step in TerminalPath[status])
        {
            terminal.Apply(step, Context()).IsSuccess.ShouldBeTrue();
        }

        Check(TerminalExpected, status, trigger, terminal.Apply(trigger, Context()), () => terminal.Status, "terminal");
    }

    [Fact]
    public void Terminal_TableHasExactlyTheExpectedTransitions() =>
        Terminal.Lifecycle.Transitions.ToDictionary(t => (t.From, t.Trigger), t => t.To).ShouldBe(TerminalExpected, ignoreOrder: true);

    // ---- Product filing --------------------------------------------------------------------------------------------

    private static readonly Dictionary<(ProductStatus, ProductTrigger), ProductStatus> ProductExpected = new()
    {
        [(ProductStatus.Submitted, ProductTrigger.Approve)] = ProductStatus.Approved,
        [(ProductStatus.Submitted, ProductTrigger.Reject)] = ProductStatus.Rejected,
        [(ProductStatus.Approved, ProductTrigger.Revoke)] = ProductStatus.Revoked,
    };

    private static readonly Dictionary<ProductStatus, ProductTrigger[]> ProductPath = new()
    {
        [ProductStatus.Submitted] = [],
        [ProductStatus.Approved] = [ProductTrigger.Approve],
        [ProductStatus.Rejected] = [ProductTrigger.Reject],
        [ProductStatus.Revoked] = [ProductTrigger.Approve, ProductTrigger.Revoke],
    };

    public static TheoryData<ProductStatus, ProductTrigger> ProductPairs() => Pairs<ProductStatus, ProductTrigger>();

    [Theory]
    [MemberData(nameof(ProductPairs))]
    public void Product_EveryStatusAndTrigger_FollowsTheTable(ProductStatus status, ProductTrigger trigger)
    {
        var (product, _) = Product.Submit(new NewProduct("12130000MB0000001A", ProductKind.UserCard, "HC-32K", "32K", "GJ-2026-001",
            new DateOnly(2028, 1, 1)), Context());
        foreach (var step in ProductPath[status])
        {
            product.Apply(step, Context()).IsSuccess.ShouldBeTrue();
        }

        Check(ProductExpected, status, trigger, product.Apply(trigger, Context()), () => product.Status, "product");
    }

    [Fact]
    public void Product_OnlyApprovedAndWithinItsReport_IsUsable()
    {
        var (product, _) = Product.Submit(new NewProduct("12130000MB0000001A", ProductKind.Sam, "SAM-1", null, "GJ-2026-002",
            new DateOnly(2027, 6, 30)), Context());
        product.IsUsable(new DateOnly(2026, 11, 22)).ShouldBeFalse();
        product.Apply(ProductTrigger.Approve, Context());

        product.IsUsable(new DateOnly(2027, 6, 30)).ShouldBeTrue();
        product.IsUsable(new DateOnly(2027, 7, 1)).ShouldBeFalse();
        product.Apply(ProductTrigger.Revoke, Context());
        product.IsUsable(new DateOnly(2026, 11, 22)).ShouldBeFalse();
    }

    // ---- Institution -----------------------------------------------------------------------------------------------

    private static readonly Dictionary<(InstitutionStatus, InstitutionTrigger), InstitutionStatus> InstitutionExpected = new()
    {
        [(InstitutionStatus.Active, InstitutionTrigger.Suspend)] = InstitutionStatus.Suspended,
        [(InstitutionStatus.Suspended, InstitutionTrigger.Reactivate)] = InstitutionStatus.Active,
    };

    public static TheoryData<InstitutionStatus, InstitutionTrigger> InstitutionPairs() => Pairs<InstitutionStatus, InstitutionTrigger>();

    [Theory]
    [MemberData(nameof(InstitutionPairs))]
    public void Institution_EveryStatusAndTrigger_FollowsTheTable(InstitutionStatus status, InstitutionTrigger trigger)
    {
        var (institution, _) = Institution.Create("12130000MB0000001A", InstitutionKind.Medical, "130102",
            new InstitutionDetails("石家庄市第一医院", "3A", "hospital", null, null), Context());
        if (status == InstitutionStatus.Suspended)
        {
            institution.Apply(InstitutionTrigger.Suspend, Context()).IsSuccess.ShouldBeTrue();
        }

        Check(InstitutionExpected, status, trigger, institution.Apply(trigger, Context()), () => institution.Status, "institution");
    }

    // ---- Card application and production batch (issue 5) ---------------------------------------------------------

    private static readonly Dictionary<(ApplicationStatus, ApplicationTrigger), ApplicationStatus> ApplicationExpected = new()
    {
        [(ApplicationStatus.Submitted, ApplicationTrigger.Approve)] = ApplicationStatus.CountyReviewed,
        [(ApplicationStatus.Submitted, ApplicationTrigger.Reject)] = ApplicationStatus.Rejected,
        [(ApplicationStatus.CountyReviewed, ApplicationTrigger.Approve)] = ApplicationStatus.Approved,
        [(ApplicationStatus.CountyReviewed, ApplicationTrigger.Reject)] = ApplicationStatus.Rejected,
    };

    private static readonly Dictionary<ApplicationStatus, ApplicationTrigger[]> ApplicationPath = new()
    {
        [ApplicationStatus.Submitted] = [],
        [ApplicationStatus.CountyReviewed] = [ApplicationTrigger.Approve],
        [ApplicationStatus.Approved] = [ApplicationTrigger.Approve, ApplicationTrigger.Approve],
        [ApplicationStatus.Rejected] = [ApplicationTrigger.Reject],
    };

    private static readonly Dictionary<(BatchStatus, BatchTrigger), BatchStatus> BatchExpected = new()
    {
        [(BatchStatus.Created, BatchTrigger.Export)] = BatchStatus.Exported,
        [(BatchStatus.Exported, BatchTrigger.Export)] = BatchStatus.Exported,
        [(BatchStatus.Returned, BatchTrigger.Export)] = BatchStatus.Returned,
        [(BatchStatus.Exported, BatchTrigger.Return)] = BatchStatus.Returned,
        [(BatchStatus.Returned, BatchTrigger.Return)] = BatchStatus.Returned,
    };

    private static readonly Dictionary<BatchStatus, BatchTrigger[]> BatchPath = new()
    {
        [BatchStatus.Created] = [],
        [BatchStatus.Exported] = [BatchTrigger.Export],
        [BatchStatus.Returned] = [BatchTrigger.Export, BatchTrigger.Return],
    };

    public static TheoryData<ApplicationStatus, ApplicationTrigger> ApplicationPairs() => Pairs<ApplicationStatus, ApplicationTrigger>();

    public static TheoryData<BatchStatus, BatchTrigger> BatchPairs() => Pairs<BatchStatus, BatchTrigger>();

    [Theory]
    [MemberData(nameof(ApplicationPairs))]
    public void Application_EveryStatusAndTrigger_FollowsTheReviewPath(ApplicationStatus status, ApplicationTrigger trigger)
    {
        var (application, submitted) = CardApplication.Submit(Guid.NewGuid(), "130102", ApplicationChannel.Paper, null, "窗口", Context(), "{}");
        (submitted.SubjectType, submitted.Action, submitted.FromStatus, submitted.ToStatus).ShouldBe(("card_application", "submit", null, "submitted"));
        foreach (var step in ApplicationPath[status])
        {
            application.Apply(step, Context()).IsSuccess.ShouldBeTrue();
        }
        application.Status.ShouldBe(status);

        Check(ApplicationExpected, status, trigger, application.Apply(trigger, Context()), () => application.Status, "card_application");
    }

    [Theory]
    [MemberData(nameof(BatchPairs))]
    public void Batch_EveryStatusAndTrigger_FollowsExportThenReturn(BatchStatus status, BatchTrigger trigger)
    {
        var id = Guid.NewGuid();
        var (batch, created) = ProductionBatch.Create(id, "PC130102", new NewBatch("130102", "BANK", "ISSUER", BatchSource.Applications, null, null,
            new byte[64], 3), Context(), "{}");
        (created.SubjectType, created.SubjectKey, created.Action, created.ToStatus).ShouldBe(("production_batch", id.ToString(), "create", "created"));
        foreach (var step in BatchPath[status])
        {
            batch.Apply(step, Context()).IsSuccess.ShouldBeTrue();
        }
        batch.Status.ShouldBe(status);

        Check(BatchExpected, status, trigger, batch.Apply(trigger, Context()), () => batch.Status, "production_batch");
    }

    [Fact]
    public void Tables_ListExactlyTheExpectedTransitions()
    {
        CardApplication.Lifecycle.Transitions.ToDictionary(t => (t.From, t.Trigger), t => t.To).ShouldBe(ApplicationExpected, ignoreOrder: true);
        ProductionBatch.Lifecycle.Transitions.ToDictionary(t => (t.From, t.Trigger), t => t.To).ShouldBe(BatchExpected, ignoreOrder: true);
    }

    // ---- shared ----------------------------------------------------------------------------------------------------

    private static TheoryData<TState, TTrigger> Pairs<TState, TTrigger>() where TState : struct, Enum where TTrigger : struct, Enum
    {
        var data = new TheoryData<TState, TTrigger>();
        foreach (var status in Enum.GetValues<TState>())
        {
            foreach (var trigger in Enum.GetValues<TTrigger>())
            {
                data.Add(status, trigger);
            }
        }
        return data;
    }

    private static void Check<TState, TTrigger>(Dictionary<(TState, TTrigger), TState> expected, TState status, TTrigger trigger,
        Result<LifecycleEvent> result, Func<TState> current, string machine)
        where TState : struct, Enum where TTrigger : struct, Enum
    {
        if (expected.TryGetValue((status, trigger), out var next))
        {
            result.IsSuccess.ShouldBeTrue();
            current().ShouldBe(next);
            result.Value.FromStatus.ShouldBe(EnumNames.Of(status));
            result.Value.ToStatus.ShouldBe(EnumNames.Of(next));
            result.Value.Action.ShouldBe(EnumNames.Of(trigger));
            result.Value.Actor.ShouldBe("sam-admin");
            result.Value.Reason.ShouldBe("测试");
        }
        else
        {
            var refused = result.Error.ShouldBeOfType<InvalidTransition>();
            refused.Code.ShouldBe($"{machine}.invalid_transition");
            current().ShouldBe(status);
        }
    }
}
