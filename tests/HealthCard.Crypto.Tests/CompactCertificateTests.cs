using HealthCard.Crypto.Certificates;
using HealthCard.Crypto.Sm2;

namespace HealthCard.Crypto.Tests;

public sealed class CompactCertificateTests
{
    private static readonly DateOnly From = new(2026, 1, 1);
    private static readonly DateOnly To = new(2035, 12, 31);

    [Fact]
    public void Chain_RootIssuerSam_Verifies_AndEveryBreakIsNamed()
    {
        using var root = Sm2Algorithm.GenerateKey();
        using var issuerKey = Sm2Algorithm.GenerateKey();
        using var samKey = Sm2Algorithm.GenerateKey();
        var issuer = CompactCertificate.Issue("ISSUER-1301", "CN-ROOT", From, To, CertificateUsage.Issuer, issuerKey.PublicKey, null, root);
        var sam = CompactCertificate.Issue("SAM-0001", "ISSUER-1301", From, To, CertificateUsage.Sam, samKey.PublicKey, "1300000001", issuerKey);

        issuer.Length.ShouldBe(180);
        sam.Length.ShouldBe(190);
        CompactCertificate.VerifyChain(root.PublicKey, "CN-ROOT", issuer, sam, new DateOnly(2026, 11, 22)).ShouldBeNull();

        var parsed = CompactCertificate.Parse(sam);
        parsed.Subject.ShouldBe("SAM-0001");
        parsed.SamSerial.ShouldBe("1300000001");
        parsed.PublicKey.ShouldBe(samKey.PublicKey);
        parsed.ValidTo.ShouldBe(To);
        sam[33..37].ShouldBe(new byte[] { 0x20, 0x26, 0x01, 0x01 }); // valid from, packed BCD

        var tampered = sam.ToArray();
        tampered[50] ^= 1; // inside the certified public key
        CompactCertificate.VerifyChain(root.PublicKey, "CN-ROOT", issuer, tampered, From)!.ShouldContain("signature");
        using var stranger = Sm2Algorithm.GenerateKey();
        CompactCertificate.VerifyChain(stranger.PublicKey, "CN-ROOT", issuer, sam, From)!.ShouldContain("root key");
        CompactCertificate.VerifyChain(root.PublicKey, "OTHER-ROOT", issuer, sam, From)!.ShouldContain("not the root");
        CompactCertificate.VerifyChain(root.PublicKey, "CN-ROOT", issuer, sam, new DateOnly(2036, 1, 1))!.ShouldContain("not valid");
        CompactCertificate.VerifyChain(root.PublicKey, "CN-ROOT", sam, issuer, From).ShouldNotBeNull();
    }

    [Fact]
    public void Parse_RejectsMalformedBytes()
    {
        Should.Throw<FormatException>(() => CompactCertificate.Parse(new byte[179]));
        Should.Throw<FormatException>(() => CompactCertificate.Parse(new byte[180])); // version 0
        var bad = new byte[180];
        bad[0] = 1;
        bad[41] = (byte)CertificateUsage.Issuer;
        bad[33] = 0xAB; // not BCD
        Should.Throw<FormatException>(() => CompactCertificate.Parse(bad));
    }
}
