using System.Security.Cryptography;

namespace HealthCard.Crypto.Keys;

/// <summary>One custodian's share: its x coordinate (1–255) and one byte of y per byte of the secret.</summary>
public sealed record SecretShare(byte X, byte[] Y)
{
    /// <summary>"x-hex", the form a custodian writes down or stores on a token.</summary>
    public override string ToString() => $"{X:D3}-{Convert.ToHexString(Y)}";

    /// <summary>Parses <see cref="ToString"/>'s form; <see cref="FormatException"/> otherwise.</summary>
    public static SecretShare Parse(string text)
    {
        var parts = (text ?? "").Split('-');
        return parts.Length == 2 && byte.TryParse(parts[0], out var x) && x != 0
            ? new SecretShare(x, Convert.FromHexString(parts[1]))
            : throw new FormatException("A share is written as <x>-<hex>, with x from 1 to 255.");
    }
}

/// <summary>
/// Shamir's secret sharing over GF(2⁸) (the AES field, x⁸ + x⁴ + x³ + x + 1), byte by byte: M of N custodians together
/// rebuild the key-encryption key of a key ceremony, and fewer than M learn nothing about it. Arithmetic is table-free
/// and branch-free in the secret, so its timing does not depend on key material.
/// </summary>
public static class SecretSharing
{
    /// <summary>
    /// Splits <paramref name="secret"/> into <paramref name="shares"/> shares of which any <paramref name="threshold"/>
    /// rebuild it. Throws <see cref="ArgumentException"/> unless 2 ≤ threshold ≤ shares ≤ 255 and the secret is not empty.
    /// </summary>
    public static IReadOnlyList<SecretShare> Split(ReadOnlySpan<byte> secret, int threshold, int shares)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("The secret is empty.", nameof(secret));
        }
        if (threshold < 2 || threshold > shares || shares > 255)
        {
            throw new ArgumentException($"Need 2 ≤ threshold ≤ shares ≤ 255, not {threshold} of {shares}.", nameof(threshold));
        }
        var length = secret.Length;
        var result = Enumerable.Range(1, shares).Select(x => new SecretShare((byte)x, new byte[length])).ToList();
        var coefficients = new byte[threshold];
        for (var i = 0; i < secret.Length; i++)
        {
            // f(x) = secret[i] + c1·x + … + c(M−1)·x^(M−1), fresh random coefficients per byte.
            coefficients[0] = secret[i];
            RandomNumberGenerator.Fill(coefficients.AsSpan(1));
            foreach (var share in result)
            {
                share.Y[i] = Evaluate(coefficients, share.X);
            }
        }
        CryptographicOperations.ZeroMemory(coefficients);
        return result;
    }

    /// <summary>
    /// Rebuilds the secret from at least the threshold's number of shares (Lagrange interpolation at 0). With fewer, the
    /// result is a wrong value, not an error: sharing cannot tell, so ceremonies check the result's KCV. Throws
    /// <see cref="ArgumentException"/> for no shares, repeated x, x = 0, or shares of different lengths.
    /// </summary>
    public static byte[] Combine(IReadOnlyList<SecretShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count == 0 || shares.Any(s => s.X == 0 || s.Y.Length != shares[0].Y.Length)
            || shares.Select(s => s.X).Distinct().Count() != shares.Count)
        {
            throw new ArgumentException("Shares must be non-empty, of one length, with distinct x from 1 to 255.", nameof(shares));
        }
        var secret = new byte[shares[0].Y.Length];
        for (var j = 0; j < shares.Count; j++)
        {
            // Lagrange basis at 0: Π x_m / (x_m − x_j); subtraction is XOR in GF(2⁸).
            byte basis = 1;
            for (var m = 0; m < shares.Count; m++)
            {
                if (m != j)
                {
                    basis = Multiply(basis, Divide(shares[m].X, (byte)(shares[m].X ^ shares[j].X)));
                }
            }
            for (var i = 0; i < secret.Length; i++)
            {
                secret[i] ^= Multiply(shares[j].Y[i], basis);
            }
        }
        return secret;
    }

    private static byte Evaluate(ReadOnlySpan<byte> coefficients, byte x)
    {
        byte y = 0;
        for (var k = coefficients.Length - 1; k >= 0; k--)
        {
            y = (byte)(Multiply(y, x) ^ coefficients[k]); // Horner
        }
        return y;
    }

    /// <summary>Carry-less multiplication reduced by 0x11B, without branches on the operands.</summary>
    internal static byte Multiply(byte a, byte b)
    {
        var product = 0;
        int left = a, right = b;
        for (var bit = 0; bit < 8; bit++)
        {
            product ^= -(right & 1) & left;
            right >>= 1;
            left = (left << 1) ^ (-(left >> 7) & 0x11B);
        }
        return (byte)product;
    }

    /// <summary>a / b = a · b²⁵⁴ (b ≠ 0), by square-and-multiply with a fixed sequence of operations.</summary>
    private static byte Divide(byte a, byte b)
    {
        byte inverse = 1, power = b;
        for (var bit = 0; bit < 8; bit++)
        {
            // 254 = 0b11111110: multiply in every power except b¹.
            inverse = bit == 0 ? inverse : Multiply(inverse, power);
            power = Multiply(power, power);
        }
        return Multiply(a, inverse);
    }
}
