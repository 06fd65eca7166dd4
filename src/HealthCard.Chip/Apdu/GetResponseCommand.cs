using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// GET RESPONSE (§5, §7): <c>00 C0 00 00 Le</c> fetches the result a SAM command left behind 61xx; Le is the xx.
/// </summary>
public static class GetResponseCommand
{
    public const byte Cla = ApduClass.Plain;
    public const byte Ins = 0xC0;
    public const byte P1 = 0x00;
    public const byte P2 = 0x00;

    public static CommandDefinition Definition { get; } = new("GET RESPONSE", Cla, Ins,
    [
        new(Ok, "the waiting result follows, and is gone"),
        new(ConditionsNotSatisfied, "no result is waiting"),
        new(WrongLength, "Le is not the length the 61xx announced"),
    ]);

    public static byte[] Build(int length) => CommandApdu.Build(Cla, Ins, P1, P2, le: length);
}
