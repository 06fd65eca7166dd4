using HealthCard.Crypto.Sm4;

namespace HealthCard.Crypto.Tests;

public sealed class Sm4BlockTests
{
    private static readonly byte[] Key = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");

    // GB/T 32907-2016 Appendix A, examples 1 and 2 (the key doubles as the plaintext).
    [Fact]
    public void EncryptEcb_StandardExample1()
    {
        Convert.ToHexString(Sm4Block.EncryptEcb(Key, Key)).ShouldBe("681EDF34D206965E86B3E94F536E4246");
        Sm4Block.DecryptEcb(Key, Convert.FromHexString("681EDF34D206965E86B3E94F536E4246")).ShouldBe(Key);
    }

    [Fact]
    public void EncryptEcb_StandardExample2_OneMillionTimes()
    {
        var block = Key;
        for (var i = 0; i < 1_000_000; i++)
        {
            block = Sm4Block.EncryptEcb(Key, block);
        }

        Convert.ToHexString(block).ShouldBe("595298C7C6FD271F0402F804C33D3F66");
    }

    // Expected values computed independently with OpenSSL 3 (Python cryptography, algorithms.SM4).
    [Fact]
    public void Cbc_MatchesAnIndependentImplementation()
    {
        var iv = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var plaintext = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var ciphertext = Sm4Block.EncryptCbc(Key, iv, plaintext);

        Convert.ToHexString(ciphertext).ShouldBe("2677F46B09C122CC975533105BD4A22AD9EE98830E69745C9827F934A19621F8");
        Sm4Block.DecryptCbc(Key, iv, ciphertext).ShouldBe(plaintext);
    }

    [Theory]
    [InlineData(20, "856D69DE52FA1E74A348FE93D6787131")]
    [InlineData(16, "6001C40D2A75DA5494074C5B48A5579C")] // a whole block still gets a padding block
    public void Mac_IsCbcMacWithIso9797Method2Padding(int length, string expected)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        var mac = Sm4Block.Mac(Key, data);

        Convert.ToHexString(mac).ShouldBe(expected);
        Sm4Block.MacMatches(mac, mac.AsSpan(0, 4)).ShouldBeTrue();
        Sm4Block.MacMatches(mac, [.. mac.AsSpan(0, 3), (byte)(mac[3] ^ 1)]).ShouldBeFalse();
        Sm4Block.MacMatches(mac, mac.AsSpan(0, 3)).ShouldBeFalse();
    }

    [Fact]
    public void Padding_RoundTripsAndRejectsGarbage()
    {
        Sm4Block.Pad([]).ShouldBe([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        Sm4Block.TryUnpad(Sm4Block.Pad([1, 2, 3]), out var data).ShouldBeTrue();
        data.ToArray().ShouldBe([1, 2, 3]);
        Sm4Block.TryUnpad(new byte[16], out _).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => Sm4Block.EncryptEcb(Key, new byte[15]));
    }
}
