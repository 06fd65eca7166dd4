using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Keys;

/// <summary>
/// The platform's own SM2 signing key, held by the key service. Blacklists for offline terminals and electronic health
/// card codes are signed with it, so that a terminal holding only the public key can trust them.
/// </summary>
public interface IPlatformSigner
{
    /// <summary>
    /// Signs <paramref name="message"/> (SM2 with SM3, user ID <c>1234567812345678</c>, r‖s) with the active platform
    /// signing key. Fails with an <see cref="Unavailable"/> error while the key service is sealed or not initialised.
    /// </summary>
    Task<Result<PlatformSignature>> SignAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);
}

/// <summary>A platform signature with the key that made it: id, version and the 64-byte public key x‖y.</summary>
public sealed record PlatformSignature(string KeyId, int KeyVersion, byte[] PublicKey, byte[] Signature);

/// <summary>
/// Loads a SAM's keys when it is stocked in: the SAM image is personalized for its type (standard §7) with the keys of
/// its province, and comes back sealed under the key-encryption key, never in clear.
/// </summary>
public interface ISamKeyLoader
{
    /// <summary>Fails with a <see cref="Conflict"/> when the province holds no issued keys, <see cref="Unavailable"/> when sealed.</summary>
    Task<Result<LoadedSam>> LoadAsync(string serial, int type, string provinceCode, CancellationToken cancellationToken);
}

/// <summary>A personalized SAM image sealed under the key-encryption key, and the key version and certificate it holds.</summary>
public sealed record LoadedSam(byte[] SealedImage, int KeyVersion, byte[] Certificate);
