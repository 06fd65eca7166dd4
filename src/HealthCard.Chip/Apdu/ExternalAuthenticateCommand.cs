using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Apdu;

/// <summary>
/// EXTERNAL AUTHENTICATE (§5, §6): <c>00 82 00 keyRef 11 cryptogram(8) ‖ challenge(8) ‖ 01</c>. P2 is the key reference of the
/// selected directory (read keys DDF1 04, DF0n 84; update keys 05, 85–87). The echoed challenge must be the card's own (D);
/// the trailing 01 of the standard's example is accepted and ignored, so Lc is 16 or 17.
/// </summary>
public static class ExternalAuthenticateCommand
{
    public const byte Cla = ApduClass.Plain;
    public const byte Ins = 0x82;
    public const byte P1 = 0x00;
    /// <summary>The trailing byte of the standard's example.</summary>
    public const byte Trailer = 0x01;
    public const int MinData = CardCryptography.CryptogramSize + CardCryptography.ChallengeSize;
    public const int MaxData = MinData + 1;

    public static CommandDefinition Definition { get; } = new("EXTERNAL AUTHENTICATE", Cla, Ins,
    [
        new(Ok, "authenticated: the key's files may be read or updated until another directory is entered"),
        new(WrongP1P2, "P1 is not 00, or the directory has no such key"),
        new(WrongLength, "the data is not cryptogram ‖ challenge [‖ 01]"),
        new(ConditionsNotSatisfied, "no directory is selected"),
        new(AuthenticationBlocked, "the key is blocked: no tries left"),
        new(ChallengeNotValid, "the echoed challenge is not the card's last one"),
        new(VerifyFailedPrefix, "wrong cryptogram: x tries left", 0xFFF0),
    ]);

    public static byte[] Build(byte keyReference, ReadOnlySpan<byte> cryptogram, ReadOnlySpan<byte> challenge) =>
        CommandApdu.Build(Cla, Ins, P1, keyReference, [.. cryptogram, .. challenge, Trailer]);
}
