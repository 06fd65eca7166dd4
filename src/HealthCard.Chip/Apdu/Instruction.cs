namespace HealthCard.Chip.Apdu;

/// <summary>Class and instruction bytes of the commands of standard §5.</summary>
public static class Instruction
{
    public const byte ClaPlain = 0x00;
    /// <summary>Secure messaging, header authenticated (UPDATE RECORD of DF01/DF02 basic files).</summary>
    public const byte ClaSecure = 0x04;
    /// <summary>Proprietary with MAC (index flags, block commands; D: the social-security card's codes).</summary>
    public const byte ClaMac = 0x84;
    public const byte ClaProprietary = 0x80;

    public const byte Select = 0xA4;
    public const byte ReadRecord = 0xB2;
    public const byte ReadBinary = 0xB0;
    public const byte UpdateBinary = 0xD6;
    public const byte UpdateRecord = 0xDC;
    public const byte GetChallenge = 0x84;
    public const byte ExternalAuthenticate = 0x82;
    public const byte GetResponse = 0xC0;
    public const byte SetIndexFlag = 0xD2;
    public const byte EraseIndexFlag = 0x0C;
    public const byte ApplicationBlock = 0x1E;
    public const byte ApplicationUnblock = 0x18;
    public const byte CardBlock = 0x16;

    /// <summary>SELECT P1: by file identifier, and by DF name.</summary>
    public const byte SelectByFid = 0x00;
    public const byte SelectByName = 0x04;

    /// <summary>READ RECORD P2: P1 is a record number / P1 is a tag (DDF1/EF05).</summary>
    public const byte RecordByNumber = 0x04;
    public const byte RecordByTag = 0x00;

    /// <summary>UPDATE RECORD P2 of a cyclic file: write the next (newest) record.</summary>
    public const byte RecordCyclicNext = 0x03;
}
