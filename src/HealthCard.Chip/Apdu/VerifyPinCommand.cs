using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// VERIFY of the SAM PIN (§7): <c>00 20 00 00 Lc PIN</c> (ASCII, e.g. "123456"). The SAM's crypto commands need it; the user
/// card has no holder PIN (§5).
/// </summary>
public static class VerifyPinCommand
{
    public const byte Cla = ApduClass.Plain;
    public const byte Ins = 0x20;
    public const byte P1 = 0x00;
    public const byte P2 = 0x00;

    public static CommandDefinition Definition { get; } = new("VERIFY PIN", Cla, Ins, PinStatuses.Check);

    public static byte[] Build(ReadOnlySpan<byte> pin) => CommandApdu.Build(Cla, Ins, P1, P2, pin);
}

/// <summary>
/// CHANGE PIN of the SAM (§7): <c>80 5E 01 00 Lc old ‖ FF ‖ new</c>.
/// </summary>
public static class ChangePinCommand
{
    public const byte Cla = ApduClass.Proprietary;
    public const byte Ins = 0x5E;
    public const byte P1 = 0x01;
    public const byte P2 = 0x00;
    /// <summary>Between the old and the new PIN.</summary>
    public const byte Separator = 0xFF;

    public static CommandDefinition Definition { get; } = new("CHANGE PIN", Cla, Ins,
    [
        .. PinStatuses.Check,
        new(WrongP1P2, "P1 is not 01"),
        new(WrongLength, "the data is not old PIN ‖ FF ‖ new PIN"),
    ]);

    public static byte[] Build(ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin) =>
        CommandApdu.Build(Cla, Ins, P1, P2, [.. oldPin, Separator, .. newPin]);
}

internal static class PinStatuses
{
    public static StatusMeaning[] Check =>
    [
        new(Ok, "the PIN is right: the SAM's crypto commands are open until reset"),
        new(VerifyFailedPrefix, "wrong PIN: x tries left", 0xFFF0),
        new(AuthenticationBlocked, "the PIN is blocked: no tries left"),
    ];
}
