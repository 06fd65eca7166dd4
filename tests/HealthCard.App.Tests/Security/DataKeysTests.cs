using System.Text;
using HealthCard.App.Security;

namespace HealthCard.App.Tests.Security;

public sealed class DataKeysTests : IDisposable
{
    private const string Kek = "00112233445566778899AABBCCDDEEFF";
    private readonly string _folder = Directory.CreateTempSubdirectory("hc-keys-").FullName;

    private string KeyFile => Path.Combine(_folder, "healthcard.keys");

    [Fact]
    public void LoadOrCreate_CreatesAnOwnerOnlyFile_AndLoadsTheSameKeysAgain()
    {
        byte[] sealedValue;
        using (var keys = DataKeys.LoadOrCreate(KeyFile, null))
        {
            sealedValue = new PersonalDataProtector(keys).Protect("110105194912310021", "resident/1/idNumber");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(KeyFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        using var reloaded = DataKeys.LoadOrCreate(KeyFile, null);
        new PersonalDataProtector(reloaded).Unprotect(sealedValue, "resident/1/idNumber").ShouldBe("110105194912310021");
    }

    [Fact]
    public void WithAKeyEncryptionKey_TheFileHoldsOnlyWrappedKeys_AndOtherKeksAreRefused()
    {
        using (var keys = DataKeys.LoadOrCreate(KeyFile, Kek))
        {
            var unwrapped = Convert.ToBase64String(keys.EncryptionKey.ToArray());
            File.ReadAllText(KeyFile).ShouldNotContain(unwrapped);
        }

        Should.Throw<InvalidOperationException>(() => DataKeys.LoadOrCreate(KeyFile, "FFEEDDCCBBAA99887766554433221100"))
            .Message.ShouldContain("does not open");
        Should.Throw<InvalidOperationException>(() => DataKeys.LoadOrCreate(KeyFile, null)).Message.ShouldContain("wrapped");
        Should.Throw<InvalidOperationException>(() => DataKeys.LoadOrCreate(Path.Combine(_folder, "other.keys"), "not-hex"))
            .Message.ShouldContain("32 hex");
        using var again = DataKeys.LoadOrCreate(KeyFile, Kek);
        again.KeyId.ShouldBe((byte)1);
    }

    [Fact]
    public void Protect_IsBoundToItsContext_AndBlindIndexNormalisesTheNumber()
    {
        using var keys = DataKeys.LoadOrCreate(KeyFile, null);
        var protector = new PersonalDataProtector(keys);
        var sealedValue = protector.Protect("13912345678", "resident/1/details");

        Should.Throw<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(sealedValue, "resident/2/details"));
        Encoding.UTF8.GetString(sealedValue).ShouldNotContain("13912345678");
        protector.IdNumberIndex("11010519491231002x").ShouldBe(protector.IdNumberIndex(" 11010519491231002X "));
        protector.IdNumberIndex("11010519491231002X").ShouldNotBe(protector.IdNumberIndex("110105194912310021"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
