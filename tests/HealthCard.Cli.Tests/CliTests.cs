using Microsoft.Data.Sqlite;

namespace HealthCard.Cli.Tests;

/// <summary>Runs the real <c>hcard</c> program against a fresh SQLite database and checks its output and exit codes.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hc-cli-").FullName;

    [Fact]
    public async Task ApiKeyCreate_PrintsTheKeyOnce_AndRefusesDuplicatesAndUnknownScopes()
    {
        var created = await RunAsync("apikey", "create", "--name", "his-01", "--region", "1301", "--scopes", "registry:read", "registry:write");

        created.ExitCode.ShouldBe(0, created.Error);
        created.Output.ShouldContain("region: 石家庄市 (1301)");
        created.Output.ShouldMatch(@"key:\s+hc_[A-Za-z0-9_-]{43}");

        var duplicate = await RunAsync("apikey", "create", "--name", "his-01", "--scopes", "registry:read");
        duplicate.ExitCode.ShouldBe(2);
        duplicate.Error.ShouldContain("apikey.duplicate");

        var unknown = await RunAsync("apikey", "create", "--name", "his-02", "--scopes", "everything");
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("Unknown scope 'everything'");
    }

    [Fact]
    public async Task AuditVerify_ExitsZeroWhenIntact_AndOneNamingTheAlteredEntry()
    {
        (await RunAsync("apikey", "create", "--name", "a", "--scopes", "registry:read")).ExitCode.ShouldBe(0);
        (await RunAsync("apikey", "create", "--name", "b", "--scopes", "registry:read")).ExitCode.ShouldBe(0);

        var intact = await RunAsync("audit", "verify");
        intact.ExitCode.ShouldBe(0, intact.Error);
        intact.Output.ShouldContain("valid: 2 entries verified");

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "healthcard.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"AuditEntries\" SET \"TargetId\" = 'c' WHERE \"Sequence\" = 2";
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var broken = await RunAsync("audit", "verify");
        broken.ExitCode.ShouldBe(1);
        broken.Output.ShouldContain("sequence 2");
        broken.Output.ShouldContain("altered");
    }

    [Theory]
    [InlineData("616263", "66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0")] // GB/T 32905 example 1
    [InlineData("61626364616263646162636461626364616263646162636461626364616263646162636461626364616263646162636461626364616263646162636461626364",
        "DEBE9FF92275B8A138604889C18E5A4D6FDB70E5387E5765293DCBA39C0C5732")] // example 2
    public async Task CryptoSm3_ReproducesTheStandardExamples(string message, string digest)
    {
        var result = await RunAsync("crypto", "sm3", message);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.Trim().ShouldBe(digest);
    }

    [Fact]
    public async Task CryptoSm4_ReproducesTheStandardExample_AndKcvDiversifyMac()
    {
        const string Key = "0123456789ABCDEFFEDCBA9876543210";

        (await RunAsync("crypto", "sm4", "encrypt", "--mode", "ecb", "--key", Key, Key)).Output.Trim().ShouldBe("681EDF34D206965E86B3E94F536E4246");
        (await RunAsync("crypto", "sm4", "decrypt", "--mode", "ecb", "--key", Key, "681EDF34D206965E86B3E94F536E4246")).Output.Trim().ShouldBe(Key);
        (await RunAsync("crypto", "sm4", "encrypt", "--mode", "cbc", "--key", Key, "--iv", "000102030405060708090A0B0C0D0E0F",
            "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")).Output.Trim()
            .ShouldBe("2677F46B09C122CC975533105BD4A22AD9EE98830E69745C9827F934A19621F8");
        (await RunAsync("crypto", "sm4", "mac", "--key", Key, "000102030405060708090A0B0C0D0E0F10111213")).Output.Trim().ShouldBe("856D69DE52FA1E74A348FE93D6787131");
        (await RunAsync("crypto", "kcv", "--key", Key)).Output.Trim().ShouldBe("2677F4");
        (await RunAsync("crypto", "diversify", "--key", Key, "3133303030303030", "1122334455667788")).Output.Trim().ShouldBe("CC95C3BD916784DF82B7BB6CA4079AB7");
        var bad = await RunAsync("crypto", "sm4", "encrypt", "--key", Key, "0011");
        bad.ExitCode.ShouldBe(2);
        bad.Error.ShouldContain("16-byte blocks");
    }

    [Fact]
    public async Task CryptoSm2_KeygenSignVerify_AndATamperedMessageExitsOne()
    {
        var keys = (await RunAsync("crypto", "sm2", "keygen")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        var signature = (await RunAsync("crypto", "sm2", "sign", "--key", keys["private"], "--id", "ALICE123@YAHOO.COM", "CAFE")).Output.Trim();

        signature.Length.ShouldBe(128);
        var valid = await RunAsync("crypto", "sm2", "verify", "--pub", keys["public"], "--id", "ALICE123@YAHOO.COM", "--sig", signature, "CAFE");
        valid.ExitCode.ShouldBe(0, valid.Output + valid.Error);
        (await RunAsync("crypto", "sm2", "verify", "--pub", keys["public"], "--id", "ALICE123@YAHOO.COM", "--sig", signature, "CAFF")).ExitCode.ShouldBe(1);
        (await RunAsync("crypto", "sm2", "verify", "--pub", keys["public"], "--sig", signature, "CAFE")).ExitCode.ShouldBe(1); // default ID
        (await RunAsync("crypto", "sm2", "verify", "--pub", "00", "--sig", signature, "CAFE")).ExitCode.ShouldBe(2);
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => Hcard.RunAsync(_folder, arguments);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
