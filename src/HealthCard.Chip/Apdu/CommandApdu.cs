namespace HealthCard.Chip.Apdu;

/// <summary>
/// A short command APDU (ISO 7816-4 cases 1–4): CLA INS P1 P2 [Lc data] [Le]. Parsing never throws: a malformed
/// command is reported, so that the card can answer it with a status word.
/// </summary>
public readonly ref struct CommandApdu
{
    /// <summary>Lc is one byte: a short command carries at most 255 data bytes.</summary>
    public const int MaxData = 255;

    public byte Cla { get; private init; }
    public byte Ins { get; private init; }
    public byte P1 { get; private init; }
    public byte P2 { get; private init; }
    public ReadOnlySpan<byte> Data { get; private init; }

    /// <summary>The expected response length; 256 when Le is 00, null when absent.</summary>
    public int? Le { get; private init; }

    /// <summary>The first four bytes, as the MAC of secure messaging covers them.</summary>
    public ReadOnlySpan<byte> Header { get; private init; }

    public static bool TryParse(ReadOnlySpan<byte> apdu, out CommandApdu command)
    {
        command = default;
        if (apdu.Length < 4)
        {
            return false;
        }
        var body = apdu[4..];
        ReadOnlySpan<byte> data = default;
        int? le = null;
        if (body.Length == 1)
        {
            le = body[0] == 0 ? 256 : body[0];
        }
        else if (body.Length > 1)
        {
            var lc = body[0];
            if (lc == 0 || body.Length < 1 + lc || body.Length > 2 + lc)
            {
                return false;
            }
            data = body.Slice(1, lc);
            if (body.Length == 2 + lc)
            {
                le = body[1 + lc] == 0 ? 256 : body[1 + lc];
            }
        }
        command = new CommandApdu { Cla = apdu[0], Ins = apdu[1], P1 = apdu[2], P2 = apdu[3], Data = data, Le = le, Header = apdu[..4] };
        return true;
    }

    /// <summary>
    /// The bytes of a short command: CLA INS P1 P2, then Lc and data when there is data, then Le when one is expected
    /// (256 and 0 are both written 00). The command types of this namespace build every command through here.
    /// </summary>
    public static byte[] Build(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data = default, int? le = null)
    {
        if (data.Length > MaxData || le is < 0 or > 256)
        {
            throw new ArgumentException("A short APDU carries at most 255 data bytes and expects at most 256.");
        }
        var apdu = new byte[4 + (data.IsEmpty ? 0 : 1 + data.Length) + (le is null ? 0 : 1)];
        apdu[0] = cla;
        apdu[1] = ins;
        apdu[2] = p1;
        apdu[3] = p2;
        if (!data.IsEmpty)
        {
            apdu[4] = (byte)data.Length;
            data.CopyTo(apdu.AsSpan(5));
        }
        if (le is { } expected)
        {
            apdu[^1] = (byte)expected;
        }
        return apdu;
    }
}

/// <summary>Builds response APDUs: data ‖ SW1 SW2.</summary>
public static class ResponseApdu
{
    public static byte[] Of(ushort statusWord) => [(byte)(statusWord >> 8), (byte)statusWord];

    public static byte[] Of(ReadOnlySpan<byte> data, ushort statusWord)
    {
        var response = new byte[data.Length + 2];
        data.CopyTo(response);
        response[^2] = (byte)(statusWord >> 8);
        response[^1] = (byte)statusWord;
        return response;
    }

    public static ushort StatusOf(ReadOnlySpan<byte> response) =>
        response.Length >= 2 ? (ushort)((response[^2] << 8) | response[^1]) : throw new ArgumentException("A response has at least SW1 SW2.", nameof(response));

    public static ReadOnlySpan<byte> DataOf(ReadOnlySpan<byte> response) => response[..^2];
}
