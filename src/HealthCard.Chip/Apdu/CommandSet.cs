using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// The instruction sets of the user card (§5) and of the SAM (§7), and the answers any command may get before it reaches
/// its own handler. The reader builds its commands from the command types; the virtual card and SAM dispatch on them.
/// </summary>
public static class CommandSet
{
    public static IReadOnlyList<CommandDefinition> Card { get; } =
    [
        SelectCommand.Definition, ReadRecordCommand.Definition, ReadBinaryCommand.Definition, UpdateBinaryCommand.Definition,
        UpdateRecordCommand.Definition, AppendRecordCommand.Definition, GetChallengeCommand.Definition,
        ExternalAuthenticateCommand.Definition, SetIndexFlagCommand.Definition, EraseIndexFlagCommand.Definition,
        ApplicationBlockCommand.Definition, ApplicationUnblockCommand.Definition, CardBlockCommand.Definition,
    ];

    public static IReadOnlyList<CommandDefinition> Sam { get; } =
    [
        VerifyPinCommand.Definition, ChangePinCommand.Definition, SelectCommand.Definition, SamReadBinaryCommand.Definition,
        DiversifyCommand.Definition, ComputeCommand.Definition, Sm3DigestCommand.Definition, Sm2SignDigestCommand.Definition,
        GetResponseCommand.Definition,
    ];

    /// <summary>What the user card answers to any command, before the command's own checks.</summary>
    public static IReadOnlyList<StatusMeaning> CardAnyCommand { get; } =
    [
        new(WrongLength, "not a short command APDU (fewer than 4 bytes, or Lc disagrees with the length)"),
        new(ApplicationPermanentlyBlocked, "the card is blocked for ever (CARD BLOCK)"),
        new(ConditionsNotSatisfied, "the selected directory is blocked: only SELECT, GET CHALLENGE and APPLICATION UNBLOCK are answered"),
        new(ClassNotSupported, "a known instruction with another class byte"),
        new(InsNotSupported, "an instruction the card does not have"),
    ];

    /// <summary>What the SAM answers to any command, before the command's own checks.</summary>
    public static IReadOnlyList<StatusMeaning> SamAnyCommand { get; } =
    [
        new(WrongLength, "not a short command APDU (fewer than 4 bytes, or Lc disagrees with the length)"),
        new(InsNotSupported, "a class and instruction the SAM does not have"),
    ];

    /// <summary>True when <paramref name="ins"/> is an instruction of the user card, whatever the class byte.</summary>
    public static bool IsCardInstruction(byte ins) => Card.Any(c => c.Ins == ins);
}
