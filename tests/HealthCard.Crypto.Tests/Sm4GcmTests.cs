using HealthCard.Crypto.Sm4;

namespace HealthCard.Crypto.Tests;

public sealed class Sm4GcmTests
{
    private static readonly byte[] Key = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");

    // RFC 8998 Appendix A.1 (SM4-GCM).
    [Fact]
    public void Seal_Rfc8998Example()
    {
        var nonce = Convert.FromHexString("00001234567800000000ABCD");
        var aad = Convert.FromHexString("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        var plaintext = Convert.FromHexString(
            "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");

        var sealedData = Sm4Gcm.Seal(Key, nonce, plaintext, aad);

        Convert.ToHexString(sealedData.AsSpan(Sm4Gcm.NonceSize, plaintext.Length)).ShouldBe(
            "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D");
        Convert.ToHexString(sealedData.AsSpan(Sm4Gcm.NonceSize + plaintext.Length)).ShouldBe("83DE3541E4C2B58177E065A9BF7B62EC");
        Sm4Gcm.TryDecrypt(Key, sealedData, aad, out var opened).ShouldBeTrue();
        opened.ShouldBe(plaintext);
    }

    [Fact]
    public void Encrypt_UsesAFreshNonceEveryTime()
    {
        var a = Sm4Gcm.Encrypt(Key, "13912345678"u8, "ctx"u8);
        var b = Sm4Gcm.Encrypt(Key, "13912345678"u8, "ctx"u8);

        a.ShouldNotBe(b);
    }

    [Fact]
    public void TryDecrypt_RefusesTamperedDataWrongContextAndWrongKey()
    {
        var sealedData = Sm4Gcm.Encrypt(Key, "13912345678"u8, "resident/1/details"u8);
        var flipped = (byte[])sealedData.Clone();
        flipped[Sm4Gcm.NonceSize] ^= 1;
        var otherKey = (byte[])Key.Clone();
        otherKey[0] ^= 1;

        Sm4Gcm.TryDecrypt(Key, flipped, "resident/1/details"u8, out _).ShouldBeFalse();
        Sm4Gcm.TryDecrypt(Key, sealedData, "resident/2/details"u8, out _).ShouldBeFalse();
        Sm4Gcm.TryDecrypt(otherKey, sealedData, "resident/1/details"u8, out _).ShouldBeFalse();
        Sm4Gcm.TryDecrypt(Key, sealedData.AsSpan(0, 10), "resident/1/details"u8, out _).ShouldBeFalse();
        Sm4Gcm.TryDecrypt(Key, sealedData, "resident/1/details"u8, out var plaintext).ShouldBeTrue();
        plaintext.ShouldBe("13912345678"u8.ToArray());
    }
}
