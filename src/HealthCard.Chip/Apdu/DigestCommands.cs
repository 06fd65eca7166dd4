using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// SM3 DIGEST of the SAM (§9's SM3Digest): <c>80 B4 00 00 Lc data</c>; the 32-byte digest waits behind 6120. The instruction
/// code is D (the standard lists the service, not its code). Needs the PIN.
/// </summary>
public static class Sm3DigestCommand
{
    public const byte Cla = ApduClass.Proprietary;
    public const byte Ins = 0xB4;
    public const byte P1 = 0x00;
    public const byte P2 = 0x00;

    public static CommandDefinition Definition { get; } = new("SM3 DIGEST", Cla, Ins,
    [
        new(MoreDataPrefix, "the digest (20 = 32 bytes) waits for GET RESPONSE", 0xFF00),
        new(SecurityNotSatisfied, "the PIN is not verified"),
    ]);

    public static byte[] Build(ReadOnlySpan<byte> data) => CommandApdu.Build(Cla, Ins, P1, P2, data);
}

/// <summary>
/// SM2 SIGN DIGEST of the SAM (§9's SM2SignHash): <c>80 B6 00 00 20 e</c> signs a 32-byte digest with the SAM's SM2 key; the
/// 64-byte r ‖ s waits behind 6140. The instruction code is D. Needs the PIN.
/// </summary>
public static class Sm2SignDigestCommand
{
    public const byte Cla = ApduClass.Proprietary;
    public const byte Ins = 0xB6;
    public const byte P1 = 0x00;
    public const byte P2 = 0x00;
    public const int DigestLength = 32;

    public static CommandDefinition Definition { get; } = new("SM2 SIGN DIGEST", Cla, Ins,
    [
        new(MoreDataPrefix, "the signature (40 = 64 bytes) waits for GET RESPONSE", 0xFF00),
        new(SecurityNotSatisfied, "the PIN is not verified"),
        new(KeyNotFound, "this SAM holds no signing key"),
        new(WrongLength, "the digest is not 32 bytes"),
    ]);

    public static byte[] Build(ReadOnlySpan<byte> digest) => CommandApdu.Build(Cla, Ins, P1, P2, digest);
}
