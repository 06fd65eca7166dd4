using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using HealthCard.App.Features.ElectronicCards;
using HealthCard.Crypto.Sm2;

namespace HealthCard.App.Tests.ElectronicCards;

/// <summary>
/// The HC1 code format and its offline verification with only the platform's public key (ADR 015): every refusal has
/// its own code, and the signature covers every field, the key version included.
/// </summary>
public sealed class ElectronicCardCodeTests : IDisposable
{
    private const string CardNumber = "13010519800101001X";
    private const string Serial = "1300000042";
    private static readonly DateTimeOffset IssuedAt = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiresAt = IssuedAt.AddMinutes(5);

    private readonly Sm2PrivateKey _platform = Sm2Algorithm.GenerateKey();

    public void Dispose() => _platform.Dispose();

    private string Code(int keyVersion = 3, DateTimeOffset? issuedAt = null, DateTimeOffset? expiresAt = null, Sm2PrivateKey? key = null)
    {
        var text = ElectronicCardCode.SignedText(CardNumber, Serial, issuedAt ?? IssuedAt, expiresAt ?? ExpiresAt, keyVersion);
        return ElectronicCardCode.Attach(text, Sm2Algorithm.Sign(key ?? _platform, Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Verify_RoundTrip_ReturnsWhatWasSigned()
    {
        var code = Code();

        var verified = ElectronicCardCode.Verify(code, _platform.PublicKey, IssuedAt.AddMinutes(1), keyVersion: 3);

        verified.IsSuccess.ShouldBeTrue(verified.Error?.ToString());
        verified.Value.ShouldBe(new ElectronicCardClaims(CardNumber, Serial, IssuedAt, ExpiresAt, 3));
        code.ShouldStartWith($"HC1:{CardNumber}:{Serial}:{IssuedAt.ToUnixTimeSeconds()}:{ExpiresAt.ToUnixTimeSeconds()}:3:");
        // QR alphanumeric mode only (ISO/IEC 18004), so the symbol stays small.
        Regex.IsMatch(code, "^[0-9A-Z $%*+./:-]+$").ShouldBeTrue(code);
        code.Length.ShouldBeLessThan(200);
    }

    [Fact]
    public void Verify_WhenExpired_FailsWithQrExpired()
    {
        var code = Code();

        ElectronicCardCode.Verify(code, _platform.PublicKey, ExpiresAt.AddSeconds(-1)).IsSuccess.ShouldBeTrue();
        ElectronicCardCode.Verify(code, _platform.PublicKey, ExpiresAt).Error!.Code.ShouldBe("qr.expired");
        ElectronicCardCode.Verify(code, _platform.PublicKey, ExpiresAt.AddDays(3)).Error!.Code.ShouldBe("qr.expired");
    }

    [Fact]
    public void Verify_WhenIssuedInTheFuture_FailsWithQrNotYetValid()
    {
        var code = Code();

        ElectronicCardCode.Verify(code, _platform.PublicKey, IssuedAt - ElectronicCardCode.MaxClockSkew).IsSuccess.ShouldBeTrue();
        ElectronicCardCode.Verify(code, _platform.PublicKey, IssuedAt - ElectronicCardCode.MaxClockSkew - TimeSpan.FromSeconds(1))
            .Error!.Code.ShouldBe("qr.not_yet_valid");
    }

    [Theory]
    [InlineData(4)]   // card number
    [InlineData(23)]  // serial
    [InlineData(43)]  // issue time, last digit
    [InlineData(54)]  // expiry time, last digit
    [InlineData(56)]  // key version
    [InlineData(60)]  // signature
    [InlineData(185)] // signature, last character
    public void Verify_WhenACharacterIsAltered_FailsWithQrBadSignature(int position)
    {
        var code = Code(keyVersion: 3);
        var altered = code.ToCharArray();
        // Another character of the same kind, so that the code stays well formed and only the signature can tell.
        altered[position] = altered[position] switch
        {
            '9' => '8',
            'A' => 'B', // the signature is hex: 'A' - 1 would be '@', a malformed code rather than a forged one
            'F' => 'E',
            var c when char.IsAsciiDigit(c) => (char)(c + 1),
            var c => (char)(c - 1),
        };
        var text = new string(altered);
        text.ShouldNotBe(code);
        ElectronicCardCode.Read(text).IsSuccess.ShouldBeTrue(text);

        ElectronicCardCode.Verify(text, _platform.PublicKey, IssuedAt.AddMinutes(1)).Error!.Code.ShouldBe("qr.bad_signature");
    }

    [Fact]
    public void Verify_WithAnotherKeyVersionOrKey_FailsWithQrUnknownKeyOrQrBadSignature()
    {
        var code = Code(keyVersion: 3);
        using var stranger = Sm2Algorithm.GenerateKey();

        ElectronicCardCode.Verify(code, _platform.PublicKey, IssuedAt, keyVersion: 2).Error!.Code.ShouldBe("qr.unknown_key");
        ElectronicCardCode.Verify(code, stranger.PublicKey, IssuedAt).Error!.Code.ShouldBe("qr.bad_signature");
        // Signed by another key under the platform's version number: still not the platform's signature.
        ElectronicCardCode.Verify(Code(keyVersion: 3, key: stranger), _platform.PublicKey, IssuedAt, keyVersion: 3).Error!.Code.ShouldBe("qr.bad_signature");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("https://example.org/HC1")]
    [InlineData("HC1:13010519800101001X:1300000042")]
    [InlineData("HC1:130105198001010 1X:1300000042:1795334400:1795334700:3:" + Sig)]
    [InlineData("HC1:13010519800101001X:130000004:1795334400:1795334700:3:" + Sig)]
    [InlineData("HC1:13010519800101001X:1300000042:1795334700:1795334400:3:" + Sig)]
    [InlineData("HC1:13010519800101001X:1300000042:1795334400:1795334700:0:" + Sig)]
    [InlineData("HC1:13010519800101001X:1300000042:1795334400:1795334700:3:ABCD")]
    [InlineData("HC1:13010519800101001X:1300000042:1795334400:1795334700:3:" + Sig + ":X")]
    [InlineData("HC1:13010519800101001X:1300000042:1795334400:1795334700:-3:" + Sig)]
    public void Read_WhenNotAWellFormedCode_FailsWithQrMalformed(string? text)
    {
        var read = ElectronicCardCode.Read(text);

        read.Error!.Code.ShouldBe("qr.malformed");
        read.Error.ShouldBeOfType<Domain.Common.ValidationFailed>().Fields.Keys.ShouldBe(["code"]);
        using var key = Sm2Algorithm.GenerateKey();
        ElectronicCardCode.Verify(text, key.PublicKey, IssuedAt).Error!.Code.ShouldBe("qr.malformed");
    }

    [Fact]
    public void Read_ALaterFormatVersion_FailsWithQrUnsupportedVersion()
    {
        ElectronicCardCode.Read("HC2:ANYTHING").Error!.Code.ShouldBe("qr.unsupported_version");
        ElectronicCardCode.Read(Code().Replace("HC1:", "HC7:", StringComparison.Ordinal)).Error!.Code.ShouldBe("qr.unsupported_version");
    }

    [Fact]
    public void Png_IsAQrImageOfTheCode()
    {
        var png = ElectronicCardImage.Png(Code(), pixelsPerModule: 4);

        png.AsSpan(0, 8).ToArray().ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        Encoding.ASCII.GetString(png, 12, 4).ShouldBe("IHDR");
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        width.ShouldBe(height);
        (width % 4).ShouldBe(0);
        // Alphanumeric mode keeps the symbol at version 10 (57 modules) or smaller, plus the 4-module quiet zone each side.
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(Code(), QRCoder.QRCodeGenerator.ECCLevel.M);
        data.Version.ShouldBeLessThanOrEqualTo(10);
        (width / 4).ShouldBe(17 + 4 * data.Version + 8);
    }

    private const string Sig = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";
}
