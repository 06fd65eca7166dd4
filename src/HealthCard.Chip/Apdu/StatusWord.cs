namespace HealthCard.Chip.Apdu;

/// <summary>
/// The status words of standard §5 (and 6A88 of the SAM, §7), by name. What each one means depends on the command it
/// answers: every command type holds its own table (<see cref="CommandDefinition.Statuses"/>).
/// </summary>
public static class StatusWord
{
    public const ushort Ok = 0x9000;
    /// <summary>61xx: xx more bytes wait for GET RESPONSE.</summary>
    public const ushort MoreDataPrefix = 0x6100;
    public const ushort SelectedFileBlocked = 0x6283;
    /// <summary>63Cx: verification failed, x tries left.</summary>
    public const ushort VerifyFailedPrefix = 0x63C0;
    public const ushort WrongLength = 0x6700;
    public const ushort SecurityNotSatisfied = 0x6982;
    public const ushort AuthenticationBlocked = 0x6983;
    public const ushort ChallengeNotValid = 0x6984;
    public const ushort ConditionsNotSatisfied = 0x6985;
    public const ushort SecureMessagingWrong = 0x6988;
    public const ushort FunctionNotSupported = 0x6A81;
    public const ushort FileNotFound = 0x6A82;
    public const ushort RecordNotFound = 0x6A83;
    public const ushort WrongP1P2 = 0x6A86;
    /// <summary>The referenced key is not in this SAM (its type does not hold it, §7; D: ISO 7816-4's "referenced data not found").</summary>
    public const ushort KeyNotFound = 0x6A88;
    public const ushort InsNotSupported = 0x6D00;
    public const ushort ClassNotSupported = 0x6E00;
    public const ushort ApplicationPermanentlyBlocked = 0x9303;

    public static ushort VerifyFailed(int triesLeft) => (ushort)(VerifyFailedPrefix | Math.Clamp(triesLeft, 0, 15));

    public static ushort MoreData(int available) => (ushort)(MoreDataPrefix | Math.Clamp(available, 0, 255));
}
