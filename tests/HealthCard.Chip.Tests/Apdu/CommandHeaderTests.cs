using HealthCard.Chip.Apdu;

namespace HealthCard.Chip.Tests.Apdu;

/// <summary>
/// Each command type builds the bytes of standard §5 (user card) and §7 (SAM), and its constants are the standard's:
/// the expected hex below is copied from the standard's tables, not from the code.
/// </summary>
public sealed class CommandHeaderTests
{
    private static readonly byte[] Mac = [0xA1, 0xA2, 0xA3, 0xA4];
    private static readonly byte[] Eight = [1, 2, 3, 4, 5, 6, 7, 8];

    public static TheoryData<string, string> Commands => new()
    {
        // §5: SELECT by FID 00 A4 00 00 02 <FID>; by DF name 00 A4 04 00 Lc name
        { "SELECT DDF1", Hex(SelectCommand.ByFid(0xDDF1)) },
        { "SELECT name", Hex(SelectCommand.ByName("WS.SYS.DDF01"u8)) },
        // §5: READ RECORD 00 B2 P1 P2 Le, P2 = 04 by number, 00 by tag (DDF1/EF05)
        { "READ RECORD 1", Hex(ReadRecordCommand.ByNumber(1, 0x20)) },
        { "READ RECORD tag 08", Hex(ReadRecordCommand.ByTag(0x08, 0x14)) },
        // §5: READ BINARY 00 B0 off-hi off-lo Le, chunks of 0x80; UPDATE BINARY 00 D6 off-hi off-lo Lc data
        { "READ BINARY 0700", Hex(ReadBinaryCommand.At(0x0700, 0x80)) },
        { "UPDATE BINARY 0102", Hex(UpdateBinaryCommand.At(0x0102, [0xAA, 0xBB])) },
        // §5: UPDATE RECORD (secure) 04 DC rec 04 Lc <SM4 TLV> <MAC 4>; cyclic 00 DC 00 03 Lc data
        { "UPDATE RECORD secure 2", Hex(UpdateRecordCommand.Build(2, new byte[16], Mac)) },
        { "UPDATE RECORD cyclic", Hex(AppendRecordCommand.Build([0x11, 0x22, 0x33])) },
        // §5: GET CHALLENGE 00 84 00 00 08; EXTERNAL AUTHENTICATE 00 82 00 keyRef 11 cryptogram(8) random(8) 01
        { "GET CHALLENGE", Hex(GetChallengeCommand.Build()) },
        { "EXTERNAL AUTHENTICATE 84", Hex(ExternalAuthenticateCommand.Build(0x84, Eight, Eight)) },
        // §5: GET RESPONSE 00 C0 00 00 Le
        { "GET RESPONSE 10", Hex(GetResponseCommand.Build(0x10)) },
        // §5: set / erase index flag 84 D2 rec 04 04 MAC, 84 0C rec 04 04 MAC
        { "SET INDEX FLAG 2", Hex(SetIndexFlagCommand.Build(2, Mac)) },
        { "ERASE INDEX FLAG 2", Hex(EraseIndexFlagCommand.Build(2, Mac)) },
        // §5 (D): APPLICATION BLOCK 84 1E, UNBLOCK 84 18, CARD BLOCK 84 16, with MAC
        { "APPLICATION BLOCK", Hex(ApplicationBlockCommand.Build(Mac)) },
        { "APPLICATION UNBLOCK", Hex(ApplicationUnblockCommand.Build(Mac)) },
        { "CARD BLOCK", Hex(CardBlockCommand.Build(Mac)) },
        // §7: SAM PIN 00 20 00 00 Lc PIN; change 80 5E 01 00 Lc old ‖ FF ‖ new
        { "VERIFY PIN", Hex(VerifyPinCommand.Build("123456"u8)) },
        { "CHANGE PIN", Hex(ChangePinCommand.Build("123456"u8, "654321"u8)) },
        // §7: READ BINARY of DF01/001C by short file identifier
        { "SAM READ BINARY 1C", Hex(SamReadBinaryCommand.Build(SamReadBinaryCommand.SamCertificate, 0x00, 190)) },
        // §7: 80 DE P1 P2 Lc data diversifies key P2; 80 FA P1 00 Lc data, P1 00 encrypt, 05 MAC
        { "DIVERSIFY 31", Hex(DiversifyCommand.Build(0x31, Eight)) },
        { "COMPUTE encrypt", Hex(ComputeCommand.Encrypt(new byte[16])) },
        { "COMPUTE MAC", Hex(ComputeCommand.Mac([0x01, 0x02])) },
        // §9's SM3Digest and SM2SignHash on the SAM (codes D)
        { "SM3 DIGEST", Hex(Sm3DigestCommand.Build("abc"u8)) },
        { "SM2 SIGN DIGEST", Hex(Sm2SignDigestCommand.Build(new byte[32])) },
    };

    private static readonly Dictionary<string, string> Standard = new()
    {
        ["SELECT DDF1"] = "00A4000002DDF1",
        ["SELECT name"] = "00A404000C" + "57532E5359532E4444463031",
        ["READ RECORD 1"] = "00B2010420",
        ["READ RECORD tag 08"] = "00B2080014",
        ["READ BINARY 0700"] = "00B0070080",
        ["UPDATE BINARY 0102"] = "00D6010202AABB",
        ["UPDATE RECORD secure 2"] = "04DC020414" + new string('0', 32) + "A1A2A3A4",
        ["UPDATE RECORD cyclic"] = "00DC000303112233",
        ["GET CHALLENGE"] = "0084000008",
        ["EXTERNAL AUTHENTICATE 84"] = "0082008411" + "0102030405060708" + "0102030405060708" + "01",
        ["GET RESPONSE 10"] = "00C0000010",
        ["SET INDEX FLAG 2"] = "84D2020404A1A2A3A4",
        ["ERASE INDEX FLAG 2"] = "840C020404A1A2A3A4",
        ["APPLICATION BLOCK"] = "841E000004A1A2A3A4",
        ["APPLICATION UNBLOCK"] = "8418000004A1A2A3A4",
        ["CARD BLOCK"] = "8416000004A1A2A3A4",
        ["VERIFY PIN"] = "0020000006313233343536",
        ["CHANGE PIN"] = "805E01000D313233343536FF363534333231",
        ["SAM READ BINARY 1C"] = "00B09C00BE",
        ["DIVERSIFY 31"] = "80DE0031080102030405060708",
        ["COMPUTE encrypt"] = "80FA000010" + new string('0', 32),
        ["COMPUTE MAC"] = "80FA0500020102",
        ["SM3 DIGEST"] = "80B4000003616263",
        ["SM2 SIGN DIGEST"] = "80B6000020" + new string('0', 64),
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void CommandType_BuildsTheStandardsBytes(string command, string built) => built.ShouldBe(Standard[command]);

    [Fact]
    public void HeadersUsedInMacs_AreTheFirstFourBytesOfTheCommand()
    {
        UpdateRecordCommand.Header(3).ShouldBe(UpdateRecordCommand.Build(3, new byte[16], Mac)[..4]);
        UpdateRecordCommand.Lc(16).ShouldBe((byte)0x14);
        SetIndexFlagCommand.Header(5).ShouldBe(SetIndexFlagCommand.Build(5, Mac)[..4]);
        EraseIndexFlagCommand.Header(5).ShouldBe(EraseIndexFlagCommand.Build(5, Mac)[..4]);
        ApplicationBlockCommand.Header.ShouldBe(ApplicationBlockCommand.Build(Mac)[..4]);
        ApplicationUnblockCommand.Header.ShouldBe(ApplicationUnblockCommand.Build(Mac)[..4]);
        CardBlockCommand.Header.ShouldBe(CardBlockCommand.Build(Mac)[..4]);
    }

    [Fact]
    public void EveryDefinition_CarriesItsTypesClassAndInstruction_AndNoTwoShareAHeader()
    {
        CommandSet.Card.Select(c => (c.Cla, c.Ins)).ShouldBeUnique();
        CommandSet.Sam.Select(c => (c.Cla, c.Ins)).ShouldBeUnique();
        foreach (var command in CommandSet.Card.Concat(CommandSet.Sam))
        {
            command.Statuses.ShouldNotBeEmpty(command.Name);
            command.Statuses.Select(s => s.Status).ShouldBeUnique(command.Name);
            (command.Answers(StatusWord.Ok) || command.Answers(StatusWord.MoreData(16))).ShouldBeTrue($"{command.Name} has a success answer");
        }
        CommandSet.Card.Select(c => c.Ins).ShouldBe([0xA4, 0xB2, 0xB0, 0xD6, 0xDC, 0xDC, 0x84, 0x82, 0xD2, 0x0C, 0x1E, 0x18, 0x16]);
        CommandSet.Sam.Select(c => c.Ins).ShouldBe([0x20, 0x5E, 0xA4, 0xB0, 0xDE, 0xFA, 0xB4, 0xB6, 0xC0]);
    }

    [Fact]
    public void CommandApdu_Build_WritesLcOnlyWithData_AndLe256AsZero()
    {
        Hex(CommandApdu.Build(0x00, 0xB0, 0x00, 0x00)).ShouldBe("00B00000");
        Hex(CommandApdu.Build(0x00, 0xB0, 0x00, 0x00, le: 256)).ShouldBe("00B0000000");
        Should.Throw<ArgumentException>(() => CommandApdu.Build(0x00, 0x20, 0x00, 0x00, new byte[256]));
        CommandApdu.TryParse(CommandApdu.Build(0x80, 0xDE, 0x00, 0x31, Eight, 16), out var parsed).ShouldBeTrue();
        (parsed.Cla, parsed.Ins, parsed.P1, parsed.P2, parsed.Data.Length, parsed.Le).ShouldBe(((byte)0x80, (byte)0xDE, (byte)0, (byte)0x31, 8, (int?)16));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
