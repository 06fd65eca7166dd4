using System.Security.Cryptography;
using HealthCard.Crypto.Keys;

namespace HealthCard.App.Features.Keys;

/// <summary>The <c>HealthCard:Keys</c> configuration section.</summary>
public sealed class KeyServiceOptions
{
    public const string Section = "HealthCard:Keys";

    /// <summary>
    /// Custodian shares (<c>xxx-HEX</c>) that unseal the key service on first use, for automated deployments and tests.
    /// A production node leaves this empty and is unsealed by custodians through <c>POST /api/v1/keys/unseal</c>.
    /// </summary>
    public IReadOnlyList<string> Shares { get; set; } = [];

    /// <summary>The initial PIN of SAMs the platform personalizes (D); institutions change it with <c>80 5E</c> (§7).</summary>
    public string SamPin { get; set; } = "123456";

    /// <summary>
    /// How many components, each from a different custodian of the receiving tier, make a transport key (ADR 016). At
    /// least 2, whatever is configured: one person alone never registers a transport key.
    /// </summary>
    public int TransportKeyComponents { get; set; } = 2;

    /// <summary>How long issuer and SAM certificates are valid, in years (D).</summary>
    public int CertificateValidityYears { get; set; } = 10;
}

/// <summary>
/// Where an unseal stands: how many distinct shares have been given towards the threshold. <c>BadShare</c>: this share
/// failed its own check value and was refused, the shares already given are kept. <c>WrongShares</c>: a full set failed
/// the KEK check (only for a key store without share check values, or one whose check values were altered).
/// </summary>
public sealed record UnsealProgress(bool Sealed, int SharesReceived, int Threshold, bool WrongShares = false, bool BadShare = false);

/// <summary>
/// The only place the key-encryption key (KEK) lives in memory, one per process. The platform starts sealed; custodians'
/// shares accumulate here until the threshold, are combined (Shamir, GF(2⁸)) and the result is accepted only when its
/// KCV and the ceremony's verifier (a value wrapped under the KEK, whose 128-bit GCM tag must open) both match. The KEK
/// never leaves: callers wrap and unwrap through its methods. Sealing and disposing zero it and every pending share.
/// </summary>
public sealed class KeyVault : IDisposable
{
    /// <summary>The identity under which the ceremony wraps its verifier (16 zero bytes).</summary>
    internal const string VerifierIdentity = "kek-verifier|v1";

    private readonly Lock _lock = new();
    private readonly List<SecretShare> _pending = [];
    private byte[]? _kek;

    public bool IsUnsealed
    {
        get
        {
            lock (_lock)
            {
                return _kek is not null;
            }
        }
    }

    public int PendingShares
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Adds a custodian's share. A share that fails its own check value (ADR 016) is refused and forgotten, and the
    /// shares already given stay. At the threshold the shares are combined and checked; a set that still fails (a key
    /// store without share check values) is discarded whole and reported as <c>WrongShares</c>.
    /// </summary>
    internal UnsealProgress Submit(SecretShare share, KeyCeremonyRecord ceremony)
    {
        lock (_lock)
        {
            if (_kek is not null)
            {
                Forget(share);
                return new UnsealProgress(false, ceremony.Threshold, ceremony.Threshold);
            }
            if (ceremony.ShareCheckValues is not null && !ShareMatches(share, ceremony))
            {
                Forget(share);
                return new UnsealProgress(true, _pending.Count, ceremony.Threshold, BadShare: true);
            }
            var existing = _pending.FindIndex(s => s.X == share.X);
            if (existing >= 0)
            {
                // The same custodian twice counts once; keep the later copy.
                Forget(_pending[existing]);
                _pending[existing] = share;
            }
            else
            {
                _pending.Add(share);
            }
            if (_pending.Count < ceremony.Threshold)
            {
                return new UnsealProgress(true, _pending.Count, ceremony.Threshold);
            }
            byte[]? candidate = null;
            try
            {
                candidate = SecretSharing.Combine(_pending);
            }
            catch (ArgumentException)
            {
                // Shares of different lengths: certainly not one set.
            }
            ClearPending();
            if (candidate is not null && Matches(candidate, ceremony))
            {
                _kek = candidate;
                return new UnsealProgress(false, ceremony.Threshold, ceremony.Threshold);
            }
            if (candidate is not null)
            {
                CryptographicOperations.ZeroMemory(candidate);
            }
            return new UnsealProgress(true, 0, ceremony.Threshold, WrongShares: true);
        }
    }

    /// <summary>
    /// The check value of one share: SM3 over <c>"kek-share|v1|" ‖ ceremony id ‖ "|" ‖ x ‖ y</c>. A one-way function of one
    /// share: it confirms that share and nothing else, and with M − 1 shares the KEK is still one of 2¹²⁸ (ADR 016).
    /// </summary>
    internal static byte[] ShareCheckValue(Guid ceremonyId, SecretShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        var prefix = System.Text.Encoding.ASCII.GetBytes($"kek-share|v1|{ceremonyId:N}|");
        var input = new byte[prefix.Length + 1 + share.Y.Length];
        try
        {
            prefix.CopyTo(input, 0);
            input[prefix.Length] = share.X;
            share.Y.CopyTo(input, prefix.Length + 1);
            return Crypto.Sm3.Sm3Hash.Hash(input);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>The check values of every share of a ceremony, in custodian order, as stored on the ceremony record.</summary>
    internal static byte[] ShareCheckValues(Guid ceremonyId, IReadOnlyList<SecretShare> shares) =>
        [.. shares.OrderBy(s => s.X).SelectMany(s => ShareCheckValue(ceremonyId, s))];

    private static bool ShareMatches(SecretShare share, KeyCeremonyRecord ceremony)
    {
        var stored = ceremony.ShareCheckValues!;
        var offset = (share.X - 1) * ShareCheckSize;
        if (share.X < 1 || share.X > ceremony.Custodians || offset + ShareCheckSize > stored.Length || share.Y.Length != 16)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(ShareCheckValue(ceremony.Id, share), stored.AsSpan(offset, ShareCheckSize));
    }

    private const int ShareCheckSize = 32;

    /// <summary>Opens the vault with a KEK just generated by the ceremony (the vault keeps its own copy).</summary>
    internal void Open(ReadOnlySpan<byte> kek)
    {
        lock (_lock)
        {
            ClearPending();
            Zero();
            _kek = kek.ToArray();
        }
    }

    /// <summary>True when <paramref name="candidate"/> is the ceremony's KEK: KCV and verifier, compared in constant time.</summary>
    internal static bool Matches(ReadOnlySpan<byte> candidate, KeyCeremonyRecord ceremony)
    {
        if (candidate.Length != 16)
        {
            return false;
        }
        var kcv = KeyDerivation.CheckValue(candidate);
        var kcvMatches = CryptographicOperations.FixedTimeEquals(kcv, Convert.FromHexString(ceremony.KekCheckValue));
        if (!KeyWrap.TryUnwrap(candidate, ceremony.Verifier, VerifierIdentity, out var zeros))
        {
            return false;
        }
        CryptographicOperations.ZeroMemory(zeros);
        return kcvMatches;
    }

    /// <summary>Wraps <paramref name="key"/> under the KEK with its identity; throws when sealed (callers check first).</summary>
    internal byte[] Wrap(ReadOnlySpan<byte> key, string identity)
    {
        lock (_lock)
        {
            return KeyWrap.Wrap(Kek, key, identity);
        }
    }

    /// <summary>The unwrapped key, or false when the stored value does not open under this KEK and identity.</summary>
    internal bool TryUnwrap(ReadOnlySpan<byte> wrapped, string identity, out byte[] key)
    {
        lock (_lock)
        {
            return KeyWrap.TryUnwrap(Kek, wrapped, identity, out key);
        }
    }

    /// <summary>Forgets the KEK and every pending share. The platform is sealed until custodians unseal it again.</summary>
    public void Seal()
    {
        lock (_lock)
        {
            ClearPending();
            Zero();
        }
    }

    public void Dispose() => Seal();

    private byte[] Kek => _kek ?? throw new InvalidOperationException("The key service is sealed.");

    private void Zero()
    {
        if (_kek is not null)
        {
            CryptographicOperations.ZeroMemory(_kek);
            _kek = null;
        }
    }

    private void ClearPending()
    {
        foreach (var share in _pending)
        {
            Forget(share);
        }
        _pending.Clear();
    }

    private static void Forget(SecretShare share) => CryptographicOperations.ZeroMemory(share.Y);
}
