using HealthCard.Chip.Apdu;
using HealthCard.Chip.Virtual;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Crypto.Sm3;

namespace HealthCard.Chip.Tests.Virtual;

public sealed class VirtualSamTests
{
    private const string Pin = "123456";

    private static VirtualSam Sam(TestCard card, int type, Sm2PrivateKey? signingKey = null) =>
        new(type, "1300000001", card.SamMasters(), Pin, signingKey);

    private static ushort Status(byte[] response) => ResponseApdu.StatusOf(response);

    private static byte[] Send(VirtualSam sam, string hex) => sam.Transmit(Convert.FromHexString(hex));

    private static void VerifyPin(VirtualSam sam) => Status(Send(sam, "0020000006" + Convert.ToHexString("123456"u8))).ShouldBe(StatusWord.Ok);

    /// <summary>What a terminal does: card challenge → SAM derives the card key and encrypts → card verifies.</summary>
    private static ushort AuthenticateThroughSam(TestCard card, VirtualSam sam, byte samKeyIndex, string cityCode = TestCard.CityCode)
    {
        var slot = SamKeys.Slot(samKeyIndex)!;
        var diversifiers = slot.Levels == 1
            ? KeyDerivation.CardDiversifier(TestCard.ChipSerial)
            : [.. KeyDerivation.CityDiversifier(cityCode), .. KeyDerivation.CardDiversifier(TestCard.ChipSerial)];
        var diversified = Status(Send(sam, $"80DE00{samKeyIndex:X2}{diversifiers.Length:X2}{Convert.ToHexString(diversifiers)}"));
        if (diversified != StatusWord.Ok)
        {
            return diversified;
        }
        var challenge = card.Challenge();
        Status(Send(sam, $"80FA000010{Convert.ToHexString(challenge)}0000000000000000")).ShouldBe(StatusWord.MoreData(16));
        var c = ResponseApdu.DataOf(Send(sam, "00C0000010")).ToArray();
        var cryptogram = c[..8].Zip(c[8..], (a, b) => (byte)(a ^ b)).ToArray();
        return card.Send($"008200{slot.CardKeyReference:X2}11{Convert.ToHexString(cryptogram)}{Convert.ToHexString(challenge)}01");
    }

    [Fact]
    public void Type1Sam_AuthenticatesReads_ButCannotProduceAnUpdateCryptogram()
    {
        var card = new TestCard();
        var sam = Sam(card, type: 1);
        VerifyPin(sam);
        card.Select(0xDF02);

        sam.KeyIndexes.ShouldBe([0x31, 0x32, 0x33, 0x34]);
        AuthenticateThroughSam(card, sam, 0x33).ShouldBe(StatusWord.Ok);
        AuthenticateThroughSam(card, sam, 0x2E).ShouldBe(StatusWord.KeyNotFound);
        card.Select(0xEF07);
        card.Send("00DC000378" + new string('0', 240)).ShouldBe(StatusWord.SecurityNotSatisfied);
    }

    [Fact]
    public void Type2Sam_WritesAllergies_AndSetsIndexFlagsWithItsMac()
    {
        var card = new TestCard();
        var sam = Sam(card, type: 2);
        VerifyPin(sam);
        card.Select(0xDF02);
        AuthenticateThroughSam(card, sam, 0x2E).ShouldBe(StatusWord.Ok);
        card.Select(0xEF07);
        card.Send("00DC000378" + new string('1', 240)).ShouldBe(StatusWord.Ok);

        card.Select(0xDF03);
        card.Select(0xEF05);
        Status(Send(sam, "80DE002F10" + Convert.ToHexString([.. KeyDerivation.CityDiversifier(TestCard.CityCode), .. TestCard.ChipSerial]))).ShouldBe(StatusWord.Ok);
        var challenge = card.Challenge();
        var macInput = Convert.ToHexString([.. challenge, .. new byte[8], 0x84, 0xD2, 0x01, 0x04, 0x04]);
        Status(Send(sam, $"80FA0500{macInput.Length / 2:X2}{macInput}")).ShouldBe(StatusWord.MoreData(4));
        var mac = ResponseApdu.DataOf(Send(sam, "00C0000004")).ToArray();
        card.Send($"84D2010404{Convert.ToHexString(mac)}").ShouldBe(StatusWord.Ok);
    }

    [Fact]
    public void SamOfAnotherCity_FailsAuthentication()
    {
        var card = new TestCard();
        var sam = Sam(card, type: 2);
        VerifyPin(sam);
        card.Select(0xDF02);

        AuthenticateThroughSam(card, sam, 0x33, cityCode: "110100").ShouldBe(StatusWord.VerifyFailed(2));
    }

    [Fact]
    public void Pin_IsRequiredForCrypto_CountsDown_AndCanBeChanged()
    {
        var card = new TestCard();
        var sam = Sam(card, type: 1);

        Status(Send(sam, "80DE003308" + Convert.ToHexString(TestCard.ChipSerial))).ShouldBe(StatusWord.SecurityNotSatisfied);
        Status(Send(sam, "0020000006" + Convert.ToHexString("654321"u8))).ShouldBe(StatusWord.VerifyFailed(2));
        Status(Send(sam, "805E01000D" + Convert.ToHexString("123456"u8) + "FF" + Convert.ToHexString("888888"u8))).ShouldBe(StatusWord.Ok);
        Status(Send(sam, "0020000006" + Convert.ToHexString("123456"u8))).ShouldBe(StatusWord.VerifyFailed(2));
        Status(Send(sam, "0020000006" + Convert.ToHexString("888888"u8))).ShouldBe(StatusWord.Ok);
        Status(Send(sam, "0020000006" + Convert.ToHexString("000000"u8))).ShouldBe(StatusWord.VerifyFailed(2));
        Status(Send(sam, "0020000006" + Convert.ToHexString("000000"u8))).ShouldBe(StatusWord.VerifyFailed(1));
        Status(Send(sam, "0020000006" + Convert.ToHexString("000000"u8))).ShouldBe(StatusWord.AuthenticationBlocked);
        Status(Send(sam, "0020000006" + Convert.ToHexString("888888"u8))).ShouldBe(StatusWord.AuthenticationBlocked);
    }

    [Fact]
    public void Sm3AndSm2Services_AndPublicFiles()
    {
        var card = new TestCard();
        using var signing = Sm2Algorithm.GenerateKey();
        var sam = Sam(card, type: 2, signing);
        VerifyPin(sam);
        var record = new byte[200];
        new Random(3).NextBytes(record);

        Status(Send(sam, $"80B40000C8{Convert.ToHexString(record)}")).ShouldBe(StatusWord.MoreData(32));
        ResponseApdu.DataOf(Send(sam, "00C0000020")).ToArray().ShouldBe(Sm3Hash.Hash(record));
        var e = Sm2Algorithm.Digest(signing.PublicKey, record);
        Status(Send(sam, $"80B6000020{Convert.ToHexString(e)}")).ShouldBe(StatusWord.MoreData(64));
        var signature = ResponseApdu.DataOf(Send(sam, "00C0000040")).ToArray();
        Sm2Algorithm.Verify(signing.PublicKey, record, signature).ShouldBeTrue();

        var info = ResponseApdu.DataOf(Send(sam, "00B095000E")).ToArray();
        System.Text.Encoding.ASCII.GetString(info, 0, 10).ShouldBe("1300000001");
        info[11].ShouldBe((byte)2); // key-card type
        Status(Send(sam, "00C0000020")).ShouldBe(StatusWord.ConditionsNotSatisfied); // nothing pending
        Status(Send(sam, "00FF000000")).ShouldBe(StatusWord.InsNotSupported);
    }
}
