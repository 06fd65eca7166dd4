using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// SELECT (§5): <c>00 A4 00 00 02 FID</c> by file identifier (3F00, DDF1, DF01–DF03, EF05–EF08, EE0n, ED0n), or
/// <c>00 A4 04 00 Lc name</c> by DF name (WS.SYS.DDF01, the DF AIDs). No Le. Entering a directory forgets its security state.
/// The SAM has one application and answers every SELECT with 9000 (§7).
/// </summary>
public static class SelectCommand
{
    public const byte Cla = ApduClass.Plain;
    public const byte Ins = 0xA4;
    public const byte P1ByFid = 0x00;
    public const byte P1ByName = 0x04;
    public const byte P2 = 0x00;
    /// <summary>Lc of a select by file identifier.</summary>
    public const int FidLength = 2;

    public static CommandDefinition Definition { get; } = new("SELECT", Cla, Ins,
    [
        new(Ok, "selected"),
        new(SelectedFileBlocked, "the directory is selected, but its application is blocked"),
        new(FileNotFound, "no such directory, or no such file in the selected directory"),
        new(WrongP1P2, "P1 is neither 00 (by FID) nor 04 (by name), or P2 is not 00"),
        new(WrongLength, "no data, or a file identifier that is not 2 bytes"),
        new(ConditionsNotSatisfied, "the file is in a blocked directory"),
    ]);

    public static byte[] ByFid(ushort fid) => CommandApdu.Build(Cla, Ins, P1ByFid, P2, [(byte)(fid >> 8), (byte)fid]);

    public static byte[] ByName(ReadOnlySpan<byte> name) => CommandApdu.Build(Cla, Ins, P1ByName, P2, name);
}
