using HealthCard.Crypto.Keys;

namespace HealthCard.Crypto.Tests;

public sealed class SecretSharingTests
{
    private static readonly byte[] Kek = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");

    [Fact]
    public void FieldMultiplication_MatchesTheAesExample()
    {
        SecretSharing.Multiply(0x57, 0x83).ShouldBe((byte)0xC1); // FIPS-197 §4.2
        SecretSharing.Multiply(0x57, 0x13).ShouldBe((byte)0xFE);
        SecretSharing.Multiply(0x00, 0xFF).ShouldBe((byte)0x00);
    }

    [Fact]
    public void EveryThreeOfFive_RebuildTheSecret()
    {
        var shares = SecretSharing.Split(Kek, threshold: 3, shares: 5);

        shares.Select(s => s.X).ShouldBe(new byte[] { 1, 2, 3, 4, 5 });
        foreach (var subset in Subsets(shares, 3).Concat(Subsets(shares, 4)).Append(shares))
        {
            SecretSharing.Combine(subset).ShouldBe(Kek, string.Join(",", subset.Select(s => s.X)));
        }
    }

    [Fact]
    public void FewerSharesThanTheThreshold_DoNotRebuildIt()
    {
        var shares = SecretSharing.Split(Kek, threshold: 3, shares: 5);

        foreach (var pair in Subsets(shares, 2))
        {
            SecretSharing.Combine(pair).ShouldNotBe(Kek);
        }
        shares[0].Y.ShouldNotBe(Kek);
    }

    [Fact]
    public void SplittingTwice_GivesDifferentShares()
    {
        SecretSharing.Split(Kek, 2, 3)[0].Y.ShouldNotBe(SecretSharing.Split(Kek, 2, 3)[0].Y);
    }

    [Fact]
    public void Shares_RoundTripThroughTheirWrittenForm()
    {
        var share = SecretSharing.Split(Kek, 2, 2)[1];

        SecretShare.Parse(share.ToString()).ShouldBe(share with { }, new ShareComparer());
        Should.Throw<FormatException>(() => SecretShare.Parse("000-00"));
        Should.Throw<FormatException>(() => SecretShare.Parse("nonsense"));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(4, 3)]
    [InlineData(2, 256)]
    public void BadThresholds_AreRefused(int threshold, int count) =>
        Should.Throw<ArgumentException>(() => SecretSharing.Split(Kek, threshold, count));

    [Fact]
    public void BadShareSets_AreRefused()
    {
        var shares = SecretSharing.Split(Kek, 2, 3);

        Should.Throw<ArgumentException>(() => SecretSharing.Combine([]));
        Should.Throw<ArgumentException>(() => SecretSharing.Combine([shares[0], shares[0]]));
        Should.Throw<ArgumentException>(() => SecretSharing.Combine([shares[0], shares[1] with { Y = [1, 2] }]));
    }

    private static IEnumerable<List<SecretShare>> Subsets(IReadOnlyList<SecretShare> shares, int size) =>
        size == 0 ? [[]]
            : Enumerable.Range(0, shares.Count - size + 1).SelectMany(i =>
                Subsets(shares.Skip(i + 1).ToList(), size - 1).Select(rest => new List<SecretShare> { shares[i] }.Concat(rest).ToList()));

    private sealed class ShareComparer : IEqualityComparer<SecretShare>
    {
        public bool Equals(SecretShare? x, SecretShare? y) => x!.X == y!.X && x.Y.AsSpan().SequenceEqual(y.Y);

        public int GetHashCode(SecretShare obj) => obj.X;
    }
}
