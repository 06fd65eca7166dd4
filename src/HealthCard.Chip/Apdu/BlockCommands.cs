using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// APPLICATION BLOCK (§5, D: the social-security card's code): <c>84 1E 00 00 04 MAC</c> under the selected directory's
/// maintenance key. A blocked directory answers 6283 to SELECT and 6985 to everything but SELECT, GET CHALLENGE and UNBLOCK.
/// </summary>
public static class ApplicationBlockCommand
{
    public const byte Cla = ApduClass.ProprietaryMac;
    public const byte Ins = 0x1E;

    public static CommandDefinition Definition { get; } = new("APPLICATION BLOCK", Cla, Ins, BlockStatuses.For("the directory is blocked"));

    public static byte[] Header => [Cla, Ins, BlockStatuses.P1, BlockStatuses.P2];

    public static byte[] Build(ReadOnlySpan<byte> mac) => CommandApdu.Build(Cla, Ins, BlockStatuses.P1, BlockStatuses.P2, mac);
}

/// <summary>APPLICATION UNBLOCK (§5, D): <c>84 18 00 00 04 MAC</c> under the selected directory's maintenance key.</summary>
public static class ApplicationUnblockCommand
{
    public const byte Cla = ApduClass.ProprietaryMac;
    public const byte Ins = 0x18;

    public static CommandDefinition Definition { get; } = new("APPLICATION UNBLOCK", Cla, Ins, BlockStatuses.For("the directory is unblocked"));

    public static byte[] Header => [Cla, Ins, BlockStatuses.P1, BlockStatuses.P2];

    public static byte[] Build(ReadOnlySpan<byte> mac) => CommandApdu.Build(Cla, Ins, BlockStatuses.P1, BlockStatuses.P2, mac);
}

/// <summary>CARD BLOCK (§5, D): <c>84 16 00 00 04 MAC</c>; the card then answers every command with 9303, for ever.</summary>
public static class CardBlockCommand
{
    public const byte Cla = ApduClass.ProprietaryMac;
    public const byte Ins = 0x16;

    public static CommandDefinition Definition { get; } = new("CARD BLOCK", Cla, Ins, BlockStatuses.For("the card is permanently blocked"));

    public static byte[] Header => [Cla, Ins, BlockStatuses.P1, BlockStatuses.P2];

    public static byte[] Build(ReadOnlySpan<byte> mac) => CommandApdu.Build(Cla, Ins, BlockStatuses.P1, BlockStatuses.P2, mac);
}

internal static class BlockStatuses
{
    public const byte P1 = 0x00;
    public const byte P2 = 0x00;

    public static StatusMeaning[] For(string done) =>
    [
        new(Ok, done),
        new(ConditionsNotSatisfied, "no directory is selected"),
        new(WrongP1P2, "P1 P2 are not 00 00"),
        .. MacStatuses.All,
    ];
}
