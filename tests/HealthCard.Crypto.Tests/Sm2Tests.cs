using System.Text;
using HealthCard.Crypto.Sm2;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace HealthCard.Crypto.Tests;

public sealed class Sm2Tests
{
    // GB/T 32918 (GM/T 0003) Appendix A: the 256-bit prime-field test curve, the signer "ALICE123@YAHOO.COM", the
    // message "message digest", private key dA, and the fixed random k of the worked example.
    private static readonly ECDomainParameters ExampleCurve = CreateExampleCurve();
    private const string ExampleD = "128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263";
    private const string ExampleK = "6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F";
    private const string ExampleR = "40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1";
    private const string ExampleS = "6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7";
    private const string ExampleId = "ALICE123@YAHOO.COM";
    private static readonly byte[] ExampleMessage = Encoding.ASCII.GetBytes("message digest");

    [Fact]
    public void Sign_StandardExample_GivesThePublishedRAndS()
    {
        using var key = Sm2PrivateKey.Import(Convert.FromHexString(ExampleD), ExampleCurve);

        var signature = Sm2Algorithm.Sign(key, ExampleMessage, ExampleId, PlainDsaEncoding.Instance, new FixedRandom(ExampleK));

        Convert.ToHexString(signature).ShouldBe(ExampleR + ExampleS);
        Sm2Algorithm.Verify(key.PublicKey, ExampleMessage, signature, ExampleId, PlainDsaEncoding.Instance, ExampleCurve).ShouldBeTrue();
    }

    [Fact]
    public void Verify_RefusesTamperedMessageWrongIdAndOutOfRangeValues()
    {
        using var key = Sm2PrivateKey.Import(Convert.FromHexString(ExampleD), ExampleCurve);
        var signature = Convert.FromHexString(ExampleR + ExampleS);
        bool Check(byte[] message, byte[] sig, string id) => Sm2Algorithm.Verify(key.PublicKey, message, sig, id, PlainDsaEncoding.Instance, ExampleCurve);

        Check(ExampleMessage, signature, ExampleId).ShouldBeTrue();
        Check(Encoding.ASCII.GetBytes("message digesT"), signature, ExampleId).ShouldBeFalse();
        Check(ExampleMessage, signature, "BOB123@YAHOO.COM").ShouldBeFalse();
        Check(ExampleMessage, signature, Sm2Algorithm.DefaultUserId).ShouldBeFalse();
        Check(ExampleMessage, Convert.FromHexString(new string('0', 64) + ExampleS), ExampleId).ShouldBeFalse(); // r = 0
        var n = ExampleCurve.N.ToByteArrayUnsigned();
        Check(ExampleMessage, [.. Convert.FromHexString(ExampleR), .. n], ExampleId).ShouldBeFalse(); // s = n
        Check(ExampleMessage, [.. Convert.FromHexString(ExampleR), .. Enumerable.Repeat((byte)0xFF, 32)], ExampleId).ShouldBeFalse(); // s > n
        Check(ExampleMessage, signature[..63], ExampleId).ShouldBeFalse();
    }

    // GB/T 32918.4 Appendix A: encryption of "encryption standard" on the test curve with the example's k. The
    // published ciphertext is C1 ‖ C2 ‖ C3; the current standard orders it C1 ‖ C3 ‖ C2, which is what we produce.
    [Fact]
    public void Encrypt_StandardExample_GivesThePublishedCiphertextInC1C3C2Order()
    {
        const string C1 = "04245C26FB68B1DDDDB12C4B6BF9F2B6D5FE60A383B0D18D1C4144ABF17F6252E776CB9264C2A7E88E52B19903FDC47378F605E36811F5C07423A24B84400F01B8";
        const string C2 = "650053A89B41C418B0C3AAD00D886C00286467";
        const string C3 = "9C3D7360C30156FAB7C80A0276712DA9D8094A634B766D3A285E07480653426D";
        using var key = Sm2PrivateKey.Import(Convert.FromHexString("1649AB77A00637BD5E2EFE283FBF353534AA7F7CB89463F208DDBC2920BB0DA0"), ExampleCurve);
        var plaintext = Encoding.ASCII.GetBytes("encryption standard");

        var ciphertext = Sm2Algorithm.Encrypt(Sm2Algorithm.PublicPoint(key.PublicKey, ExampleCurve), ExampleCurve, plaintext,
            new FixedRandom("4C62EEFD6ECFC2B95B92FD6C3D9575148AFA17425546D49018E5388D49DD7B4F"));

        Convert.ToHexString(ciphertext).ShouldBe(C1 + C3 + C2);
        Sm2Algorithm.TryDecrypt(key, ciphertext, out var decrypted).ShouldBeTrue();
        decrypted.ShouldBe(plaintext);
        ciphertext[70] ^= 1; // inside C3
        Sm2Algorithm.TryDecrypt(key, ciphertext, out _).ShouldBeFalse();
    }

    [Fact]
    public void RecommendedCurve_SignVerifyEncryptDecrypt_RoundTrip()
    {
        using var key = Sm2Algorithm.GenerateKey();
        var message = Encoding.UTF8.GetBytes("居民健康卡");

        var signature = Sm2Algorithm.Sign(key, message);
        var der = Sm2Algorithm.SignDer(key, message, "1234567812345678");

        signature.Length.ShouldBe(64);
        Sm2Algorithm.Verify(key.PublicKey, message, signature).ShouldBeTrue();
        Sm2Algorithm.VerifyDer(key.PublicKey, message, der).ShouldBeTrue();
        Sm2Algorithm.Verify([0x04, .. key.PublicKey], message, signature).ShouldBeTrue();
        Sm2Algorithm.VerifyDer(key.PublicKey, message, der.AsSpan(0, der.Length - 1)).ShouldBeFalse();
        Sm2Algorithm.TryDecrypt(key, Sm2Algorithm.Encrypt(key.PublicKey, message), out var plaintext).ShouldBeTrue();
        plaintext.ShouldBe(message);
        Span<byte> exported = stackalloc byte[32];
        key.WriteTo(exported);
        using var again = Sm2PrivateKey.Import(exported);
        again.PublicKey.ShouldBe(key.PublicKey);
    }

    [Fact]
    public void PublicKey_NotOnTheCurve_IsRefused()
    {
        using var key = Sm2Algorithm.GenerateKey();
        var signature = Sm2Algorithm.Sign(key, [1, 2, 3]);
        var bent = key.PublicKey.ToArray();
        bent[63] ^= 1;

        Sm2Algorithm.Verify(bent, [1, 2, 3], signature).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => Sm2Algorithm.Encrypt(bent, [1]));
    }

    private static ECDomainParameters CreateExampleCurve()
    {
        var p = new BigInteger("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3", 16);
        var a = new BigInteger("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498", 16);
        var b = new BigInteger("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A", 16);
        var n = new BigInteger("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7", 16);
        var curve = new FpCurve(p, a, b, n, BigInteger.One);
        var g = curve.CreatePoint(
            new BigInteger("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D", 16),
            new BigInteger("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2", 16));
        return new ECDomainParameters(curve, g, n, BigInteger.One);
    }
}

public sealed class Sm2DigestSigningTests
{
    [Fact]
    public void SignDigest_OfTheMessageDigest_VerifiesAsAnOrdinarySignature()
    {
        using var key = Sm2Algorithm.GenerateKey();
        var record = new byte[1639];
        new Random(1).NextBytes(record);

        var e = Sm2Algorithm.Digest(key.PublicKey, record);
        var signature = Sm2Algorithm.SignDigest(key, e);

        Sm2Algorithm.Verify(key.PublicKey, record, signature).ShouldBeTrue();
        record[0] ^= 1;
        Sm2Algorithm.Verify(key.PublicKey, record, signature).ShouldBeFalse();
        Sm2Algorithm.Digest(key.PublicKey, record, "ALICE123@YAHOO.COM").ShouldNotBe(Sm2Algorithm.Digest(key.PublicKey, record));
    }
}
