using System.Globalization;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Portal;
using HealthCard.App.Features.Usage;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Portal;

/// <summary>
/// The resident portal's use cases on the real host and database (ADR 015): the first password with the card's security
/// code and phone digits, uniform refusals, the lockout on a fake clock, self-view limited to the signed-in resident,
/// self-service report of loss and replacement requests.
/// </summary>
public sealed class PortalTests
{
    private const string Password = "abc12345";

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task SetPassword_WithTheSerialSecurityCodeAndPhone_SignsIn_AndIsAuditedWithoutTheFullNumber(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();

        var set = await world.SetPasswordAsync(holder, Password);

        set.IsSuccess.ShouldBeTrue(set.Error?.ToString());
        set.Value.ResidentId.ShouldBe(holder.ResidentId);
        set.Value.CardSerial.ShouldBe(holder.Serial);
        set.Value.MaskedCardNumber.ShouldBe(Masking.IdNumber(holder.CardNumber));
        var session = await world.SignInAsync(holder.CardNumber, Password);
        session.IsSuccess.ShouldBeTrue(session.Error?.ToString());
        (session.Value with { SecurityStamp = "" }).ShouldBe(new PortalSession(holder.ResidentId, holder.County, Masking.IdNumber(holder.CardNumber), holder.Serial));
        session.Value.SecurityStamp.ShouldBe(set.Value.SecurityStamp);
        session.Value.SecurityStamp.Length.ShouldBe(32);
        // The portal's own derivation gives the code printed for the card.
        var derived = await world.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<App.Persistence.HealthCardDb>();
            var card = db.Cards.Single(c => c.Serial == holder.Serial);
            return await sp.GetRequiredService<CardSecurityCodes>().ComputeAsync(card, holder.CardNumber, CancellationToken.None);
        });
        derived.Value.ShouldBe(holder.SecurityCode);

        var audit = await world.AuditAsync(holder.ResidentId.ToString());
        audit.Select(a => (a.Action, a.Outcome)).ShouldBe([("portal.password_set", "success"), ("portal.sign_in", "success")]);
        audit.ShouldAllBe(a => a.Channel == "portal" && a.Actor == "resident:" + Masking.IdNumber(holder.CardNumber) && a.RegionCode == holder.County);
        audit.ShouldAllBe(a => !(a.Actor + a.Details).Contains(holder.CardNumber));
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task SetPassword_WithAWrongSerialSecurityCodePhoneOrCardState_FailsWithOneUniformError(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        var frozen = await world.HolderAsync();
        (await world.ChangeAsync(frozen.CardNumber, CardTrigger.Freeze)).IsSuccess.ShouldBeTrue();
        var wrongCode = ((int.Parse(holder.SecurityCode, CultureInfo.InvariantCulture) + 1) % 1000).ToString("D3", CultureInfo.InvariantCulture);
        var wrongPhone = holder.Phone[..^4] + (holder.Phone[^4..] == "0000" ? "0001" : "0000");
        var wrongSerial = holder.Serial[..^1] + (holder.Serial[^1] == '9' ? '8' : '9');
        var unknown = new Holder(Guid.NewGuid(), IdNumbers.Next(), "1300000000", holder.SecurityCode, holder.Phone, "130105");

        var refusals = new[]
        {
            await world.SetPasswordAsync(holder, Password, securityCode: wrongCode),
            await world.SetPasswordAsync(holder, Password, phone: wrongPhone),
            await world.SetPasswordAsync(holder, Password, serial: wrongSerial),
            await world.SetPasswordAsync(frozen, Password),
            await world.SetPasswordAsync(unknown, Password),
        };

        refusals.ShouldAllBe(r => r.Error == PortalErrors.VerificationFailed);
        (await world.SetPasswordAsync(holder, Password, phone: holder.Phone[^4..])).Error!.Code.ShouldBe("portal.invalid", "the last four digits no longer do");
        // Refusals of an existing card are counted; the first of the window is audited, as a refusal (never "success").
        (await world.AuditAsync(holder.ResidentId.ToString())).Select(a => (a.Action, a.Outcome)).ShouldBe([("portal.password_set", "portal.verification_failed")]);
        (await world.SignInAsync(holder.CardNumber, Password)).Error.ShouldBe(PortalErrors.SignInFailed);
        (await world.SetPasswordAsync(holder, "short")).Error!.Code.ShouldBe("portal.invalid");
        (await world.SetPasswordAsync(holder, Password)).IsSuccess.ShouldBeTrue("the right proof still works");
        (await world.ChangeAsync(frozen.CardNumber, CardTrigger.Unfreeze)).IsSuccess.ShouldBeTrue();
        (await world.SetPasswordAsync(frozen, Password)).IsSuccess.ShouldBeTrue("an active card proves holding it");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task SetPassword_Again_IsAResetWithTheSameProof(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        (await world.SetPasswordAsync(holder, Password)).IsSuccess.ShouldBeTrue();

        var reset = await world.SetPasswordAsync(holder, "newpass2026");

        reset.IsSuccess.ShouldBeTrue(reset.Error?.ToString());
        (await world.SignInAsync(holder.CardNumber, Password)).Error.ShouldBe(PortalErrors.SignInFailed);
        (await world.SignInAsync(holder.CardNumber, "newpass2026")).IsSuccess.ShouldBeTrue();
        (await world.AuditAsync(holder.ResidentId.ToString())).Select(a => a.Action)
            .ShouldBe(["portal.password_set", "portal.password_reset", "portal.sign_in", "portal.sign_in"]);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task SignIn_AfterFiveFailures_BacksOffForFifteenMinutes_WithoutLockingTheAccount(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        (await world.SetPasswordAsync(holder, Password)).IsSuccess.ShouldBeTrue();
        var answers = new List<Domain.Common.Error?>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await world.SignInAsync(holder.CardNumber, "wrong" + i + "pass")).Error);
        }

        var whileBlocked = await world.SignInAsync(holder.CardNumber, Password);
        world.Clock.Advance(TimeSpan.FromMinutes(14));
        var stillBlocked = await world.SignInAsync(holder.CardNumber, Password);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = await world.SignInAsync(holder.CardNumber, Password);

        answers.ShouldBe([.. Enumerable.Repeat<Domain.Common.Error?>(PortalErrors.SignInFailed, 4), PortalErrors.Throttled]);
        whileBlocked.Error.ShouldBe(PortalErrors.Throttled);
        stillBlocked.Error.ShouldBe(PortalErrors.Throttled);
        after.IsSuccess.ShouldBeTrue(after.Error?.ToString());
        // Five failures, two entries: the first of the window and the one that started the back-off (no flood).
        var audit = await world.AuditAsync(holder.ResidentId.ToString());
        audit.Select(a => (a.Action, a.Outcome)).ShouldBe([
            ("portal.password_set", "success"),
            ("portal.sign_in", "portal.sign_in_failed"),
            ("portal.sign_in", "portal.throttled"),
            ("portal.sign_in", "success"),
        ]);
        audit[2].Details.ShouldNotBeNull().ShouldContain("\"portal.sign_in.pair\":5");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task SignIn_UnknownCard_NoPassword_WrongPassword_AllAnswerTheSameError_AndBackOffAlike(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var withPassword = await world.HolderAsync();
        var withoutPassword = await world.HolderAsync();
        var locked = await world.HolderAsync();
        (await world.SetPasswordAsync(withPassword, Password)).IsSuccess.ShouldBeTrue();
        (await world.SetPasswordAsync(locked, Password)).IsSuccess.ShouldBeTrue();
        for (var i = 0; i < 5; i++)
        {
            await world.SignInAsync(locked.CardNumber, "wrong" + i + "pass");
        }

        var answers = new[]
        {
            await world.SignInAsync(IdNumbers.Next(), Password),
            await world.SignInAsync(withoutPassword.CardNumber, Password),
            await world.SignInAsync(withPassword.CardNumber, "abc12346"),
            await world.SignInAsync(locked.CardNumber, Password),
            await world.SignInAsync("", ""),
        };

        answers.Take(3).Append(answers[4]).Select(a => a.Error).Distinct().ShouldHaveSingleItem().ShouldBe(PortalErrors.SignInFailed);
        answers[3].Error.ShouldBe(PortalErrors.Throttled);
        // An unknown number is slowed down exactly like a real one: the throttle tells nothing either.
        var unknown = IdNumbers.Next();
        for (var i = 0; i < 4; i++)
        {
            (await world.SignInAsync(unknown, "wrong" + i + "pass")).Error.ShouldBe(PortalErrors.SignInFailed);
        }
        (await world.SignInAsync(unknown, "wrong9pass")).Error.ShouldBe(PortalErrors.Throttled);
        (await world.SignInAsync(unknown, Password)).Error.ShouldBe(PortalErrors.Throttled);
        (await world.SignInAsync(withPassword.CardNumber.ToLowerInvariant(), Password)).IsSuccess.ShouldBeTrue("the number is matched case-insensitively");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task SelfView_SeesOnlyTheSignedInResidentsCardsRecordAndUsage(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var alice = await world.HolderAsync("130105");
        var bob = await world.HolderAsync("130102");
        var admin = world.Host.Client();
        var hospital = await RegistrySetup.InstitutionAsync(admin, name: "石家庄市第一医院");
        var terminalProduct = await RegistrySetup.ApprovedProductAsync(world.Host, admin, "terminal");
        (await admin.PostJsonAsync("/api/v1/terminals", new HealthCard.App.Features.Terminals.TerminalRequest("T-0001", terminalProduct, hospital)))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        // The hospital's own system reports its card use (a key bound to the institution, issue 14 finding 10).
        var his = world.Host.Client(await world.Host.CreateInstitutionKeyAsync("first-hospital-his", "13", hospital, Scope.ChecksWrite));
        var at = world.Clock.GetUtcNow().AddHours(-1);
        var ingest = await his.PostJsonAsync("/api/v1/usage-events", new UsageBatchRequest([
            new UsageEventRequest("a-1", alice.CardNumber, alice.Serial, hospital, "T-0001", null, at, "outpatient_visit"),
            new UsageEventRequest("a-2", alice.CardNumber, alice.Serial, hospital, "T-0001", null, at.AddMinutes(5), "payment"),
            new UsageEventRequest("b-1", bob.CardNumber, bob.Serial, hospital, "T-0001", null, at.AddMinutes(1), "admission"),
        ]));
        (await ingest.ReadJsonAsync()).GetProperty("accepted").GetInt32().ShouldBe(3);
        var aliceCaller = await world.SignedInAsync(alice);
        var bobCaller = await world.SignedInAsync(bob);
        (await world.ChangeAsync(alice.CardNumber, CardTrigger.ReportLoss)).IsSuccess.ShouldBeTrue();
        var replaced = await world.ChangeAsync(alice.CardNumber, CardTrigger.Replace);

        var (cards, record, usage, full) = await world.WithAsync(async sp => (
            (await sp.GetRequiredService<GetMyCards>().ExecuteAsync(aliceCaller, CancellationToken.None)).Value,
            (await sp.GetRequiredService<GetMyRecord>().ExecuteAsync(aliceCaller, showInFull: false, CancellationToken.None)).Value,
            (await sp.GetRequiredService<GetMyUsage>().ExecuteAsync(aliceCaller, null, null, new PageRequest(), CancellationToken.None)).Value,
            (await sp.GetRequiredService<GetMyRecord>().ExecuteAsync(aliceCaller, showInFull: true, CancellationToken.None)).Value));
        var bobCards = await world.WithAsync(async sp => (await sp.GetRequiredService<GetMyCards>().ExecuteAsync(bobCaller, CancellationToken.None)).Value);
        var bobUsage = await world.WithAsync(async sp =>
            (await sp.GetRequiredService<GetMyUsage>().ExecuteAsync(bobCaller, null, null, new PageRequest(), CancellationToken.None)).Value);

        cards.Cards.Select(c => c.Serial).ShouldBe([replaced.Value.Serial, alice.Serial]);
        cards.Cards.Select(c => c.Status).ShouldBe([CardStatus.Active, CardStatus.Replaced]);
        cards.Cards.ShouldAllBe(c => c.ResidentId == alice.ResidentId && c.CardNumber == Masking.IdNumber(alice.CardNumber));
        cards.Events.Select(e => (e.Serial, e.Action)).ShouldBe([
            (alice.Serial, "issue"), (alice.Serial, "activate"), (alice.Serial, "report_loss"), (alice.Serial, "replace"),
            (replaced.Value.Serial, "issue"), (replaced.Value.Serial, "activate"),
        ]);
        bobCards.Cards.ShouldHaveSingleItem().Serial.ShouldBe(bob.Serial);
        bobCards.Events.ShouldAllBe(e => e.Serial == bob.Serial);
        record.Id.ShouldBe(alice.ResidentId);
        record.IdNumber.ShouldBe(Masking.IdNumber(alice.CardNumber));
        record.Phones.ShouldBe([Masking.Phone(TestKit.Residents.Phone)]);
        // ADR 017: the masked view holds no health data either; the resident sees it when they ask for the full view.
        record.Health.ShouldBeNull();
        full.Health.ShouldNotBeNull().Allergies.ShouldNotBeEmpty();
        full.IdNumber.ShouldBe(alice.CardNumber);
        full.Phones.ShouldBe([TestKit.Residents.Phone]);
        usage.Total.ShouldBe(2);
        usage.Items.Select(u => u.Kind).ShouldBe(["payment", "outpatient_visit"]);
        usage.Items.ShouldAllBe(u => u.InstitutionName == "石家庄市第一医院" && u.CardSerial == alice.Serial);
        bobUsage.Items.ShouldHaveSingleItem().Kind.ShouldBe("admission");
        // A caller from another channel is a programming error, never a way to read someone's data.
        await Should.ThrowAsync<ArgumentException>(() => world.WithAsync(sp =>
            sp.GetRequiredService<GetMyCards>().ExecuteAsync(Caller.System with { ResidentId = bob.ResidentId }, CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task ReportLoss_ViaThePortal_TakesEffectAtOnce_AndIsAuditedWithChannelPortal(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        var caller = await world.SignedInAsync(holder);

        var reported = await world.WithAsync(sp => sp.GetRequiredService<PortalReportLoss>().ExecuteAsync(caller, CancellationToken.None));
        var again = await world.WithAsync(sp => sp.GetRequiredService<PortalReportLoss>().ExecuteAsync(caller, CancellationToken.None));

        reported.IsSuccess.ShouldBeTrue(reported.Error?.ToString());
        reported.Value.Status.ShouldBe(CardStatus.ReportedLost);
        again.Error!.Code.ShouldBe("card.invalid_transition");
        var status = await world.WithAsync(sp => sp.GetRequiredService<GetCardStatus>().ExecuteAsync(Caller.System, holder.CardNumber, CancellationToken.None));
        status.Value.Status.ShouldBe(CardStatus.ReportedLost);
        var actor = "resident:" + Masking.IdNumber(holder.CardNumber);
        var events = await world.WithAsync(sp => sp.GetRequiredService<GetCardEvents>().ExecuteAsync(Caller.System, holder.CardNumber, CancellationToken.None));
        var loss = events.Value[^1];
        (loss.Action, loss.Channel, loss.Actor, loss.ToStatus).ShouldBe(("report_loss", Channel.Portal, actor, CardStatus.ReportedLost));
        var audit = await world.AuditAsync(holder.Serial);
        audit.Select(a => (a.Action, a.Channel, a.Actor, a.Outcome)).ShouldBe([
            ("card.issue", "system", "system", "success"),
            ("card.report_loss", "portal", actor, "success"),
            ("card.report_loss", "portal", actor, "card.invalid_transition"),
        ]);
        // The card is refused by the online check's lists at once: it is on the blacklist query the terminals use.
        (await world.SignInAsync(holder.CardNumber, Password)).IsSuccess.ShouldBeTrue("a lost card does not close the account");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task RequestReplacement_ReportsTheLossFirst_IsRecordedOnce_AndTheCounterFulfilsIt(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync("130105");
        var caller = await world.SignedInAsync(holder);
        var county = Caller.CommandLine("county-staff") with { RegionScope = "130105" };
        var otherCounty = county with { RegionScope = "130102" };

        var requested = await world.WithAsync(sp => sp.GetRequiredService<RequestReplacement>().ExecuteAsync(caller, ReplacementReason.Lost, CancellationToken.None));
        var twice = await world.WithAsync(sp => sp.GetRequiredService<RequestReplacement>().ExecuteAsync(caller, ReplacementReason.Damaged, CancellationToken.None));
        var open = (await world.WithAsync(sp => sp.GetRequiredService<GetReplacementRequests>().ExecuteAsync(county, true, new PageRequest(), CancellationToken.None))).Value;
        var elsewhere = (await world.WithAsync(sp => sp.GetRequiredService<GetReplacementRequests>().ExecuteAsync(otherCounty, false, new PageRequest(), CancellationToken.None))).Value;

        requested.IsSuccess.ShouldBeTrue(requested.Error?.ToString());
        requested.Value.Status.ShouldBe("open");
        requested.Value.CardSerial.ShouldBe(holder.Serial);
        requested.Value.Reason.ShouldBe(ReplacementReason.Lost);
        twice.Error.ShouldBe(PortalErrors.ReplacementAlreadyRequested);
        open.Items.ShouldHaveSingleItem().Id.ShouldBe(requested.Value.Id);
        elsewhere.Total.ShouldBe(0);
        (await world.WithAsync(sp => sp.GetRequiredService<GetCardStatus>().ExecuteAsync(Caller.System, holder.CardNumber, CancellationToken.None))).Value.Status
            .ShouldBe(CardStatus.ReportedLost);
        (await world.AuditAsync(holder.Serial)).Select(a => (a.Action, a.Outcome)).ShouldBe([
            ("card.issue", "success"), ("card.report_loss", "success"), ("portal.replacement_request", "success"),
            ("portal.replacement_request", "portal.replacement_already_requested"),
        ]);

        // At the counter: the card's replace operation makes the new card; the request is then fulfilled.
        var replaced = await world.ChangeAsync(holder.CardNumber, CardTrigger.Replace, "补卡");
        var mine = await world.WithAsync(sp => sp.GetRequiredService<GetMyCards>().ExecuteAsync(caller, CancellationToken.None));
        var openAfter = (await world.WithAsync(sp => sp.GetRequiredService<GetReplacementRequests>().ExecuteAsync(county, true, new PageRequest(), CancellationToken.None))).Value;

        var fulfilled = mine.Value.Replacements.ShouldHaveSingleItem();
        (fulfilled.Status, fulfilled.NewSerial).ShouldBe(("fulfilled", replaced.Value.Serial));
        openAfter.Total.ShouldBe(0);
        // The new card is a new physical card: it can be the subject of a new request.
        var next = await world.WithAsync(sp => sp.GetRequiredService<RequestReplacement>().ExecuteAsync(caller, ReplacementReason.Damaged, CancellationToken.None));
        next.Value.CardSerial.ShouldBe(replaced.Value.Serial);
        (await world.WithAsync(sp => sp.GetRequiredService<GetCardStatus>().ExecuteAsync(Caller.System, holder.CardNumber, CancellationToken.None))).Value.Status
            .ShouldBe(CardStatus.Active, "a damaged card keeps working until the counter replaces it");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task ChangePassword_WithTheCurrentOne_ReplacesIt_AndAWrongOneCountsTowardsTheLockout(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        var caller = await world.SignedInAsync(holder);
        Task<Domain.Common.Result<PortalSession>> ChangeAsync(string current, string next) => world.WithAsync(sp =>
            sp.GetRequiredService<ChangePortalPassword>().ExecuteAsync(caller, new ChangePortalPasswordRequest(current, next), CancellationToken.None));

        var wrong = await ChangeAsync("nottheone1", "newpass2026");
        var weak = await ChangeAsync(Password, "password");
        var changed = await ChangeAsync(Password, "newpass2026");

        wrong.Error.ShouldBe(PortalErrors.WrongPassword);
        weak.Error!.Code.ShouldBe("portal.invalid");
        changed.IsSuccess.ShouldBeTrue(changed.Error?.ToString());
        changed.Value.ResidentId.ShouldBe(holder.ResidentId);
        changed.Value.SecurityStamp.Length.ShouldBe(32); // a new stamp: the page renews its own cookie, every other session ends
        (await world.SignInAsync(holder.CardNumber, Password)).Error.ShouldBe(PortalErrors.SignInFailed);
        (await world.SignInAsync(holder.CardNumber, "newpass2026")).IsSuccess.ShouldBeTrue();
        for (var i = 0; i < 4; i++)
        {
            (await ChangeAsync("wrong" + i + "pass", "another2026")).Error.ShouldBe(PortalErrors.WrongPassword);
        }
        (await ChangeAsync("wrong9pass", "another2026")).Error.ShouldBe(PortalErrors.Throttled);
        (await ChangeAsync("newpass2026", "another2026")).Error.ShouldBe(PortalErrors.Throttled);
    }
}
