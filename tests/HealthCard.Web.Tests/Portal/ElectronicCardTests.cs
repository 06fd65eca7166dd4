using System.Net;
using HealthCard.App.Common;
using HealthCard.App.Features.ElectronicCards;
using HealthCard.App.Features.Keys;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Portal;

/// <summary>
/// The electronic health card (ADR 015) on the real host: issued for the signed-in resident, verified online (key
/// store, signature, time, card status) and offline with the platform's public key alone, through the use cases and
/// through <c>POST /api/v1/qr/verify</c>.
/// </summary>
public sealed class ElectronicCardTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Issue_ThenVerify_RoundTrip_OnlineAndOfflineWithThePublicKeyOnly(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        var caller = await world.SignedInAsync(holder);

        var card = await world.WithAsync(sp => sp.GetRequiredService<IssueElectronicCard>().ForResidentAsync(caller, CancellationToken.None));
        var online = await VerifyAsync(world, card.Value.Code);
        var offline = ElectronicCardCode.Verify(card.Value.Code, await PlatformKeyAsync(world), world.Clock.GetUtcNow(), keyVersion: 1);

        card.IsSuccess.ShouldBeTrue(card.Error?.ToString());
        card.Value.CardSerial.ShouldBe(holder.Serial);
        (card.Value.ExpiresAt - card.Value.IssuedAt).ShouldBe(TimeSpan.FromMinutes(5));
        card.Value.Code.ShouldStartWith($"HC1:{holder.CardNumber}:{holder.Serial}:");
        online.IsSuccess.ShouldBeTrue(online.Error?.ToString());
        online.Value.ShouldBe(new ElectronicCardVerification(Masking.IdNumber(holder.CardNumber), holder.Serial, CardStatus.Active, card.Value.IssuedAt,
            card.Value.ExpiresAt, 1));
        offline.IsSuccess.ShouldBeTrue(offline.Error?.ToString());
        offline.Value.CardNumber.ShouldBe(holder.CardNumber);
        ElectronicCardImage.Png(card.Value.Code).Length.ShouldBeGreaterThan(100);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Verify_WhenExpired_FailsWithQrExpired(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        var code = (await IssueAsync(world, holder.CardNumber)).Code;

        world.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(2));
        var justBefore = await VerifyAsync(world, code);
        world.Clock.Advance(TimeSpan.FromSeconds(2));
        var expired = await VerifyAsync(world, code);

        justBefore.IsSuccess.ShouldBeTrue(justBefore.Error?.ToString());
        expired.Error!.Code.ShouldBe("qr.expired");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Verify_WhenAPayloadByteIsAltered_FailsWithQrBadSignature(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        var other = await world.HolderAsync();
        var code = (await IssueAsync(world, holder.CardNumber)).Code;

        // Another real, active card's number in place of the holder's: only the signature can tell.
        var swapped = code.Replace(holder.CardNumber, other.CardNumber, StringComparison.Ordinal).Replace(holder.Serial, other.Serial, StringComparison.Ordinal);
        var serialChanged = code.Replace(holder.Serial, holder.Serial[..^1] + (holder.Serial[^1] == '9' ? '8' : (char)(holder.Serial[^1] + 1)), StringComparison.Ordinal);

        (await VerifyAsync(world, swapped)).Error!.Code.ShouldBe("qr.bad_signature");
        (await VerifyAsync(world, serialChanged)).Error!.Code.ShouldBe("qr.bad_signature");
        (await VerifyAsync(world, code[..^1] + (code[^1] == 'A' ? 'B' : 'A'))).Error!.Code.ShouldBe("qr.bad_signature");
        (await VerifyAsync(world, code)).IsSuccess.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Verify_WithAnotherKeyVersion_FailsWithQrUnknownKeyOrBadSignature_AndRotationKeepsOldCodesValid(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        var v1 = (await IssueAsync(world, holder.CardNumber)).Code;
        var claimsV2 = v1.Replace(":1:", ":2:", StringComparison.Ordinal);

        var unknown = await VerifyAsync(world, claimsV2);
        var rotated = await world.WithAsync(sp => sp.GetRequiredService<RotateKey>().ExecuteAsync(Caller.System, KeyIds.PlatformSigning, "drill", CancellationToken.None));
        var v2 = await IssueAsync(world, holder.CardNumber);

        unknown.Error!.Code.ShouldBe("qr.unknown_key");
        rotated.IsSuccess.ShouldBeTrue(rotated.Error?.ToString());
        v2.KeyVersion.ShouldBe(2);
        (await VerifyAsync(world, v2.Code)).IsSuccess.ShouldBeTrue();
        (await VerifyAsync(world, v1)).IsSuccess.ShouldBeTrue("a retired version still verifies");
        (await VerifyAsync(world, claimsV2)).Error!.Code.ShouldBe("qr.bad_signature");
        ElectronicCardCode.Verify(v2.Code, await PlatformKeyAsync(world), world.Clock.GetUtcNow(), keyVersion: 1).Error!.Code.ShouldBe("qr.unknown_key");
        await world.WithDbAsync(async db =>
        {
            var v1Key = db.Keys.Single(k => k.KeyId == KeyIds.PlatformSigning && k.Version == 1);
            v1Key.Status = KeyStatus.Compromised;
            await db.SaveChangesAsync();
        });
        (await VerifyAsync(world, v1)).Error!.Code.ShouldBe("qr.unknown_key");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Verify_WhenTheCardIsReportedLost_FailsWithQrCardNotUsable_WhileOfflineOnlyChecksTheSignature(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        var code = (await IssueAsync(world, holder.CardNumber)).Code;
        (await world.ChangeAsync(holder.CardNumber, CardTrigger.ReportLoss)).IsSuccess.ShouldBeTrue();

        var online = await VerifyAsync(world, code);
        var reissue = await world.WithAsync(sp => sp.GetRequiredService<IssueElectronicCard>().ForCardAsync(Caller.System, holder.CardNumber, CancellationToken.None));
        (await world.ChangeAsync(holder.CardNumber, CardTrigger.Replace)).IsSuccess.ShouldBeTrue();
        var afterReplacement = await VerifyAsync(world, code);
        var offline = ElectronicCardCode.Verify(code, await PlatformKeyAsync(world), world.Clock.GetUtcNow());

        online.Error!.Code.ShouldBe("qr.card_not_usable");
        online.Error.Message.En.ShouldContain("reported_lost");
        reissue.Error!.Code.ShouldBe("qr.card_not_usable");
        afterReplacement.Error!.Code.ShouldBe("qr.card_not_usable");
        offline.IsSuccess.ShouldBeTrue("offline verification holds only the public key; the status needs the list or the platform");
        var unknownCard = ElectronicCardCode.SignedText(IdNumbers.Next(), "1300000001", world.Clock.GetUtcNow(), world.Clock.GetUtcNow().AddMinutes(5), 1);
        var signed = await world.WithAsync(sp => sp.GetRequiredService<IPlatformSigner>().SignAsync(System.Text.Encoding.ASCII.GetBytes(unknownCard), CancellationToken.None));
        (await VerifyAsync(world, ElectronicCardCode.Attach(unknownCard, signed.Value.Signature))).Error!.Code.ShouldBe("qr.card_not_found");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Api_PostQrVerify_AnswersWithProblemDetails_AndNeedsChecksWrite(TestDatabase database)
    {
        await using var world = await PortalWorld.StartAsync(database);
        var holder = await world.HolderAsync();
        var lost = await world.HolderAsync();
        var integrator = world.Host.Client(await world.Host.CreateKeyAsync("hebei-his", "13", Scope.RegistryWrite));
        var hospital = world.Host.Client(await world.Host.CreateKeyAsync("beijing-hospital", "11", Scope.ChecksWrite));
        var reader = world.Host.Client(await world.Host.CreateKeyAsync("reader", "", Scope.RegistryRead));

        var issued = await integrator.GetAsync($"/api/v1/cards/{holder.CardNumber}/ecard");
        issued.StatusCode.ShouldBe(HttpStatusCode.OK, await issued.Content.ReadAsStringAsync());
        var code = (await issued.ReadJsonAsync()).GetProperty("code").GetString()!;
        var lostCode = (await (await integrator.GetAsync($"/api/v1/cards/{lost.CardNumber}/ecard")).ReadJsonAsync()).GetProperty("code").GetString()!;
        (await world.ChangeAsync(lost.CardNumber, CardTrigger.ReportLoss)).IsSuccess.ShouldBeTrue();

        var ok = await hospital.PostJsonAsync("/api/v1/qr/verify", new QrVerifyRequest(code));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var body = await ok.ReadJsonAsync();
        body.GetProperty("status").GetString().ShouldBe("active");
        body.GetProperty("cardSerial").GetString().ShouldBe(holder.Serial);
        body.GetProperty("cardNumber").GetString().ShouldBe(Masking.IdNumber(holder.CardNumber));
        body.GetProperty("keyVersion").GetInt32().ShouldBe(1);
        await (await hospital.PostJsonAsync("/api/v1/qr/verify", new QrVerifyRequest(lostCode))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "qr.card_not_usable");
        await (await hospital.PostJsonAsync("/api/v1/qr/verify", new QrVerifyRequest(code[..^1] + (code[^1] == 'A' ? 'B' : 'A')))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "qr.bad_signature");
        var malformed = await (await hospital.PostJsonAsync("/api/v1/qr/verify", new QrVerifyRequest("not a code"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "qr.malformed");
        malformed.GetProperty("errors").GetProperty("code").GetArrayLength().ShouldBe(2);
        await (await hospital.PostJsonAsync("/api/v1/qr/verify", new QrVerifyRequest(null))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "qr.malformed");
        world.Clock.Advance(TimeSpan.FromMinutes(6));
        await (await hospital.PostJsonAsync("/api/v1/qr/verify", new QrVerifyRequest(code))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "qr.expired");

        (await reader.PostJsonAsync("/api/v1/qr/verify", new QrVerifyRequest(code))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await world.Host.Client(apiKey: null).PostJsonAsync("/api/v1/qr/verify", new QrVerifyRequest(code))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await hospital.GetAsync($"/api/v1/cards/{holder.CardNumber}/ecard")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var beijing = world.Host.Client(await world.Host.CreateKeyAsync("beijing-his", "11", Scope.RegistryWrite));
        await (await beijing.GetAsync($"/api/v1/cards/{holder.CardNumber}/ecard")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private static Task<Result<ElectronicCardVerification>> VerifyAsync(PortalWorld world, string code) =>
        world.WithAsync(sp => sp.GetRequiredService<VerifyElectronicCard>().ExecuteAsync(Caller.System with { Scopes = new HashSet<string> { Scope.ChecksWrite } }, code,
            CancellationToken.None));

    private static async Task<ElectronicCard> IssueAsync(PortalWorld world, string cardNumber)
    {
        var issued = await world.WithAsync(sp => sp.GetRequiredService<IssueElectronicCard>().ForCardAsync(Caller.System, cardNumber, CancellationToken.None));
        issued.IsSuccess.ShouldBeTrue(issued.Error?.ToString());
        return issued.Value;
    }

    private static async Task<byte[]> PlatformKeyAsync(PortalWorld world)
    {
        var response = await world.Host.Client().GetAsync("/api/v1/keys/platform-signing-key");
        return Convert.FromHexString((await response.ReadJsonAsync()).GetProperty("publicKey").GetString()!);
    }
}
