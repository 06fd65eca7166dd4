using System.Net;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Keys;

/// <summary>The key service through /api/v1/keys on both databases: issuance workflow, unseal, rotation, export and import.</summary>
public sealed class KeyServiceApiTests
{
    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Issuance_ApplicationDelegationIssue_WritesTheHandoverRecord_AndAuditsEachStep(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        await KeyTestKit.InitAsync(host);

        var handover = await KeyTestKit.IssueProvinceAsync(host, "13", "13000000001");

        handover.GetProperty("number").GetString()!.ShouldStartWith("JJ13");
        handover.GetProperty("provinceCode").GetString().ShouldBe("13");
        handover.GetProperty("receivedBy").GetString().ShouldBe("李领取");
        handover.GetProperty("handedOverBy").GetString().ShouldBe("王保管");
        handover.GetProperty("receiverIdNumber").GetString().ShouldBe(new string('*', 18)); // ADR 017: no fragment of an ID number
        var handed = handover.GetProperty("keys").EnumerateArray().ToList();
        handed.Count.ShouldBe(16); // 15 provincial SM4 keys (one per SAM key index) and the province's issuer SM2 key
        handed.ShouldAllBe(k => k.GetProperty("checkValue").GetString()!.Length == 6);
        handed.Select(k => k.GetProperty("keyId").GetString()).ShouldContain("province-13-2A");
        handed.Select(k => k.GetProperty("keyId").GetString()).ShouldContain("issuer-13");

        var fetched = await (await client.GetAsync($"/api/v1/keys/handovers/{handover.GetProperty("number").GetString()}")).ReadJsonAsync();
        fetched.GetProperty("keys").GetArrayLength().ShouldBe(16);
        var listed = await (await client.GetAsync("/api/v1/keys?region=13&status=active")).ReadJsonAsync();
        listed.GetArrayLength().ShouldBe(16);
        listed.EnumerateArray().Count(k => k.TryGetProperty("wrapped", out _)).ShouldBe(0);
        var verified = await (await client.GetAsync("/api/v1/keys/province-13-2A/check-value?verify=true")).ReadJsonAsync();
        verified.GetProperty("verified").GetBoolean().ShouldBeTrue();
        verified.GetProperty("key").GetProperty("parentVersion").GetInt32().ShouldBe(1);

        // The same application cannot be issued twice; a new application for the same masters is refused too.
        var applicationId = (await (await client.GetAsync("/api/v1/keys/applications?province=13")).ReadJsonAsync())[0].GetProperty("id").GetGuid();
        var again = await client.PostJsonAsync($"/api/v1/keys/applications/{applicationId}/issue", new
        {
            delegationId = Guid.NewGuid(), receiverName = "李领取", receiverIdNumber = KeyTestKit.CollectorIdNumber, handedOverBy = "王保管",
        });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("key_application.invalid_transition");

        var response = await client.GetAsync("/api/v1/audit");
        var text = await response.Content.ReadAsStringAsync();
        string[] steps = ["keys.application.submit", "keys.application.approve", "keys.delegation.create", "keys.issue"];
        var ours = (await response.ReadJsonAsync()).EnumerateArray()
            .Where(e => steps.Contains(e.GetProperty("action").GetString()))
            .Select(e => (Step: $"{e.GetProperty("action").GetString()}:{e.GetProperty("outcome").GetString()}", Actor: e.GetProperty("actor").GetString()))
            .ToList();
        ours.Select(e => e.Step).ShouldBe(["keys.application.submit:success", "keys.application.approve:success", "keys.delegation.create:success",
            "keys.issue:success", "keys.issue:key_application.invalid_transition"]);
        ours.Take(4).Select(e => e.Actor).Distinct().Count().ShouldBe(4); // four different people did the four steps
        text.ShouldNotContain(KeyTestKit.CollectorIdNumber);
        text.ShouldContain(handed[0].GetProperty("checkValue").GetString()!); // check values are recorded, material never
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task BadInput_AnswersFieldErrors_InChineseAndEnglish(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();

        var bad = await client.PostJsonAsync("/api/v1/keys/applications", new { provinceCode = "99", issuerCode = "ABC", applicantPerson = "张" });

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.ReadJsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("keys.invalid");
        var errors = problem.GetProperty("errors");
        errors.GetProperty("provinceCode").EnumerateArray().Select(e => e.GetString()).ShouldBe(
            ["省份代码应为 GB/T 2260 的 2 位省级代码", "provinceCode is a 2-digit GB/T 2260 province code"]);
        errors.TryGetProperty("issuerCode", out _).ShouldBeTrue();
        errors.TryGetProperty("applicantInstitution", out _).ShouldBeTrue();
        errors.TryGetProperty("reason", out _).ShouldBeTrue();
        errors.TryGetProperty("applicantPerson", out _).ShouldBeFalse();

        var hebei = await KeyTestKit.CustodianAsync(host, "hebei", "13");
        var created = await (await hebei.PostJsonAsync("/api/v1/keys/applications", new
        {
            provinceCode = "13", issuerCode = "13000000001", applicantInstitution = "河北省卫生健康委员会", applicantPerson = "张", reason = "申领",
        })).ReadJsonAsync();
        var delegation = await client.PostJsonAsync($"/api/v1/keys/applications/{created.GetProperty("id").GetGuid()}/delegations", new
        {
            letterNumber = "WP-1", delegator = "河北省卫生健康委员会", validUntil = "2000-01-01",
            collectors = new[] { new { name = "李领取", idNumber = "130102198001010015" } },
        });
        delegation.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var delegationErrors = (await delegation.ReadJsonAsync()).GetProperty("errors");
        delegationErrors.GetProperty("collectors[0].idNumber").GetArrayLength().ShouldBe(2);
        delegationErrors.GetProperty("validUntil").GetArrayLength().ShouldBe(2);

        var unseal = await client.PostJsonAsync("/api/v1/keys/unseal", new { share = "not-a-share" });
        unseal.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unseal.ReadJsonAsync()).GetProperty("errors").GetProperty("share").GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Unseal_TakesSharesUpToTheThreshold_AndDetectsAWrongSet(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        var ceremony = await KeyTestKit.InitAsync(host, custodians: 5, threshold: 3);
        (await (await client.PostAsync("/api/v1/keys/seal", null)).ReadJsonAsync()).GetProperty("sealed").GetBoolean().ShouldBeTrue();

        var refused = await client.PostJsonAsync("/api/v1/keys/platform-signing/rotate", new { reason = "test" });
        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await refused.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("keys.sealed");

        // M − 1 shares (custodians 5 and 2): still sealed, with progress.
        var first = await (await client.PostJsonAsync("/api/v1/keys/unseal", new { share = ceremony.Shares[4] })).ReadJsonAsync();
        first.GetProperty("sealed").GetBoolean().ShouldBeTrue();
        first.GetProperty("sharesReceived").GetInt32().ShouldBe(1);
        var second = await (await client.PostJsonAsync("/api/v1/keys/unseal", new { share = ceremony.Shares[1] })).ReadJsonAsync();
        second.GetProperty("sealed").GetBoolean().ShouldBeTrue();
        second.GetProperty("sharesReceived").GetInt32().ShouldBe(2);
        second.GetProperty("threshold").GetInt32().ShouldBe(3);
        (await client.PostJsonAsync("/api/v1/keys/platform-signing/rotate", new { reason = "test" })).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);

        // The M-th share unseals, and the check value the ceremony printed is the one the platform reports.
        var third = await (await client.PostJsonAsync("/api/v1/keys/unseal", new { share = ceremony.Shares[0] })).ReadJsonAsync();
        third.GetProperty("sealed").GetBoolean().ShouldBeFalse();
        third.GetProperty("kekCheckValue").GetString().ShouldBe(ceremony.KekCheckValue);
        (await client.PostJsonAsync("/api/v1/keys/platform-signing/rotate", new { reason = "test" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A forged (altered) share is refused on its own by its check value; the good shares already given are kept.
        await client.PostAsync("/api/v1/keys/seal", null);
        var altered = ceremony.Shares[2][..^1] + (ceremony.Shares[2][^1] == '0' ? '1' : '0');
        await client.PostJsonAsync("/api/v1/keys/unseal", new { share = ceremony.Shares[0] });
        await client.PostJsonAsync("/api/v1/keys/unseal", new { share = ceremony.Shares[1] });
        var wrong = await client.PostJsonAsync("/api/v1/keys/unseal", new { share = altered });
        wrong.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await wrong.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("keys.bad_share");
        var status = await (await client.GetAsync("/api/v1/keys/status")).ReadJsonAsync();
        status.GetProperty("sealed").GetBoolean().ShouldBeTrue();
        status.GetProperty("sharesReceived").GetInt32().ShouldBe(2);
        var completed = await (await client.PostJsonAsync("/api/v1/keys/unseal", new { share = ceremony.Shares[3] })).ReadJsonAsync();
        completed.GetProperty("sealed").GetBoolean().ShouldBeFalse();

        var audit = await (await client.GetAsync("/api/v1/audit")).Content.ReadAsStringAsync();
        audit.ShouldContain("keys.bad_share");
        foreach (var share in ceremony.Shares)
        {
            audit.ShouldNotContain(share[4..]);
        }
    }

    [Fact]
    public async Task ConfiguredShares_UnsealOnFirstUse()
    {
        await using var host = await Hosts.StartAsync(TestDatabase.Sqlite);
        var ceremony = await KeyTestKit.InitAsync(host);
        await host.Client().PostAsync("/api/v1/keys/seal", null);
        using var configured = host.WithWebHostBuilder(b => b.UseSetting("HealthCard:Keys:Shares:0", ceremony.Shares[0])
            .UseSetting("HealthCard:Keys:Shares:1", ceremony.Shares[2]));
        var client = configured.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", HealthCardHost.AdminKey);

        var status = await (await client.GetAsync("/api/v1/keys/status")).ReadJsonAsync();

        status.GetProperty("sealed").GetBoolean().ShouldBeFalse();
        status.GetProperty("kekCheckValue").GetString().ShouldBe(ceremony.KekCheckValue);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Rotation_KeepsTheOldVersionForVerification_AndSignsWithTheNew(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var client = host.Client();
        await KeyTestKit.InitAsync(host);
        byte[] message = [.. "blacklist 13 v42"u8];
        var before = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<IPlatformSigner>().SignAsync(message, CancellationToken.None));
        before.Value.KeyVersion.ShouldBe(1);

        var rotated = await client.PostJsonAsync("/api/v1/keys/platform-signing/rotate", new { reason = "annual rotation" });

        rotated.StatusCode.ShouldBe(HttpStatusCode.OK, await rotated.Content.ReadAsStringAsync());
        var rotation = await rotated.ReadJsonAsync();
        rotation.GetProperty("active").GetProperty("version").GetInt32().ShouldBe(2);
        rotation.GetProperty("retired").GetProperty("status").GetString().ShouldBe("retired");
        var after = await KeyTestKit.WithAsync(host, sp => sp.GetRequiredService<IPlatformSigner>().SignAsync(message, CancellationToken.None));
        after.Value.KeyVersion.ShouldBe(2);
        after.Value.PublicKey.ShouldNotBe(before.Value.PublicKey);
        Sm2Algorithm.Verify(after.Value.PublicKey, message, after.Value.Signature).ShouldBeTrue();
        await KeyTestKit.WithAsync(host, async sp =>
        {
            var keys = sp.GetRequiredService<KeyService>();
            (await keys.VerifyAsync(1, message, before.Value.Signature, CancellationToken.None)).ShouldBeTrue();
            (await keys.VerifyAsync(2, message, before.Value.Signature, CancellationToken.None)).ShouldBeFalse();
            (await keys.VerifyAsync(2, message, after.Value.Signature, CancellationToken.None)).ShouldBeTrue();
            return 0;
        });

        // Terminals fetch the public key with any key of their own; the list of keys stays with key custodians.
        var terminal = host.Client(await host.CreateKeyAsync("terminal-1", "13", Scope.ChecksWrite));
        var published = await (await terminal.GetAsync("/api/v1/keys/platform-signing-key")).ReadJsonAsync();
        published.GetProperty("version").GetInt32().ShouldBe(2);
        published.GetProperty("publicKey").GetString().ShouldBe(Convert.ToHexString(after.Value.PublicKey));
        published.GetProperty("retired")[0].GetProperty("publicKey").GetString().ShouldBe(Convert.ToHexString(before.Value.PublicKey));
        (await terminal.GetAsync("/api/v1/keys")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var versions = await (await client.GetAsync("/api/v1/keys/platform-signing")).ReadJsonAsync();
        versions.EnumerateArray().Select(v => v.GetProperty("status").GetString()).ShouldBe(["retired", "active"]);
        var derived = await client.PostJsonAsync("/api/v1/keys/national-2A/rotate", new { reason = "test" });
        derived.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostJsonAsync("/api/v1/keys/missing/rotate", new { reason = "test" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var audit = await (await client.GetAsync("/api/v1/audit")).Content.ReadAsStringAsync();
        audit.ShouldContain("key.rotate");
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Export_UnderATransportKey_ImportsAtTheLowerTier_WithMatchingCheckValues(TestDatabase database)
    {
        await using var national = await Hosts.StartAsync(database);
        await using var provincial = await Hosts.StartAsync(database);
        var upper = national.Client();
        var lower = provincial.Client();
        await KeyTestKit.InitAsync(national);
        await KeyTestKit.InitAsync(provincial, region: "13");
        await KeyTestKit.IssueProvinceAsync(national, "13", "13000000001");
        // Hebei's two custodians each make a component; each gives it at the national node and at their own node.
        var (first, second) = (KeyTestKit.Component().Component, KeyTestKit.Component().Component);
        var transport = await KeyTestKit.RegisterTransportKeyAsync(
            [await KeyTestKit.CustodianAsync(national, "hb-a", "13"), await KeyTestKit.CustodianAsync(national, "hb-b", "13")], "13", [first, second]);
        transport.GetProperty("status").GetString().ShouldBe("completed");
        transport.GetRawText().ShouldNotContain(Convert.ToHexString(KeyTestKit.TransportKeyOf(first, second)));

        var exported = await upper.PostJsonAsync("/api/v1/keys/export", new { province = "13" });

        exported.StatusCode.ShouldBe(HttpStatusCode.OK, await exported.Content.ReadAsStringAsync());
        var package = await exported.ReadJsonAsync();
        package.GetProperty("transportKeyCheckValue").GetString().ShouldBe(transport.GetProperty("checkValue").GetString());
        package.GetProperty("keys").GetArrayLength().ShouldBe(16);

        // At the province, before its custodians registered the transport key: nothing to open the package with.
        var hebeiA = await KeyTestKit.CustodianAsync(provincial, "hb-a", "13");
        var hebeiB = await KeyTestKit.CustodianAsync(provincial, "hb-b", "13");
        var unregistered = await hebeiA.PostJsonAsync("/api/v1/keys/import", new { package });
        (await unregistered.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("keys.no_transport_key");

        // Registered with other components: the package does not open, and nothing is imported.
        var (x, y) = (KeyTestKit.Component().Component, KeyTestKit.Component().Component);
        await KeyTestKit.RegisterTransportKeyAsync([hebeiA, hebeiB], "13", [x, y]);
        var refused = await hebeiA.PostJsonAsync("/api/v1/keys/import", new { package });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("keys.transport_key_mismatch");
        (await (await lower.GetAsync("/api/v1/keys?region=13&usage=provincial_master")).ReadJsonAsync()).GetArrayLength().ShouldBe(0);

        // The same components as at the national node: the same key, so the package opens.
        await KeyTestKit.RegisterTransportKeyAsync([hebeiB, hebeiA], "13", [second, first]);
        // A package whose check value was altered is refused.
        var tampered = JsonSerializer.Deserialize<KeyExport>(package.GetRawText(), HealthCardHost.Json)!;
        tampered = tampered with { Keys = [tampered.Keys[0] with { CheckValue = "000000" }, .. tampered.Keys.Skip(1)] };
        var mismatch = await hebeiA.PostJsonAsync("/api/v1/keys/import", new { package = tampered });
        (await mismatch.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("keys.check_value_mismatch");

        var imported = await hebeiA.PostJsonAsync("/api/v1/keys/import", new { package });
        imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());

        var upperKeys = (await (await upper.GetAsync("/api/v1/keys?region=13&status=active")).ReadJsonAsync()).EnumerateArray()
            .Where(k => k.GetProperty("usage").GetString() != "transport")
            .ToDictionary(k => k.GetProperty("keyId").GetString()!, k => k.GetProperty("checkValue").GetString());
        var lowerKeys = (await (await hebeiB.GetAsync("/api/v1/keys?region=13&status=active")).ReadJsonAsync()).EnumerateArray()
            .Where(k => k.GetProperty("usage").GetString() != "transport")
            .ToDictionary(k => k.GetProperty("keyId").GetString()!, k => k.GetProperty("checkValue").GetString());
        lowerKeys.ShouldBe(upperKeys);
        var recomputed = await (await hebeiB.GetAsync("/api/v1/keys/province-13-31/check-value?verify=true")).ReadJsonAsync();
        recomputed.GetProperty("verified").GetBoolean().ShouldBeTrue();
        (await (await hebeiB.GetAsync("/api/v1/keys/issuer-13/check-value?verify=true")).ReadJsonAsync()).GetProperty("verified").GetBoolean().ShouldBeTrue();
        (await hebeiA.PostJsonAsync("/api/v1/keys/import", new { package })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
