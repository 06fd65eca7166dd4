using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// COMPUTE of the SAM (§7): <c>80 FA P1 00 Lc data</c> with the session key of the last DIVERSIFY: P1 00 encrypts whole blocks
/// (SM4-CBC, zero IV), P1 05 computes the 4-byte MAC (SM4-CBC-MAC, padded ISO 9797-1 method 2). The result waits behind 61xx
/// for <see cref="GetResponseCommand"/>. Needs the PIN.
/// </summary>
public static class ComputeCommand
{
    public const byte Cla = ApduClass.Proprietary;
    public const byte Ins = 0xFA;
    public const byte P1Encrypt = 0x00;
    public const byte P1Mac = 0x05;
    public const byte P2 = 0x00;

    public static CommandDefinition Definition { get; } = new("COMPUTE", Cla, Ins,
    [
        new(MoreDataPrefix, "the result (xx bytes) waits for GET RESPONSE", 0xFF00),
        new(SecurityNotSatisfied, "the PIN is not verified"),
        new(ConditionsNotSatisfied, "no session key: DIVERSIFY must come first"),
        new(WrongP1P2, "P1 is neither 00 (encrypt) nor 05 (MAC), or P2 is not 00"),
        new(WrongLength, "no data, or data to encrypt that is not whole 16-byte blocks"),
    ]);

    public static byte[] Encrypt(ReadOnlySpan<byte> blocks) => CommandApdu.Build(Cla, Ins, P1Encrypt, P2, blocks);

    public static byte[] Mac(ReadOnlySpan<byte> data) => CommandApdu.Build(Cla, Ins, P1Mac, P2, data);
}
