using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// UPDATE BINARY (§5): <c>00 D6 off-hi off-lo Lc data</c>, in chunks of at most 0x80 bytes, after EXTERNAL AUTHENTICATE with the
/// file's update key (photo, EE, ED).
/// </summary>
public static class UpdateBinaryCommand
{
    public const byte Cla = ApduClass.Plain;
    public const byte Ins = 0xD6;

    public static CommandDefinition Definition { get; } = new("UPDATE BINARY", Cla, Ins,
    [
        new(Ok, "written"),
        new(FileNotFound, "no file is selected"),
        new(ConditionsNotSatisfied, "the selected file is not a binary file"),
        new(SecurityNotSatisfied, "the file's update key is not authenticated, or the file has none"),
        new(WrongP1P2, "the data would not fit at that offset, or P1 names a short file identifier"),
        new(WrongLength, "no data"),
    ]);

    public static byte[] At(int offset, ReadOnlySpan<byte> data) => CommandApdu.Build(Cla, Ins, (byte)(offset >> 8), (byte)offset, data);
}
