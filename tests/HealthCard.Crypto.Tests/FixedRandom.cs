using Org.BouncyCastle.Security;

namespace HealthCard.Crypto.Tests;

/// <summary>
/// The "random" number of a standard's worked example: every request for random bytes returns the example's value,
/// so that a signature or ciphertext can be compared with the published one. Test-only.
/// </summary>
internal sealed class FixedRandom(string hex) : SecureRandom
{
    private readonly byte[] _value = Convert.FromHexString(hex);

    public override void NextBytes(byte[] buf) => NextBytes(buf.AsSpan());

    public override void NextBytes(byte[] buf, int off, int len) => NextBytes(buf.AsSpan(off, len));

    public override void NextBytes(Span<byte> buffer)
    {
        buffer.Clear();
        var take = Math.Min(buffer.Length, _value.Length);
        _value.AsSpan(_value.Length - take).CopyTo(buffer[(buffer.Length - take)..]);
    }
}
