using HealthCard.Crypto.Sm2;

namespace HealthCard.Chip.Virtual;

/// <summary>
/// Saving and loading a SAM's whole state (type, serial, master keys, signing key, PIN and its retry counter, public
/// files) as a JSON image. Like the card image it holds keys in clear, as the SAM's protected memory does: a test and
/// development artefact, to be kept as carefully as a key set.
/// </summary>
public sealed partial class VirtualSam
{
    public void Save(string path) => ImageFile.Write(path, ToImage());

    /// <summary>
    /// The image as UTF-8 JSON bytes, the same content <see cref="Save"/> writes. The key service seals these bytes under
    /// its key-encryption key, so a SAM personalized by the platform never touches a disk in clear; zero them after use.
    /// </summary>
    public byte[] ExportImage() => ImageFile.ToBytes(ToImage());

    /// <summary>Loads <see cref="ExportImage"/>'s bytes; <see cref="FormatException"/> when they are not an image.</summary>
    public static VirtualSam ImportImage(ReadOnlySpan<byte> image) => FromImage(ImageFile.FromBytes<SamImage>(image, "SAM image"), "bytes");

    private SamImage ToImage()
    {
        string? signingKey = null;
        if (_signingKey is not null)
        {
            var scalar = new byte[32];
            _signingKey.WriteTo(scalar);
            signingKey = Convert.ToHexString(scalar);
            Array.Clear(scalar);
        }
        return new SamImage(Type, Serial, Convert.ToHexString(_pin), _pinTriesLeft,
            _masters.OrderBy(k => k.Key).ToDictionary(k => $"{k.Key:X2}", k => Convert.ToHexString(k.Value)),
            signingKey,
            _files.OrderBy(f => f.Key).ToDictionary(f => $"{f.Key:X4}", f => Convert.ToHexString(f.Value)));
    }

    /// <summary>Loads an image written by <see cref="Save"/>; <see cref="FormatException"/> when it is not one.</summary>
    public static VirtualSam Load(string path) => FromImage(ImageFile.Read<SamImage>(path, "SAM image"), path);

    private static VirtualSam FromImage(SamImage image, string path)
    {
        try
        {
            Dictionary<ushort, byte[]> files = image.Files.ToDictionary(f => Convert.ToUInt16(f.Key, 16), f => Convert.FromHexString(f.Value));
            var sam = new VirtualSam(image.Type, image.Serial,
                image.MasterKeys.ToDictionary(k => Convert.ToByte(k.Key, 16), k => Convert.FromHexString(k.Value)),
                pin: "",
                image.SigningKey is null ? null : Sm2PrivateKey.Import(Convert.FromHexString(image.SigningKey)),
                files.GetValueOrDefault((ushort)0x001B), files.GetValueOrDefault((ushort)0x001C), files.GetValueOrDefault((ushort)0x0016), files.GetValueOrDefault((ushort)0x001A))
            {
                _pin = Convert.FromHexString(image.Pin),
                _pinTriesLeft = Math.Clamp(image.PinTriesLeft, 0, MaxPinTries),
            };
            return sam;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            throw new FormatException($"The SAM image {path} is not valid: {e.Message}", e);
        }
    }

    /// <summary>Master keys by SAM key index ("2A"), files by identifier ("001C"), all values hex.</summary>
    private sealed record SamImage(int Type, string Serial, string Pin, int PinTriesLeft, Dictionary<string, string> MasterKeys,
        string? SigningKey, Dictionary<string, string> Files);
}
