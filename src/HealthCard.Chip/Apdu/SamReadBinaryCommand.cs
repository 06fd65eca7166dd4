using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// READ BINARY of a SAM file (§7): <c>00 B0 (80 | SFI) offset Le</c>, P1 naming the file by its short identifier, P2 the offset.
/// </summary>
public static class SamReadBinaryCommand
{
    public const byte Cla = ApduClass.Plain;
    public const byte Ins = ReadBinaryCommand.Ins;
    /// <summary>P1 bit 8: the low bits are a short file identifier.</summary>
    public const byte ShortFileIdFlag = 0x80;

    /// <summary>MF/0015: public information, 14 bytes (SAM serial, version, key-card type, command-set version, FCI).</summary>
    public const byte PublicInfo = 0x15;
    /// <summary>MF/0016: terminal number, 6 bytes.</summary>
    public const byte TerminalNumber = 0x16;
    /// <summary>DF01/001A: application information, 25 bytes.</summary>
    public const byte ApplicationInfo = 0x1A;
    /// <summary>DF01/001B: the issuer's certificate, 180 bytes.</summary>
    public const byte IssuerCertificate = 0x1B;
    /// <summary>DF01/001C: the SAM's certificate, 190 bytes.</summary>
    public const byte SamCertificate = 0x1C;

    public static CommandDefinition Definition { get; } = new("READ BINARY (SAM)", Cla, Ins,
    [
        new(Ok, "the bytes follow (fewer than Le at the end of the file)"),
        new(FileNotFound, "the SAM has no file with that short identifier"),
        new(WrongP1P2, "P1 does not name a short file identifier, or the offset is outside the file"),
    ]);

    public static byte[] Build(byte shortFileId, byte offset, int length) =>
        CommandApdu.Build(Cla, Ins, (byte)(ShortFileIdFlag | shortFileId), offset, le: length);
}
