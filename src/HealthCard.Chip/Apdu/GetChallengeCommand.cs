using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// GET CHALLENGE (§5): <c>00 84 00 00 08</c>. The card answers 8 random bytes, which serve exactly one following EXTERNAL
/// AUTHENTICATE or MAC-protected command.
/// </summary>
public static class GetChallengeCommand
{
    public const byte Cla = ApduClass.Plain;
    public const byte Ins = 0x84;
    public const byte P1 = 0x00;
    public const byte P2 = 0x00;
    public const int Le = CardCryptography.ChallengeSize;

    public static CommandDefinition Definition { get; } = new("GET CHALLENGE", Cla, Ins,
    [
        new(Ok, "the challenge follows"),
        new(WrongP1P2, "P1 P2 are not 00 00"),
        new(WrongLength, "Le is not 08, or the command carries data"),
    ]);

    public static byte[] Build() => CommandApdu.Build(Cla, Ins, P1, P2, le: Le);
}
