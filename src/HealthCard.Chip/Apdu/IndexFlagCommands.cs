using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// Set an index flag (§5): <c>84 D2 rec 04 04 MAC</c> marks DF03/EF05 or EF06 record <c>rec</c> valid (0x00). The MAC is under
/// the file's update key (UK1DF03) and the card's last challenge, over this header and Lc with no data.
/// </summary>
public static class SetIndexFlagCommand
{
    public const byte Cla = ApduClass.ProprietaryMac;
    public const byte Ins = 0xD2;
    public const byte P2ByNumber = 0x04;

    public static CommandDefinition Definition { get; } = new("SET INDEX FLAG", Cla, Ins, IndexFlagStatuses.For("set valid (00)"));

    public static byte[] Header(int record) => [Cla, Ins, (byte)record, P2ByNumber];

    public static byte[] Build(int record, ReadOnlySpan<byte> mac) => CommandApdu.Build(Cla, Ins, (byte)record, P2ByNumber, mac);
}

/// <summary>
/// Erase an index flag (§5): <c>84 0C rec 04 04 MAC</c> marks the record free (0xFF), with the MAC under the erase key (UK2DF03).
/// </summary>
public static class EraseIndexFlagCommand
{
    public const byte Cla = ApduClass.ProprietaryMac;
    public const byte Ins = 0x0C;
    public const byte P2ByNumber = 0x04;

    public static CommandDefinition Definition { get; } = new("ERASE INDEX FLAG", Cla, Ins, IndexFlagStatuses.For("erased (FF)"));

    public static byte[] Header(int record) => [Cla, Ins, (byte)record, P2ByNumber];

    public static byte[] Build(int record, ReadOnlySpan<byte> mac) => CommandApdu.Build(Cla, Ins, (byte)record, P2ByNumber, mac);
}

internal static class IndexFlagStatuses
{
    public static StatusMeaning[] For(string done) =>
    [
        new(Ok, $"the flag is {done}"),
        new(FileNotFound, "no file is selected"),
        new(ConditionsNotSatisfied, "the selected file is not an index file"),
        new(WrongP1P2, "P2 is not 04 (by number)"),
        new(RecordNotFound, "no record with that number"),
        .. MacStatuses.All,
    ];
}

/// <summary>The answers of a MAC-only command (index flags, block commands) about its MAC.</summary>
internal static class MacStatuses
{
    public static StatusMeaning[] All =>
    [
        new(SecurityNotSatisfied, "the card holds no key for this command"),
        new(WrongLength, "the data is not exactly the 4-byte MAC"),
        new(ChallengeNotValid, "no fresh challenge: GET CHALLENGE must come first"),
        new(SecureMessagingWrong, "the MAC is wrong"),
    ];
}
