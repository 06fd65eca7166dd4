using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// READ BINARY of the user card (§5): <c>00 B0 off-hi off-lo Le</c>, in chunks of at most 0x80 bytes. The offset is 15 bits
/// (P1 bit 8 would name a short file identifier, which this card does not use). The SAM's form is <see cref="SamReadBinaryCommand"/>.
/// </summary>
public static class ReadBinaryCommand
{
    public const byte Cla = ApduClass.Plain;
    public const byte Ins = 0xB0;
    /// <summary>READ and UPDATE BINARY move at most 0x80 bytes per command (§5).</summary>
    public const int MaxChunk = 0x80;
    public const int MaxOffset = 0x7FFF;

    public static CommandDefinition Definition { get; } = new("READ BINARY", Cla, Ins,
    [
        new(Ok, "the bytes follow (fewer than Le at the end of the file)"),
        new(FileNotFound, "no file is selected"),
        new(ConditionsNotSatisfied, "the selected file is not a binary file"),
        new(SecurityNotSatisfied, "the file's read key is not authenticated"),
        new(WrongP1P2, "the offset is outside the file, or P1 names a short file identifier"),
        new(WrongLength, "the command carries data"),
    ]);

    public static byte[] At(int offset, int length) => CommandApdu.Build(Cla, Ins, (byte)(offset >> 8), (byte)offset, le: length);
}
