namespace HealthCard.Chip.Tests;

/// <summary>Hand-written byte vectors: "19 80 01 01", plus runs of pad bytes.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary><paramref name="count"/> times "00 ".</summary>
    public static string Zeros(int count) => string.Concat(Enumerable.Repeat("00 ", count));

    /// <summary><paramref name="count"/> times "FF ".</summary>
    public static string Ffs(int count) => string.Concat(Enumerable.Repeat("FF ", count));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
