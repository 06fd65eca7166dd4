using HealthCard.Chip.Apdu;
using HealthCard.Chip.Tests.Virtual;
using HealthCard.Chip.Virtual;

namespace HealthCard.Chip.Tests.Apdu;

/// <summary>
/// Each command's status words mean what standard §5 and §7 say for that command, and the virtual card and SAM answer each
/// command only with the status words its type declares (or those any command may get before its handler runs).
/// </summary>
public sealed class StatusMeaningTests
{
    [Theory]
    [InlineData(0x9000, "authenticated")]
    [InlineData(0x63C2, "wrong cryptogram: x tries left")]
    [InlineData(0x63C0, "wrong cryptogram: x tries left")]
    [InlineData(0x6983, "blocked")]
    [InlineData(0x6984, "challenge")]
    public void ExternalAuthenticate_StatusWords(int status, string meaning) =>
        ExternalAuthenticateCommand.Definition.Meaning((ushort)status).ShouldNotBeNull().ShouldContain(meaning);

    [Fact]
    public void TheSameStatusWord_MeansWhatItsCommandSays()
    {
        string Meaning(CommandDefinition command, ushort status) => command.Meaning(status) ?? "";

        ReadRecordCommand.Definition.Meaning(StatusWord.SecurityNotSatisfied).ShouldBe("the file's read key is not authenticated");
        Meaning(UpdateBinaryCommand.Definition, StatusWord.SecurityNotSatisfied).ShouldStartWith("the file's update key");
        DiversifyCommand.Definition.Meaning(StatusWord.SecurityNotSatisfied).ShouldBe("the PIN is not verified");
        Meaning(SelectCommand.Definition, StatusWord.SelectedFileBlocked).ShouldContain("blocked");
        Meaning(UpdateRecordCommand.Definition, StatusWord.SecureMessagingWrong).ShouldContain("MAC");
        Meaning(ComputeCommand.Definition, StatusWord.MoreData(0x10)).ShouldContain("GET RESPONSE");
        Meaning(DiversifyCommand.Definition, StatusWord.KeyNotFound).ShouldContain("does not hold");
        Meaning(VerifyPinCommand.Definition, StatusWord.VerifyFailed(2)).ShouldContain("tries left");

        ReadRecordCommand.Definition.Answers(StatusWord.SecureMessagingWrong).ShouldBeFalse("a read has no MAC");
        GetChallengeCommand.Definition.Answers(StatusWord.SecurityNotSatisfied).ShouldBeFalse();
        Sm3DigestCommand.Definition.Answers(StatusWord.Ok).ShouldBeFalse("its result waits behind 61xx");
    }

    [Fact]
    public void VirtualCard_AnswersEachCommand_OnlyWithItsDeclaredStatusWords()
    {
        var random = new Random(15);
        var card = new TestCard();
        foreach (var (definition, n) in CommandSet.Card.SelectMany(d => Enumerable.Range(0, 400).Select(n => (d, n))))
        {
            if (n % 50 == 0)
            {
                card = new TestCard(); // blocks and key counters do not leak from one command type into the next
            }
            Prepare(card, random);
            var status = ResponseApdu.StatusOf(card.Card.Transmit(RandomCommand(random, definition.Cla, definition.Ins)));
            (definition.Answers(status) || CommandSet.CardAnyCommand.Any(s => s.Matches(status)))
                .ShouldBeTrue($"{definition.Name} answered {status:X4}, which its type does not declare");
        }
    }

    [Fact]
    public void VirtualSam_AnswersEachCommand_OnlyWithItsDeclaredStatusWords()
    {
        var random = new Random(16);
        var masters = new TestCard().SamMasters();
        foreach (var definition in CommandSet.Sam)
        {
            for (var n = 0; n < 400; n++)
            {
                var sam = new VirtualSam(1 + (n % 5), "1300000001", masters, "123456");
                if (n % 3 != 0)
                {
                    sam.Transmit(VerifyPinCommand.Build("123456"u8));
                }
                if (n % 4 != 0)
                {
                    sam.Transmit(DiversifyCommand.Build(0x31, new byte[8]));
                }
                if (n % 5 == 0)
                {
                    sam.Transmit(Sm3DigestCommand.Build("abc"u8));
                }
                var status = ResponseApdu.StatusOf(sam.Transmit(RandomCommand(random, definition.Cla, definition.Ins)));
                (definition.Answers(status) || CommandSet.SamAnyCommand.Any(s => s.Matches(status)))
                    .ShouldBeTrue($"{definition.Name} answered {status:X4}, which its type does not declare");
            }
        }
    }

    /// <summary>Puts the card in a random state: a directory, maybe a file, maybe an authentication, maybe a challenge.</summary>
    private static void Prepare(TestCard card, Random random)
    {
        ushort[] directories = [0x3F00, 0xDDF1, 0xDF01, 0xDF02, 0xDF03];
        ushort[] files = [0xEF05, 0xEF06, 0xEF07, 0xEF08, 0xEE01, 0xED01, 0x1234];
        card.Card.Transmit(SelectCommand.ByFid(directories[random.Next(directories.Length)]));
        if (random.Next(4) != 0)
        {
            card.Card.Transmit(SelectCommand.ByFid(files[random.Next(files.Length)]));
        }
        if (random.Next(3) == 0)
        {
            byte[] keys = [CardLayout.ReadKeyDdf1, CardLayout.UpdateKeyDdf1, CardLayout.ReadKey, CardLayout.UpdateKey1, CardLayout.UpdateKey3];
            card.Authenticate(keys[random.Next(keys.Length)], new byte[16]); // usually the wrong key: counts down
        }
        if (random.Next(2) == 0)
        {
            card.Card.Transmit(GetChallengeCommand.Build());
        }
    }

    /// <summary>A command with the given class and instruction and random P1, P2, data and Le, biased to plausible values.</summary>
    private static byte[] RandomCommand(Random random, byte cla, byte ins)
    {
        byte p1 = random.Next(3) switch { 0 => 0, 1 => (byte)random.Next(1, 6), _ => (byte)random.Next(256) };
        byte p2 = random.Next(3) switch { 0 => 0, 1 => (byte)(random.Next(2) == 0 ? 0x04 : 0x03), _ => (byte)random.Next(256) };
        var length = random.Next(4) switch { 0 => 0, 1 => random.Next(1, 5), 2 => 16 + random.Next(2), _ => random.Next(0, 200) };
        var data = new byte[length];
        random.NextBytes(data);
        int? le = random.Next(3) == 0 ? null : random.Next(0, 257);
        var command = CommandApdu.Build(cla, ins, p1, p2, data, le);
        return random.Next(20) == 0 ? command[..random.Next(command.Length)] : command; // now and then, truncated
    }
}
