using System.Buffers.Binary;
using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>DDF1/EF07 照片 (standard §4): binary, a 2-byte big-endian length, then the JPEG of at most 3072 bytes.</summary>
public static class PhotoFile
{
    /// <summary>The file's size: 3074 bytes.</summary>
    public const int Size = 3074;

    /// <summary>The longest photo the file holds: 3072 bytes.</summary>
    public const int MaxPhotoLength = Size - 2;

    /// <summary>The file's content for <paramref name="jpeg"/> (length ‖ bytes, not padded); <see cref="ArgumentException"/> when too long.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length > MaxPhotoLength)
        {
            throw new ArgumentException($"A photo has at most {MaxPhotoLength} bytes, not {jpeg.Length} (standard §4).", nameof(jpeg));
        }
        var bytes = new byte[2 + jpeg.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)jpeg.Length);
        jpeg.CopyTo(bytes.AsSpan(2));
        return bytes;
    }

    /// <summary>The photo in the file's bytes; <see cref="CardFormatException"/> when the length does not fit the file.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> file)
    {
        if (file.Length < 2)
        {
            throw new CardFormatException($"DDF1/EF07: {file.Length} bytes cannot hold the photo's length (standard §4).");
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(file);
        return length <= file.Length - 2 && length <= MaxPhotoLength
            ? file.Slice(2, length).ToArray()
            : throw new CardFormatException($"DDF1/EF07: a photo length of {length} does not fit the file (standard §4).");
    }
}
