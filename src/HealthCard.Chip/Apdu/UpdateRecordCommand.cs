using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// UPDATE RECORD with secure messaging (§5, §6): <c>04 DC rec 04 Lc SM4-CBC(TLV, padded) ‖ MAC(4)</c>, for the TLV record
/// files of DDF1, DF01 and DF02. The MAC (<see cref="CardCryptography.CommandMac"/>) covers this header, Lc and the ciphertext
/// under the file's update key and the card's last challenge, which it consumes.
/// </summary>
public static class UpdateRecordCommand
{
    public const byte Cla = ApduClass.Secure;
    public const byte Ins = 0xDC;
    public const byte P2ByNumber = 0x04;

    public static CommandDefinition Definition { get; } = new("UPDATE RECORD (secure)", Cla, Ins,
    [
        new(Ok, "written"),
        new(FileNotFound, "no file is selected"),
        new(ConditionsNotSatisfied, "the selected file is not a TLV record file"),
        new(WrongP1P2, "P2 is not 04 (by number)"),
        new(RecordNotFound, "no record with that number"),
        new(SecurityNotSatisfied, "the file has no update key"),
        new(ChallengeNotValid, "no fresh challenge: GET CHALLENGE must come first"),
        new(WrongLength, "no ciphertext before the MAC"),
        new(SecureMessagingWrong, "the MAC is wrong, or the decrypted record is not the record it replaces"),
    ]);

    /// <summary>The four bytes the MAC covers, with Lc.</summary>
    public static byte[] Header(int record) => [Cla, Ins, (byte)record, P2ByNumber];

    /// <summary>Lc of a record of <paramref name="encryptedLength"/> ciphertext bytes.</summary>
    public static byte Lc(int encryptedLength) => (byte)(encryptedLength + CardCryptography.MacSize);

    public static byte[] Build(int record, ReadOnlySpan<byte> encrypted, ReadOnlySpan<byte> mac) =>
        CommandApdu.Build(Cla, Ins, (byte)record, P2ByNumber, [.. encrypted, .. mac]);
}
