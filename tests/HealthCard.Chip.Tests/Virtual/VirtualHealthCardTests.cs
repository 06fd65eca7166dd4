using HealthCard.Chip.Apdu;
using HealthCard.Chip.Files;
using HealthCard.Chip.Virtual;

namespace HealthCard.Chip.Tests.Virtual;

public sealed class VirtualHealthCardTests
{
    [Fact]
    public void ReadRecord_OfFreeFile_NeedsNoAuthentication_ByNumberAndByTag()
    {
        var card = new TestCard();
        var issuer = new Ddf1Ef05 { CardType = "1", SpecVersion = "0200", IssuerName = "石家庄市卫生健康委员会", CardNumber = "13010519800101001X" }.EncodeRecords();
        for (var i = 0; i < issuer.Count; i++)
        {
            card.Card.WriteRecord("DDF1/EF05", i + 1, issuer[i]);
        }
        card.Send("00A404000C" + Convert.ToHexString("WS.SYS.DDF01"u8)).ShouldBe(StatusWord.Ok);
        card.Select(0xEF05);

        card.SendForData("00B2030420").ShouldBe(issuer[2]); // record 3: 03 发卡机构名称 ans30
        card.SendForData("00B2030020").ShouldBe(issuer[2]); // P2 = 00: P1 is the tag
        card.SendForData("00B2080014").ShouldBe(issuer[6]); // tag 08 卡号 ans18 is the 7th record
        card.Send("00B2030421").ShouldBe(StatusWord.WrongLength);
    }

    [Fact]
    public void ReadRecord_OfProtectedFile_Returns6982_UntilTheReadKeyAuthenticates()
    {
        var card = new TestCard();
        card.Select(0xDDF1);
        card.Select(0xEF06);

        card.Send("00B2010420").ShouldBe(StatusWord.SecurityNotSatisfied);
        card.Authenticate(CardLayout.ReadKeyDdf1, card.KeyFor(0xDDF1, CardLayout.ReadKeyDdf1)).ShouldBe(StatusWord.Ok);

        var records = Enumerable.Range(1, 5).Select(n => (ReadOnlyMemory<byte>)card.SendForData($"00B2{n:X2}04")).ToList();
        Ddf1Ef06.DecodeRecords(records).ShouldBe(card.Holder);
        Ddf1Ef06.DecodeRecords(records).Name.ShouldBe("张三");
    }

    [Fact]
    public void SelectingAnotherDirectory_ForgetsTheAuthentication()
    {
        var card = new TestCard();
        card.Select(0xDDF1);
        card.Authenticate(CardLayout.ReadKeyDdf1, card.KeyFor(0xDDF1, CardLayout.ReadKeyDdf1)).ShouldBe(StatusWord.Ok);
        card.Select(0xDF01);
        card.Select(0xDDF1);
        card.Select(0xEF06);

        card.Send("00B2010420").ShouldBe(StatusWord.SecurityNotSatisfied);
    }

    [Fact]
    public void ExternalAuthenticate_WrongKey_CountsDownThenBlocks()
    {
        var card = new TestCard();
        card.Select(0xDF02);
        var wrong = card.KeyFor(0xDF02, CardLayout.ReadKey, cityCode: "110100"); // a SAM of another city

        card.Authenticate(CardLayout.ReadKey, wrong).ShouldBe(StatusWord.VerifyFailed(2));
        card.Authenticate(CardLayout.ReadKey, wrong).ShouldBe(StatusWord.VerifyFailed(1));
        card.Authenticate(CardLayout.ReadKey, wrong).ShouldBe(StatusWord.AuthenticationBlocked);

        card.Authenticate(CardLayout.ReadKey, card.KeyFor(0xDF02, CardLayout.ReadKey)).ShouldBe(StatusWord.AuthenticationBlocked);
    }

    [Fact]
    public void ExternalAuthenticate_RightKeyResetsTheCounter_AndAChallengeServesOnce()
    {
        var card = new TestCard();
        card.Select(0xDF02);
        var right = card.KeyFor(0xDF02, CardLayout.ReadKey);
        card.Authenticate(CardLayout.ReadKey, card.KeyFor(0xDF02, CardLayout.ReadKey, cityCode: "110100")).ShouldBe(StatusWord.VerifyFailed(2));

        card.Authenticate(CardLayout.ReadKey, right).ShouldBe(StatusWord.Ok);
        card.Authenticate(CardLayout.ReadKey, card.KeyFor(0xDF02, CardLayout.ReadKey, cityCode: "110100")).ShouldBe(StatusWord.VerifyFailed(2));

        var challenge = card.Challenge();
        var cryptogram = CardCryptography.AuthenticationCryptogram(right, challenge);
        var command = $"00820084 11{Convert.ToHexString(cryptogram)}{Convert.ToHexString(challenge)}01";
        card.Send(command).ShouldBe(StatusWord.Ok);
        card.Send(command).ShouldBe(StatusWord.ChallengeNotValid); // replay
    }

    [Fact]
    public void SecureUpdateRecord_WithValidMac_Writes_AndABadMacIsRefusedWith6988()
    {
        var card = new TestCard();
        card.Select(0xDF01);
        card.Select(0xEF05);
        var key = card.KeyFor(0xDF01, CardLayout.UpdateKey1);
        var address = new Df01Ef05 { AddressType1 = "1", Address1 = "河北省石家庄市新华区中华北大街100号" }.EncodeRecords();

        card.UpdateRecordSecurely(2, address[1], key, corruptMac: true).ShouldBe(StatusWord.SecureMessagingWrong);
        card.UpdateRecordSecurely(2, address[1], key).ShouldBe(StatusWord.Ok);
        card.UpdateRecordSecurely(2, address[0], key).ShouldBe(StatusWord.SecureMessagingWrong); // record 1's tag into record 2
        card.UpdateRecordSecurely(2, address[1], card.KeyFor(0xDF01, CardLayout.ReadKey)).ShouldBe(StatusWord.SecureMessagingWrong);
        card.Send("04DC020414" + new string('0', 40)).ShouldBe(StatusWord.ChallengeNotValid);

        card.Authenticate(CardLayout.ReadKey, card.KeyFor(0xDF01, CardLayout.ReadKey)).ShouldBe(StatusWord.Ok);
        card.SendForData("00B2020466").ShouldBe(address[1]);
    }

    [Fact]
    public void CyclicUpdate_NeedsTheUpdateKey_AndTheNewestRecordIsRecordOne()
    {
        var card = new TestCard();
        card.Select(0xDF02);
        card.Select(0xEF07);
        var record = (int n) => Enumerable.Repeat((byte)n, CardLayout.AllergyRecordSize).ToArray();

        card.Send($"00DC000378{Convert.ToHexString(record(1))}").ShouldBe(StatusWord.SecurityNotSatisfied);
        card.Authenticate(CardLayout.UpdateKey3, card.KeyFor(0xDF02, CardLayout.UpdateKey3)).ShouldBe(StatusWord.Ok);
        card.Authenticate(CardLayout.ReadKey, card.KeyFor(0xDF02, CardLayout.ReadKey)).ShouldBe(StatusWord.Ok);
        for (var n = 1; n <= 4; n++)
        {
            card.Send($"00DC000378{Convert.ToHexString(record(n))}").ShouldBe(StatusWord.Ok);
        }

        card.SendForData("00B2010478").ShouldBe(record(4));
        card.SendForData("00B2020478").ShouldBe(record(3));
        card.SendForData("00B2030478").ShouldBe(record(2)); // the first write fell off
        card.Send("00B2040478").ShouldBe(StatusWord.RecordNotFound);
        card.Send("00DC000377" + new string('0', 0x77 * 2)).ShouldBe(StatusWord.WrongLength);
    }

    [Fact]
    public void InpatientRecord_UpdateBinaryAndReadInChunks_AndIndexFlagsWithMac()
    {
        var card = new TestCard();
        card.Select(0xDF03);
        card.Authenticate(CardLayout.UpdateKey1, card.KeyFor(0xDF03, CardLayout.UpdateKey1)).ShouldBe(StatusWord.Ok);
        card.Authenticate(CardLayout.ReadKey, card.KeyFor(0xDF03, CardLayout.ReadKey)).ShouldBe(StatusWord.Ok);
        card.Select(0xEE02);
        var data = Enumerable.Range(0, 0x80).Select(i => (byte)i).ToArray();

        card.Send($"00D6076C80{Convert.ToHexString(data)}").ShouldBe(StatusWord.WrongP1P2); // offset 1900: past the end
        card.Send($"00D6070080{Convert.ToHexString(data)}").ShouldBe(StatusWord.WrongP1P2); // 1792 + 128 > 1893
        card.Send($"00D6000080{Convert.ToHexString(data)}").ShouldBe(StatusWord.Ok);
        card.SendForData("00B0000080").ShouldBe(data);
        card.SendForData("00B0070080").Length.ShouldBe(CardLayout.InpatientRecordSize - 0x700); // the last, short chunk
        card.Send("00B0076580").ShouldBe(StatusWord.WrongP1P2); // offset 1893: nothing left

        card.Select(0xEF05);
        card.SendForData("00B2020401").ShouldBe([0xFF]);
        card.SendWithMac("84D20204", card.KeyFor(0xDF03, CardLayout.UpdateKey1)).ShouldBe(StatusWord.Ok);
        card.SendForData("00B2020401").ShouldBe([0x00]);
        card.SendWithMac("840C0204", card.KeyFor(0xDF03, CardLayout.UpdateKey1)).ShouldBe(StatusWord.SecureMessagingWrong); // erase needs UK2DF03
        card.SendWithMac("840C0204", card.KeyFor(0xDF03, CardLayout.UpdateKey2)).ShouldBe(StatusWord.Ok);
        card.SendForData("00B2020401").ShouldBe([0xFF]);
    }

    [Fact]
    public void ApplicationBlock_RefusesCommandsUntilUnblocked_AndCardBlockIsFinal()
    {
        var card = new TestCard();
        card.Select(0xDF01);
        var maintenance = card.KeyFor(0xDF01, CardLayout.MaintenanceKey);

        card.SendWithMac("841E0000", maintenance).ShouldBe(StatusWord.Ok);
        card.Send("00A4000002EF05").ShouldBe(StatusWord.ConditionsNotSatisfied);
        card.Send("00A4000002DF01").ShouldBe(StatusWord.SelectedFileBlocked);
        card.SendWithMac("84180000", maintenance).ShouldBe(StatusWord.Ok);
        card.Send("00A4000002EF05").ShouldBe(StatusWord.Ok);

        card.SendWithMac("84160000", maintenance).ShouldBe(StatusWord.Ok);
        card.Send("00A4000002DF01").ShouldBe(StatusWord.ApplicationPermanentlyBlocked);
    }

    [Fact]
    public void MalformedCommands_AreAnsweredWithStatusWords_NeverExceptions()
    {
        var card = new TestCard();
        var random = new Random(2026);
        var allowed = new[]
        {
            StatusWord.Ok, StatusWord.SelectedFileBlocked, StatusWord.WrongLength, StatusWord.SecurityNotSatisfied, StatusWord.AuthenticationBlocked,
            StatusWord.ChallengeNotValid, StatusWord.ConditionsNotSatisfied, StatusWord.SecureMessagingWrong, StatusWord.FileNotFound,
            StatusWord.RecordNotFound, StatusWord.WrongP1P2, StatusWord.InsNotSupported, StatusWord.ClassNotSupported,
            StatusWord.ApplicationPermanentlyBlocked,
        };
        byte[] interesting = [0x00, 0x04, 0x84, 0xA4, 0xB2, 0xB0, 0xD6, 0xDC, 0x82, 0xD2, 0x0C, 0x1E, 0x18, 0x16];

        for (var i = 0; i < 20_000; i++)
        {
            var apdu = new byte[random.Next(0, 40)];
            random.NextBytes(apdu);
            if (apdu.Length > 1 && random.Next(2) == 0)
            {
                apdu[1] = interesting[random.Next(interesting.Length)];
            }
            var response = card.Card.Transmit(apdu);
            var status = ResponseApdu.StatusOf(response);
            (allowed.Contains(status) || (status & 0xFFF0) == StatusWord.VerifyFailedPrefix).ShouldBeTrue($"{Convert.ToHexString(apdu)} → {status:X4}");
        }
    }

    [Fact]
    public void Image_SavesAndLoadsFilesKeysAndCounters()
    {
        var card = new TestCard();
        card.Select(0xDF02);
        card.Authenticate(CardLayout.ReadKey, card.KeyFor(0xDF02, CardLayout.ReadKey, cityCode: "110100")).ShouldBe(StatusWord.VerifyFailed(2));
        var path = Path.Combine(Path.GetTempPath(), $"card-{Guid.NewGuid():N}.json");
        try
        {
            card.Card.Save(path);
            var loaded = VirtualHealthCard.Load(path);

            loaded.ChipSerial.ShouldBe(TestCard.ChipSerial);
            loaded.Transmit(Convert.FromHexString("00A4000002DDF1"));
            loaded.Transmit(Convert.FromHexString("00A4000002EF06"));
            ResponseApdu.StatusOf(loaded.Transmit(Convert.FromHexString("00B2010420"))).ShouldBe(StatusWord.SecurityNotSatisfied);
            File.WriteAllText(path, "{ not json");
            Should.Throw<FormatException>(() => VirtualHealthCard.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
