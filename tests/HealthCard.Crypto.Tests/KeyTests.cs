using System.Security.Cryptography;
using HealthCard.Crypto.Keys;

namespace HealthCard.Crypto.Tests;

public sealed class KeyTests
{
    private static readonly byte[] Parent = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");
    private static readonly byte[] CardDiversifier = Convert.FromHexString("1122334455667788");

    // Expected values computed independently with OpenSSL 3: SM4_enc(parent, D ‖ ~D).
    [Fact]
    public void Diversify_OneLevel()
    {
        Convert.ToHexString(KeyDerivation.Diversify(Parent, CardDiversifier)).ShouldBe("7904DC533E8BCA0C93D3C36DC8328866");
    }

    [Fact]
    public void Diversify_TwoLevels_CityThenCard()
    {
        var city = KeyDerivation.CityDiversifier("130100");

        city.ShouldBe("13000000"u8.ToArray());
        Convert.ToHexString(KeyDerivation.Diversify(Parent, city)).ShouldBe("681D788D94701D051FF859D64E143F74");
        Convert.ToHexString(KeyDerivation.Diversify(Parent, city, CardDiversifier)).ShouldBe("CC95C3BD916784DF82B7BB6CA4079AB7");
    }

    [Fact]
    public void CheckValue_IsTheFirstThreeBytesOfTheZeroBlockEncrypted()
    {
        Convert.ToHexString(KeyDerivation.CheckValue(Parent)).ShouldBe("2677F4");
    }

    [Fact]
    public void Wrap_OpensOnlyWithTheSameKekAndIdentity()
    {
        var kek = RandomNumberGenerator.GetBytes(16);
        var wrapped = KeyWrap.Wrap(kek, Parent, "province-13/UK1DF01/v1");

        KeyWrap.Unwrap(kek, wrapped, "province-13/UK1DF01/v1").ShouldBe(Parent);
        Should.Throw<CryptographicException>(() => KeyWrap.Unwrap(kek, wrapped, "province-13/UK1DF01/v2"));
        Should.Throw<CryptographicException>(() => KeyWrap.Unwrap(RandomNumberGenerator.GetBytes(16), wrapped, "province-13/UK1DF01/v1"));
        wrapped.AsSpan().IndexOf(Parent).ShouldBe(-1);
    }
}
