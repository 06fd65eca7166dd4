using HealthCard.Chip.Apdu;

namespace HealthCard.Chip.Virtual;

/// <summary>
/// Saving and loading a card's whole state (files, keys, retry counters, blocks) as a JSON image. The image holds the
/// card keys in clear, like the chip's own protected memory: it is a test and development artefact, to be kept as
/// carefully as a key set.
/// </summary>
public sealed partial class VirtualHealthCard
{
    public void Save(string path)
    {
        var image = new CardImage(
            Convert.ToHexString(ChipSerial),
            Profile,
            _cardBlocked,
            _directories.Values.Select(d => new DirectoryImage(
                d.Spec.Fid,
                d.Blocked,
                d.Keys.Select(k => new KeyImage(k.Key, Convert.ToHexString(k.Value.Value), k.Value.TriesLeft)).ToList(),
                d.Files.Values.Select(f => new FileImage(f.Spec.Path,
                    f.Spec.Kind == FileKind.Binary ? [Convert.ToHexString(f.Binary)] : f.Records.Select(Convert.ToHexString).ToList())).ToList()))
            .ToList());
        ImageFile.Write(path, image);
    }

    /// <summary>Loads an image written by <see cref="Save"/>; <see cref="FormatException"/> when it does not fit its profile.</summary>
    public static VirtualHealthCard Load(string path)
    {
        var image = ImageFile.Read<CardImage>(path, "card image");
        try
        {
            return FromImage(image);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The card image {path} does not fit its card profile: {e.Message}", e);
        }
    }

    private static VirtualHealthCard FromImage(CardImage image)
    {
        var card = CreateBlank(image.Profile, Convert.FromHexString(image.ChipSerial));
        card._cardBlocked = image.CardBlocked;
        foreach (var directoryImage in image.Directories)
        {
            var directory = card._directories.GetValueOrDefault(directoryImage.Fid)
                ?? throw new FormatException($"The card image has an unknown directory {directoryImage.Fid:X4}.");
            directory.Blocked = directoryImage.Blocked;
            foreach (var key in directoryImage.Keys)
            {
                card.LoadKey(directory.Spec.Fid, key.Reference, Convert.FromHexString(key.Value));
                directory.Keys[key.Reference].TriesLeft = key.TriesLeft;
            }
            foreach (var fileImage in directoryImage.Files)
            {
                var file = directory.Files.Values.FirstOrDefault(f => f.Spec.Path == fileImage.Path)
                    ?? throw new FormatException($"The card image has an unknown file {fileImage.Path}.");
                if (file.Spec.Kind == FileKind.Binary)
                {
                    card.WriteBinary(file.Spec.Path, 0, Convert.FromHexString(fileImage.Data.Single()));
                    continue;
                }
                if (fileImage.Data.Count != file.Records.Length)
                {
                    throw new FormatException($"{fileImage.Path} has {file.Records.Length} records, the image {fileImage.Data.Count}.");
                }
                for (var i = 0; i < file.Records.Length; i++)
                {
                    card.WriteRecord(file.Spec.Path, i + 1, Convert.FromHexString(fileImage.Data[i]));
                }
            }
        }
        return card;
    }

    private sealed record CardImage(string ChipSerial, CardProfile Profile, bool CardBlocked, List<DirectoryImage> Directories);

    private sealed record DirectoryImage(ushort Fid, bool Blocked, List<KeyImage> Keys, List<FileImage> Files);

    private sealed record KeyImage(byte Reference, string Value, int TriesLeft);

    /// <summary>A record file as its records in order (hex each), a binary file as one hex string.</summary>
    private sealed record FileImage(string Path, List<string> Data);
}
