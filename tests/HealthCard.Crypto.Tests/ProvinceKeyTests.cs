using System.Text;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Crypto.Sm3;

namespace HealthCard.Crypto.Tests;

public sealed class ProvinceKeyTests
{
    [Fact]
    public void ProvinceDiversifier_IsPR_Province_0000_AndNeverACityDiversifier()
    {
        Encoding.ASCII.GetString(KeyDerivation.ProvinceDiversifier("13")).ShouldBe("PR130000");
        for (var p = 10; p <= 99; p++)
        {
            var province = KeyDerivation.ProvinceDiversifier($"{p}");
            province.Length.ShouldBe(KeyDerivation.DiversifierSize);
            for (var c = 10; c <= 99; c++)
            {
                province.ShouldNotBe(KeyDerivation.CityDiversifier($"{c}0100"));
            }
        }
        Should.Throw<ArgumentException>(() => KeyDerivation.ProvinceDiversifier("1"));
        Should.Throw<ArgumentException>(() => KeyDerivation.ProvinceDiversifier("AB"));
    }

    [Fact]
    public void ProvincialKeys_DifferByProvince_AndFromTheNationalMaster()
    {
        var national = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");

        var hebei = KeyDerivation.Diversify(national, KeyDerivation.ProvinceDiversifier("13"));
        var beijing = KeyDerivation.Diversify(national, KeyDerivation.ProvinceDiversifier("11"));

        hebei.ShouldNotBe(beijing);
        hebei.ShouldNotBe(national);
        KeyDerivation.CheckValue(hebei).ShouldNotBe(KeyDerivation.CheckValue(beijing));
    }

    [Fact]
    public void PublicKeyCheckValue_IsTheFirstThreeBytesOfSm3OfThePublicKey()
    {
        using var key = Sm2Algorithm.GenerateKey();

        KeyDerivation.PublicKeyCheckValue(key.PublicKey).ShouldBe(Sm3Hash.Hash(key.PublicKey)[..3]);
        Should.Throw<ArgumentException>(() => KeyDerivation.PublicKeyCheckValue(new byte[65]));
    }
}
