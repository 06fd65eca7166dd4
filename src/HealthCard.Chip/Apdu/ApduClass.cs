namespace HealthCard.Chip.Apdu;

/// <summary>The class bytes (CLA) of the commands of standard §5 and §7.</summary>
public static class ApduClass
{
    public const byte Plain = 0x00;
    /// <summary>Secure messaging, header authenticated (UPDATE RECORD of the TLV record files).</summary>
    public const byte Secure = 0x04;
    /// <summary>Proprietary: the SAM's own commands (§7).</summary>
    public const byte Proprietary = 0x80;
    /// <summary>Proprietary with MAC (index flags, block commands; D: the social-security card's codes).</summary>
    public const byte ProprietaryMac = 0x84;
}
