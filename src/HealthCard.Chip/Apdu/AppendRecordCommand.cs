using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// UPDATE RECORD of a cyclic file (§5): <c>00 DC 00 03 Lc record</c>, after EXTERNAL AUTHENTICATE with the file's update key.
/// The record becomes record 1 (the newest) and the oldest falls off (allergies, immunisations, §4.1).
/// </summary>
public static class AppendRecordCommand
{
    public const byte Cla = ApduClass.Plain;
    public const byte Ins = UpdateRecordCommand.Ins;
    public const byte P1 = 0x00;
    /// <summary>Write the next (newest) record of a cyclic file.</summary>
    public const byte P2Next = 0x03;

    public static CommandDefinition Definition { get; } = new("UPDATE RECORD (cyclic)", Cla, Ins,
    [
        new(Ok, "written as the newest record"),
        new(FileNotFound, "no file is selected"),
        new(ConditionsNotSatisfied, "the selected file is not a cyclic file"),
        new(WrongP1P2, "P1 P2 are not 00 03"),
        new(SecurityNotSatisfied, "the file's update key is not authenticated"),
        new(WrongLength, "the data is not exactly one record"),
    ]);

    public static byte[] Build(ReadOnlySpan<byte> record) => CommandApdu.Build(Cla, Ins, P1, P2Next, record);
}
