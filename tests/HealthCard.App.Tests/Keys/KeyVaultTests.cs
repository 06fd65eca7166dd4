using System.Security.Cryptography;
using System.Text;
using HealthCard.App.Features.Keys;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm4;

namespace HealthCard.App.Tests.Keys;

/// <summary>The seal: M of N shares rebuild the KEK, M − 1 do not, and a wrong set is recognised by the ceremony's check.</summary>
public sealed class KeyVaultTests
{
    private static (byte[] Kek, KeyCeremonyRecord Ceremony, IReadOnlyList<SecretShare> Shares) Ceremony(int threshold, int custodians)
    {
        var kek = RandomNumberGenerator.GetBytes(16);
        var ceremony = new KeyCeremonyRecord
        {
            Name = KeyCeremonyRecord.PlatformName,
            Threshold = threshold,
            Custodians = custodians,
            KekCheckValue = Convert.ToHexString(KeyDerivation.CheckValue(kek)),
            Verifier = Sm4Gcm.Encrypt(kek, new byte[16], Encoding.UTF8.GetBytes(KeyVault.VerifierIdentity)),
            CreatedBy = "test",
        };
        return (kek, ceremony, SecretSharing.Split(kek, threshold, custodians));
    }

    private static SecretShare Copy(SecretShare share) => new(share.X, share.Y.ToArray());

    [Fact]
    public void AnyMOfN_Unseals_AndTheVaultWrapsUnderTheRealKek()
    {
        var (kek, ceremony, shares) = Ceremony(3, 5);
        using var vault = new KeyVault();

        vault.Submit(Copy(shares[4]), ceremony).ShouldBe(new UnsealProgress(true, 1, 3));
        vault.Submit(Copy(shares[0]), ceremony).ShouldBe(new UnsealProgress(true, 2, 3));
        vault.IsUnsealed.ShouldBeFalse();
        vault.Submit(Copy(shares[2]), ceremony).Sealed.ShouldBeFalse();

        vault.IsUnsealed.ShouldBeTrue();
        var wrapped = vault.Wrap([1, 2, 3], "k|v1|transport");
        KeyWrap.Unwrap(kek, wrapped, "k|v1|transport").ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Fact]
    public void TheSameCustodianTwice_CountsOnce()
    {
        var (_, ceremony, shares) = Ceremony(2, 3);
        using var vault = new KeyVault();

        vault.Submit(Copy(shares[1]), ceremony);
        vault.Submit(Copy(shares[1]), ceremony).ShouldBe(new UnsealProgress(true, 1, 2));
        vault.IsUnsealed.ShouldBeFalse();
    }

    [Fact]
    public void MMinusOneShares_RebuildAWrongKey_ThatTheCheckRefuses()
    {
        var (kek, ceremony, shares) = Ceremony(3, 5);

        var fromTwo = SecretSharing.Combine([shares[0], shares[1]]);

        fromTwo.ShouldNotBe(kek);
        KeyVault.Matches(fromTwo, ceremony).ShouldBeFalse();
        KeyVault.Matches(kek, ceremony).ShouldBeTrue();
    }

    [Fact]
    public void AWrongSet_IsDiscardedWhole_AndSealClearsTheKek()
    {
        var (_, ceremony, shares) = Ceremony(2, 3);
        var (_, _, otherShares) = Ceremony(2, 3); // another ceremony's share: right form, wrong key
        using var vault = new KeyVault();

        vault.Submit(Copy(shares[0]), ceremony);
        var wrong = vault.Submit(Copy(otherShares[1]), ceremony);

        wrong.ShouldBe(new UnsealProgress(true, 0, 2, WrongShares: true));
        vault.PendingShares.ShouldBe(0);
        vault.Submit(Copy(shares[0]), ceremony);
        vault.Submit(Copy(shares[2]), ceremony).Sealed.ShouldBeFalse();
        vault.Seal();
        vault.IsUnsealed.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => vault.Wrap([1], "x"));
    }

    [Fact]
    public void SubmittedShares_AreZeroedOnceUsed()
    {
        var (_, ceremony, shares) = Ceremony(2, 2);
        using var vault = new KeyVault();
        var first = Copy(shares[0]);
        var second = Copy(shares[1]);

        vault.Submit(first, ceremony);
        vault.Submit(second, ceremony);

        first.Y.ShouldAllBe(b => b == 0);
        second.Y.ShouldAllBe(b => b == 0);
    }

    [Fact]
    public void AForgedShare_IsRefusedOnItsOwn_AndTheGoodSharesAlreadyGivenAreKept()
    {
        var (kek, ceremony, shares) = Ceremony(3, 5);
        ceremony.Id = Guid.NewGuid();
        ceremony.ShareCheckValues = KeyVault.ShareCheckValues(ceremony.Id, shares);
        var (_, _, otherShares) = Ceremony(3, 5);
        using var vault = new KeyVault();

        vault.Submit(Copy(shares[0]), ceremony).ShouldBe(new UnsealProgress(true, 1, 3));
        vault.Submit(Copy(shares[1]), ceremony).ShouldBe(new UnsealProgress(true, 2, 3));
        // The attack: one forged share (right form, right custodian number, wrong value) at the last step.
        var forged = vault.Submit(Copy(otherShares[2]), ceremony);
        var altered = Copy(shares[3]);
        altered.Y[0] ^= 1;

        forged.ShouldBe(new UnsealProgress(true, 2, 3, BadShare: true));
        vault.Submit(altered, ceremony).BadShare.ShouldBeTrue();
        vault.Submit(new SecretShare(9, Copy(shares[4]).Y), ceremony).BadShare.ShouldBeTrue(); // no such custodian
        vault.PendingShares.ShouldBe(2);
        vault.IsUnsealed.ShouldBeFalse();
        vault.Submit(Copy(shares[4]), ceremony).Sealed.ShouldBeFalse();
        KeyWrap.Unwrap(kek, vault.Wrap([7], "k|v1|transport"), "k|v1|transport").ShouldBe(new byte[] { 7 });
    }

    [Fact]
    public void AShareCheckValue_ConfirmsOnlyThatShare_OfThatCeremony()
    {
        var (_, _, shares) = Ceremony(2, 3);
        var id = Guid.NewGuid();

        var check = KeyVault.ShareCheckValue(id, shares[0]);

        check.Length.ShouldBe(32);
        KeyVault.ShareCheckValue(id, shares[1]).ShouldNotBe(check);
        KeyVault.ShareCheckValue(Guid.NewGuid(), shares[0]).ShouldNotBe(check);
        KeyVault.ShareCheckValues(id, shares).AsSpan(0, 32).ToArray().ShouldBe(check);
    }
}
