using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// DIVERSIFY of the SAM (§7): <c>80 DE 00 keyIndex Lc diversifiers</c> derives, inside the SAM, the card key of SAM key index
/// P2 (<see cref="SamKeys"/>) into its session key: 8 bytes for DDF1 and DF01 keys (card), 16 for DF02 and DF03 keys (city ‖
/// card, §6). Needs the PIN.
/// </summary>
public static class DiversifyCommand
{
    public const byte Cla = ApduClass.Proprietary;
    public const byte Ins = 0xDE;
    public const byte P1 = 0x00;

    public static CommandDefinition Definition { get; } = new("DIVERSIFY", Cla, Ins,
    [
        new(Ok, "the session key is the card key"),
        new(SecurityNotSatisfied, "the PIN is not verified"),
        new(WrongP1P2, "P2 is not a SAM key index"),
        new(KeyNotFound, "this SAM's type does not hold that key"),
        new(WrongLength, "the diversifiers are not 8 (one level) or 16 (two levels) bytes as the key needs"),
    ]);

    public static byte[] Build(byte keyIndex, ReadOnlySpan<byte> diversifiers) => CommandApdu.Build(Cla, Ins, P1, keyIndex, diversifiers);
}
