using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// READ RECORD (§5): <c>00 B2 P1 P2 Le</c>. P2 04: P1 is the record number (1-based); P2 00: P1 is the tag of a TLV record
/// (DDF1/EF05). Le is the record's length (tag, length and value for TLV records) or 00.
/// </summary>
public static class ReadRecordCommand
{
    public const byte Cla = ApduClass.Plain;
    public const byte Ins = 0xB2;
    public const byte P2ByNumber = 0x04;
    public const byte P2ByTag = 0x00;

    public static CommandDefinition Definition { get; } = new("READ RECORD", Cla, Ins,
    [
        new(Ok, "the record follows"),
        new(FileNotFound, "no file is selected"),
        new(ConditionsNotSatisfied, "the selected file is not a record file"),
        new(SecurityNotSatisfied, "the file's read key is not authenticated"),
        new(RecordNotFound, "no record with that number or tag"),
        new(WrongP1P2, "P2 is neither 04 (by number) nor, in a TLV file, 00 (by tag)"),
        new(WrongLength, "Le is neither the record's length nor 00"),
    ]);

    public static byte[] ByNumber(int record, int length) => CommandApdu.Build(Cla, Ins, (byte)record, P2ByNumber, le: length);

    public static byte[] ByTag(byte tag, int length) => CommandApdu.Build(Cla, Ins, tag, P2ByTag, le: length);
}
