using System.Net;
using System.Text;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.ApiKeys;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Staff;
using HealthCard.App.Persistence;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Crypto.Sm4;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Keys;

/// <summary>
/// Issue 14, finding 1 ("key custody can be defeated by one key or one person"), each confirmed attack replayed the way
/// it was made, through the real host: what succeeded before is refused now (ADR 016).
/// </summary>
public sealed class KeyCustodyAttackTests
{
    private static async Task<string> CodeOf(HttpResponseMessage response) =>
        (await response.ReadJsonAsync()).GetProperty("code").GetString()!;

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Export_WithATransportKeyTheCallerSupplies_NeverWrapsUnderIt(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await KeyTestKit.InitAsync(host);
        await KeyTestKit.IssueProvinceAsync(host, "13", "13000000001");
        // The attacker: one keys:manage API key, national, and a transport key of their own.
        var attacker = host.Client(await host.CreateKeyAsync("one-key", "", Scope.KeysManage));
        var attackerKey = RandomBytes();

        var before = await attacker.PostJsonAsync("/api/v1/keys/export", new { province = "13", transportKey = Convert.ToHexString(attackerKey) });

        before.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CodeOf(before)).ShouldBe("keys.no_transport_key");

        // Once Hebei's custodians have registered their transport key, the export goes under theirs, never the caller's.
        await KeyTestKit.RegisterTransportKeyAsync([await KeyTestKit.CustodianAsync(host, "hb-a", "13"), await KeyTestKit.CustodianAsync(host, "hb-b", "13")],
            "13", [KeyTestKit.Component().Component, KeyTestKit.Component().Component]);
        var exported = await attacker.PostJsonAsync("/api/v1/keys/export", new { province = "13", transportKey = Convert.ToHexString(attackerKey) });
        exported.StatusCode.ShouldBe(HttpStatusCode.OK, await exported.Content.ReadAsStringAsync());
        var package = JsonSerializer.Deserialize<KeyExport>(await exported.Content.ReadAsStringAsync(), HealthCardHost.Json)!;
        package.TransportKeyCheckValue.ShouldNotBe(Convert.ToHexString(KeyDerivation.CheckValue(attackerKey)));
        package.Keys.Count.ShouldBe(16);
        foreach (var key in package.Keys)
        {
            EnumNames.TryParse<KeyUsage>(key.Usage, out var usage).ShouldBeTrue();
            Sm4Gcm.TryDecrypt(attackerKey, Convert.FromHexString(key.Wrapped),
                Encoding.UTF8.GetBytes(ExportProvinceKeys.ExportIdentity(key.KeyId, key.Version, usage, "13")), out _).ShouldBeFalse();
        }

        // And exporting is the national tier's: a province's or a district's keys:manage key is refused.
        var district = host.Client(await host.CreateKeyAsync("district-keys", "130102", Scope.KeysManage));
        (await district.PostJsonAsync("/api/v1/keys/export", new { province = "13" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task TransportKey_OnePersonCannotRegisterOrReplaceIt_AndNoAnswerEverCarriesIt(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await KeyTestKit.InitAsync(host);
        var admin = host.Client();

        // The request of the attack: a new transport key for Hebei, generated and returned in clear.
        var attack = await admin.PostJsonAsync("/api/v1/keys/transport-keys", new { regionCode = "13" });
        attack.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await attack.Content.ReadAsStringAsync()).ShouldNotContain("\"key\"");
        // With a component of its own, a national key is still not one of Hebei's custodians.
        var (component, kcv) = KeyTestKit.Component();
        var national = await admin.PostJsonAsync("/api/v1/keys/transport-keys", new { regionCode = "13", component, checkValue = kcv });
        national.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CodeOf(national)).ShouldBe("auth.tier");

        // One of Hebei's custodians alone registers nothing, and cannot give a second component.
        var a = await KeyTestKit.CustodianAsync(host, "hb-a", "13");
        var b = await KeyTestKit.CustodianAsync(host, "hb-b", "13");
        var first = KeyTestKit.Component();
        var alone = await KeyTestKit.RegisterTransportKeyAsync([a], "13", [first.Component]);
        alone.GetProperty("status").GetString().ShouldBe("open");
        alone.GetProperty("received").GetInt32().ShouldBe(1);
        alone.GetProperty("threshold").GetInt32().ShouldBe(2);
        (await (await admin.GetAsync("/api/v1/keys?usage=transport&region=13")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);
        var again = KeyTestKit.Component();
        var twice = await a.PostJsonAsync("/api/v1/keys/transport-keys", new { regionCode = "13", component = again.Component, checkValue = again.CheckValue });
        twice.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CodeOf(twice)).ShouldBe("auth.separation_of_duties");
        // A mistyped component is caught by its check value and recorded nowhere.
        var typo = await b.PostJsonAsync("/api/v1/keys/transport-keys", new { regionCode = "13", component = again.Component, checkValue = first.CheckValue });
        (await CodeOf(typo)).ShouldBe("keys.component_check_value_mismatch");

        // The second custodian completes it: the answer names the key by its check value only.
        var second = KeyTestKit.Component();
        var completed = await b.PostJsonAsync("/api/v1/keys/transport-keys", new { regionCode = "13", component = second.Component, checkValue = second.CheckValue });
        var text = await completed.Content.ReadAsStringAsync();
        completed.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var key = KeyTestKit.TransportKeyOf(first.Component, second.Component);
        var registered = await completed.ReadJsonAsync();
        registered.GetProperty("status").GetString().ShouldBe("completed");
        registered.GetProperty("checkValue").GetString().ShouldBe(Convert.ToHexString(KeyDerivation.CheckValue(key)));
        text.ShouldNotContain(Convert.ToHexString(key));
        text.ShouldNotContain(first.Component);
        text.ShouldNotContain(second.Component);

        // Replacing it takes the same ceremony: one custodian's component leaves the registered key in place.
        var replacement = KeyTestKit.Component();
        await KeyTestKit.RegisterTransportKeyAsync([a], "13", [replacement.Component]);
        var active = (await (await admin.GetAsync("/api/v1/keys?usage=transport&region=13&status=active")).ReadJsonAsync()).EnumerateArray().ShouldHaveSingleItem();
        active.GetProperty("version").GetInt32().ShouldBe(1);
        active.GetProperty("checkValue").GetString().ShouldBe(registered.GetProperty("checkValue").GetString());
        (await (await a.PostAsync("/api/v1/keys/transport-keys/13/cancel", null)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("cancelled");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Import_OfThePlatformSigningKey_OrAnyKeyNotTheProvincesOwn_IsRefused(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await KeyTestKit.InitAsync(host, region: "13");
        var a = await KeyTestKit.CustodianAsync(host, "hb-a", "13");
        var b = await KeyTestKit.CustodianAsync(host, "hb-b", "13");
        // The strongest attacker: Hebei's custodians together, who know their transport key.
        var components = new[] { KeyTestKit.Component().Component, KeyTestKit.Component().Component };
        await KeyTestKit.RegisterTransportKeyAsync([a, b], "13", components);
        var transport = KeyTestKit.TransportKeyOf(components);
        var platformBefore = await (await a.GetAsync("/api/v1/keys/platform-signing-key")).ReadJsonAsync();
        using var attackerKey = Sm2Algorithm.GenerateKey();

        foreach (var (keyId, usage, region) in new[]
        {
            (KeyIds.PlatformSigning, KeyUsage.PlatformSigning, "13"), // the attack as made
            (KeyIds.PlatformSigning, KeyUsage.Issuer, "13"), // the same id under an importable usage
            (KeyIds.Root, KeyUsage.Issuer, "13"),
            (KeyIds.Issuer("11"), KeyUsage.Issuer, "13"), // another province's key
            (KeyIds.Issuer("13"), KeyUsage.Issuer, "11"),
        })
        {
            var package = Package(transport, keyId, usage, region, attackerKey);
            var refused = await a.PostJsonAsync("/api/v1/keys/import", new { package });
            refused.StatusCode.ShouldBe(HttpStatusCode.Conflict, $"{keyId} as {usage}");
            (await CodeOf(refused)).ShouldBe("keys.import_refused");
        }
        // The province's own issuer key is importable: the refusals above are about the ids and usages, not the package.
        var own = await a.PostJsonAsync("/api/v1/keys/import", new { package = Package(transport, KeyIds.Issuer("13"), KeyUsage.Issuer, "13", attackerKey) });
        own.StatusCode.ShouldBe(HttpStatusCode.OK, await own.Content.ReadAsStringAsync());
        // Nobody imports for another tier, the national tier included.
        var national = host.Client();
        (await national.PostJsonAsync("/api/v1/keys/import", new { package = Package(transport, KeyIds.Issuer("13"), KeyUsage.Issuer, "13", attackerKey) }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var platformAfter = await (await a.GetAsync("/api/v1/keys/platform-signing-key")).ReadJsonAsync();
        platformAfter.GetProperty("publicKey").GetString().ShouldBe(platformBefore.GetProperty("publicKey").GetString());
        var signed = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<IPlatformSigner>().SignAsync("blacklist"u8.ToArray(), CancellationToken.None));
        signed.Value.PublicKey.ShouldNotBe(attackerKey.PublicKey);
    }

    [Fact]
    public async Task Signing_UsesOnlyAKeyWhoseUsageIsPlatformSigning_EvenWhenAnotherKeyTookItsId()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        await KeyTestKit.InitAsync(host);
        using var impostor = Sm2Algorithm.GenerateKey();
        // A key recorded under the platform signing key's id but with another usage (what the refused import would have made).
        await KeyTestKit.WithAsync(host, async sp =>
        {
            var store = sp.GetRequiredService<KeyStore>();
            var real = await store.ActiveAsync(KeyIds.PlatformSigning, CancellationToken.None);
            await store.RetireAsync(real!, CancellationToken.None);
            store.AddSm2(KeyIds.PlatformSigning, 2, KeyUsage.Issuer, null, impostor, "imported");
            await sp.GetRequiredService<HealthCardDb>().SaveChangesAsync();
            return 0;
        });
        byte[] message = [.. "blacklist 13 v1"u8];

        var signed = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<IPlatformSigner>().SignAsync(message, CancellationToken.None));

        signed.IsSuccess.ShouldBeFalse();
        signed.Error!.Code.ShouldBe("keys.not_initialized");
        var forged = Sm2Algorithm.Sign(impostor, message);
        (await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<KeyService>().VerifyAsync(2, message, forged, CancellationToken.None))).ShouldBeFalse();
        var published = await host.Client().GetAsync("/api/v1/keys/platform-signing-key");
        (await published.Content.ReadAsStringAsync()).ShouldNotContain(Convert.ToHexString(impostor.PublicKey));
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task KeyOperations_AreScopedToTheCallersTierAndRegion(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await KeyTestKit.InitAsync(host);
        var guangdong = await KeyTestKit.CustodianAsync(host, "gd", "44");
        var applied = await guangdong.PostJsonAsync("/api/v1/keys/applications", Application("44"));
        applied.StatusCode.ShouldBe(HttpStatusCode.Created, await applied.Content.ReadAsStringAsync());
        var id = (await applied.ReadJsonAsync()).GetProperty("id").GetGuid();
        // The attacker: a keys:manage key limited to district 130102.
        var district = host.Client(await host.CreateKeyAsync("district-keys", "130102", Scope.KeysManage));

        (await CodeOf(await district.PostJsonAsync("/api/v1/keys/applications", Application("44")))).ShouldBe("auth.tier");
        (await CodeOf(await district.PostJsonAsync($"/api/v1/keys/applications/{id}/approve", new { note = "同意" }))).ShouldBe("auth.tier");
        (await CodeOf(await district.PostJsonAsync($"/api/v1/keys/applications/{id}/issue",
            new { delegationId = Guid.NewGuid(), receiverName = "李", receiverIdNumber = KeyTestKit.CollectorIdNumber, handedOverBy = "王" }))).ShouldBe("auth.tier");
        (await CodeOf(await district.PostJsonAsync("/api/v1/keys/national-2A/rotate", new { reason = "attack" }))).ShouldBe("auth.tier");
        (await CodeOf(await district.PostAsync("/api/v1/keys/seal", null))).ShouldBe("auth.tier");
        (await district.GetAsync($"/api/v1/keys/applications/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await district.GetAsync("/api/v1/keys/national-2A")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await district.GetAsync("/api/v1/keys")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);
        (await (await district.GetAsync("/api/v1/keys/applications")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);

        // A province applies only for itself, and sees only its own applications.
        var hebei = await KeyTestKit.CustodianAsync(host, "hb", "13");
        (await CodeOf(await hebei.PostJsonAsync("/api/v1/keys/applications", Application("44")))).ShouldBe("auth.tier");
        (await hebei.PostJsonAsync("/api/v1/keys/applications", Application("13"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var listed = await (await hebei.GetAsync("/api/v1/keys/applications")).ReadJsonAsync();
        listed.EnumerateArray().Select(a => a.GetProperty("provinceCode").GetString()).ShouldBe(["13"]);
        (await CodeOf(await hebei.PostJsonAsync("/api/v1/keys/national-2A/rotate", new { reason = "attack" }))).ShouldBe("auth.tier");
        (await hebei.GetAsync("/api/v1/keys/national-2A")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The national master was never rotated.
        var national = await (await host.Client().GetAsync("/api/v1/keys/national-2A")).ReadJsonAsync();
        national.GetArrayLength().ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task ApplicantReviewerDelegatorAndIssuer_AreDifferentPeople(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await KeyTestKit.InitAsync(host);
        var applicant = await KeyTestKit.CustodianAsync(host, "hb-applicant", "13");
        var otherProvincial = await KeyTestKit.CustodianAsync(host, "hb-other", "13");
        var reviewer = await KeyTestKit.CustodianAsync(host, "reviewer", "");
        var issuer = await KeyTestKit.CustodianAsync(host, "issuer", "");
        var id = (await (await applicant.PostJsonAsync("/api/v1/keys/applications", Application("13"))).ReadJsonAsync()).GetProperty("id").GetGuid();
        var letter = new
        {
            letterNumber = "WP-13-SOD", delegator = "河北省卫生健康委员会", validUntil = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10),
            collectors = new[] { new { name = "李领取", idNumber = KeyTestKit.CollectorIdNumber } },
        };

        (await CodeOf(await applicant.PostJsonAsync($"/api/v1/keys/applications/{id}/approve", new { note = "自批" }))).ShouldBe("auth.tier");
        (await reviewer.PostJsonAsync($"/api/v1/keys/applications/{id}/approve", new { note = "同意" })).EnsureSuccessStatusCode();
        (await CodeOf(await applicant.PostJsonAsync($"/api/v1/keys/applications/{id}/delegations", letter))).ShouldBe("auth.separation_of_duties");
        (await CodeOf(await reviewer.PostJsonAsync($"/api/v1/keys/applications/{id}/delegations", letter))).ShouldBe("auth.tier");
        var delegated = await otherProvincial.PostJsonAsync($"/api/v1/keys/applications/{id}/delegations", letter);
        delegated.StatusCode.ShouldBe(HttpStatusCode.Created, await delegated.Content.ReadAsStringAsync());
        var issue = new
        {
            delegationId = (await delegated.ReadJsonAsync()).GetProperty("id").GetGuid(),
            receiverName = "李领取", receiverIdNumber = KeyTestKit.CollectorIdNumber, handedOverBy = "王保管",
        };
        (await CodeOf(await reviewer.PostJsonAsync($"/api/v1/keys/applications/{id}/issue", issue))).ShouldBe("auth.separation_of_duties");
        (await CodeOf(await otherProvincial.PostJsonAsync($"/api/v1/keys/applications/{id}/issue", issue))).ShouldBe("auth.tier");
        var issued = await issuer.PostJsonAsync($"/api/v1/keys/applications/{id}/issue", issue);
        issued.StatusCode.ShouldBe(HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var application = await (await issuer.GetAsync($"/api/v1/keys/applications/{id}")).ReadJsonAsync();
        new[] { "createdBy", "reviewedBy", "issuedBy" }.Select(p => application.GetProperty(p).GetString()).Distinct().Count().ShouldBe(3);
        application.GetProperty("actions").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task OnlyNationalAdministratorsGrantCustody_AndACustodianSealsOnlyItsOwnTier(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        await KeyTestKit.InitAsync(host);
        var cityAdmin = new Caller("shijiazhuang-admin", "1301", StaffRoles.ScopesOf(StaffRoles.RegionAdmin), Channel.Console);
        var nationalAdmin = new Caller("national-admin", "", StaffRoles.ScopesOf(StaffRoles.NationalAdmin), Channel.Console);

        // The attack: a city administrator makes a key custodian (in the console), who then seals the national key service.
        var made = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<StaffAccounts>().CreateAsync(cityAdmin,
            new StaffAccountRequest("sjz.keys", StaffRoles.KeyCustodian, "1301", "Custody-2026-x", "石家庄密钥保管员"), CancellationToken.None));
        made.IsSuccess.ShouldBeFalse();
        made.Error.ShouldBeOfType<ValidationFailed>().Fields.Keys.ShouldContain("role");
        var granted = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<StaffAccounts>().CreateAsync(nationalAdmin,
            new StaffAccountRequest("sjz.keys", StaffRoles.KeyCustodian, "1301", "Custody-2026-x", "石家庄密钥保管员"), CancellationToken.None));
        granted.IsSuccess.ShouldBeTrue(granted.Error?.ToString());
        // Nor can the city administrator take over that custodian by setting its password.
        var reset = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<StaffAccounts>()
            .ResetPasswordAsync(cityAdmin, granted.Value.Id, "Taken-over-2026-y", CancellationToken.None));
        reset.Error.ShouldBeOfType<Forbidden>();

        // A keys:manage API key, too, is custody: a national key that manages users but is not an administrator cannot grant it.
        var userManager = new Caller("national-user-manager", "", new HashSet<string> { Scope.UsersManage, Scope.KeysManage }, Channel.Api);
        var minted = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<CreateApiKey>()
            .ExecuteAsync(userManager, "minted-custodian", "13", [Scope.KeysManage], null, CancellationToken.None));
        minted.Error.ShouldBeOfType<Forbidden>().Code.ShouldBe("auth.forbidden");

        // The custodian of a city, or of a province, cannot seal (nor unseal) the national key service.
        var cityCustodian = new Caller("sjz.keys", "1301", StaffRoles.ScopesOf(StaffRoles.KeyCustodian), Channel.Console);
        (await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<KeyCeremony>().SealAsync(cityCustodian, CancellationToken.None)))
            .Error!.Code.ShouldBe("auth.tier");
        var hebei = await KeyTestKit.CustodianAsync(host, "hb", "13");
        var sealAttempt = await hebei.PostAsync("/api/v1/keys/seal", null);
        sealAttempt.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await hebei.PostJsonAsync("/api/v1/keys/unseal", new { share = "001-" + new string('0', 32) })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await host.Client().GetAsync("/api/v1/keys/status")).ReadJsonAsync()).GetProperty("sealed").GetBoolean().ShouldBeFalse();
        var nationalCustodian = await KeyTestKit.CustodianAsync(host, "national", "");
        (await nationalCustodian.PostAsync("/api/v1/keys/seal", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static object Application(string province) => new
    {
        provinceCode = province, issuerCode = province + "000000001", applicantInstitution = $"省卫生健康委员会 {province}", applicantPerson = "张主任",
        reason = "居民健康卡省级密钥申领",
    };

    private static byte[] RandomBytes() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);

    /// <summary>An export package of one SM2 key, wrapped under <paramref name="transport"/> exactly as a genuine export would be.</summary>
    private static KeyExport Package(byte[] transport, string keyId, KeyUsage usage, string region, Sm2PrivateKey key)
    {
        var scalar = new byte[32];
        key.WriteTo(scalar);
        var wrapped = KeyWrap.Wrap(transport, scalar, ExportProvinceKeys.ExportIdentity(keyId, 1, usage, "13"));
        return new KeyExport(KeyExport.CurrentFormat, "13", Convert.ToHexString(KeyDerivation.CheckValue(transport)), KeyIds.RootCertificateId,
            Convert.ToHexString(key.PublicKey), DateTimeOffset.UtcNow,
            [new ExportedKey(keyId, 1, EnumNames.Of(usage), "sm2", region, Convert.ToHexString(KeyDerivation.PublicKeyCheckValue(key.PublicKey)),
                Convert.ToHexString(key.PublicKey), null, null, Convert.ToHexString(wrapped))]);
    }
}
