using System.Security.Cryptography;
using HealthCard.Chip.Apdu;
using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Virtual;

/// <summary>
/// A user card that answers the APDUs of standard §5 from an in-memory file system, enforcing the access conditions
/// of §6: reads of protected files need EXTERNAL AUTHENTICATE with the read key, plain updates of binary and cyclic
/// files need the update key, TLV record files are updated only with secure messaging (encrypted and MACed), and
/// index flags and block commands carry a MAC. Every command, however malformed, is answered with a status word.
/// </summary>
public sealed partial class VirtualHealthCard : ISmartCard
{
    /// <summary>Failed EXTERNAL AUTHENTICATE attempts allowed per key before it blocks (63Cx, then 6983).</summary>
    public const int MaxTries = 3;

    private readonly Dictionary<ushort, DirectoryState> _directories;
    private DirectoryState? _directory; // null while the MF is selected
    private FileState? _file;
    private byte[]? _challenge;
    private readonly HashSet<byte> _authenticated = [];
    private bool _cardBlocked;

    private VirtualHealthCard(byte[] chipSerial, CardProfile profile, Dictionary<ushort, DirectoryState> directories)
    {
        ChipSerial = chipSerial;
        Profile = profile;
        _directories = directories;
    }

    /// <summary>The chip serial (at least 8 bytes); its first 8 bytes diversify the card keys (§6).</summary>
    public byte[] ChipSerial { get; }

    public CardProfile Profile { get; }

    /// <summary>The answer to reset (D): 3B, T0 with 8 historical bytes, which are the first 8 bytes of the chip serial.</summary>
    public byte[] Atr => [0x3B, 0x08, .. ChipSerial.AsSpan(0, 8)];

    /// <summary>A blank card of <paramref name="profile"/>: every record and byte zero, every index flag free.</summary>
    public static VirtualHealthCard CreateBlank(CardProfile profile, ReadOnlySpan<byte> chipSerial)
    {
        if (chipSerial.Length < 8)
        {
            throw new ArgumentException("A chip serial has at least 8 bytes.", nameof(chipSerial));
        }
        var directories = CardLayout.Directories(profile).ToDictionary(d => d.Fid, d => new DirectoryState(d));
        return new VirtualHealthCard(chipSerial.ToArray(), profile, directories);
    }

    /// <summary>Personalization: loads a card key. Not reachable through APDUs.</summary>
    public void LoadKey(ushort directory, byte keyReference, ReadOnlySpan<byte> key)
    {
        var state = _directories[directory];
        if (!state.Spec.KeyReferences.Contains(keyReference) || key.Length != 16)
        {
            throw new ArgumentException($"Directory {directory:X4} has no key {keyReference:X2}, or the key is not 16 bytes.");
        }
        state.Keys[keyReference] = new KeyState(key.ToArray(), MaxTries);
    }

    /// <summary>Personalization: writes record <paramref name="number"/> (1-based) of a record file directly.</summary>
    public void WriteRecord(string path, int number, ReadOnlySpan<byte> record)
    {
        var file = FileAt(path);
        if (number < 1 || number > file.Records.Length || record.Length != file.Records[number - 1].Length)
        {
            throw new ArgumentException($"{path} has no record {number} of {record.Length} bytes.");
        }
        record.CopyTo(file.Records[number - 1]);
    }

    /// <summary>Personalization: writes bytes of a binary file directly.</summary>
    public void WriteBinary(string path, int offset, ReadOnlySpan<byte> data)
    {
        var file = FileAt(path);
        if (offset < 0 || offset + data.Length > file.Binary.Length)
        {
            throw new ArgumentException($"{path} has {file.Binary.Length} bytes; {data.Length} at {offset} do not fit.");
        }
        data.CopyTo(file.Binary.AsSpan(offset));
    }

    /// <summary>Every elementary file of the card, in directory and file order.</summary>
    public IEnumerable<FileSpec> Files => _directories.Values.SelectMany(d => d.Spec.Files);

    /// <summary>
    /// Inspection (a memory dump, not an APDU): a record file's records in order, or a binary file as one entry. Copies, so
    /// the card cannot be changed through them.
    /// </summary>
    public IReadOnlyList<byte[]> Contents(string path)
    {
        var file = FileAt(path);
        return file.Spec.Kind == FileKind.Binary ? [file.Binary.ToArray()] : file.Records.Select(r => r.ToArray()).ToList();
    }

    /// <summary>Power-on reset: the MF is selected and the security state is cleared.</summary>
    public void Reset()
    {
        _directory = null;
        _file = null;
        _challenge = null;
        _authenticated.Clear();
    }

    /// <summary>Processes one command APDU and returns the response APDU (data ‖ SW1 SW2). Never throws.</summary>
    public byte[] Transmit(ReadOnlySpan<byte> apdu)
    {
        if (!CommandApdu.TryParse(apdu, out var command))
        {
            return ResponseApdu.Of(WrongLength);
        }
        if (_cardBlocked)
        {
            return ResponseApdu.Of(ApplicationPermanentlyBlocked);
        }
        if (_directory is { Blocked: true }
            && !(command.Ins is SelectCommand.Ins or ApplicationUnblockCommand.Ins or GetChallengeCommand.Ins))
        {
            return ResponseApdu.Of(ConditionsNotSatisfied);
        }
        return (command.Cla, command.Ins) switch
        {
            (SelectCommand.Cla, SelectCommand.Ins) => Select(command),
            (ReadRecordCommand.Cla, ReadRecordCommand.Ins) => ReadRecord(command),
            (ReadBinaryCommand.Cla, ReadBinaryCommand.Ins) => ReadBinary(command),
            (UpdateBinaryCommand.Cla, UpdateBinaryCommand.Ins) => UpdateBinary(command),
            (AppendRecordCommand.Cla, AppendRecordCommand.Ins) => UpdateCyclicRecord(command),
            (UpdateRecordCommand.Cla, UpdateRecordCommand.Ins) => UpdateRecordSecurely(command),
            (GetChallengeCommand.Cla, GetChallengeCommand.Ins) => GetChallenge(command),
            (ExternalAuthenticateCommand.Cla, ExternalAuthenticateCommand.Ins) => ExternalAuthenticate(command),
            (SetIndexFlagCommand.Cla, SetIndexFlagCommand.Ins) => ChangeIndexFlag(command, valid: true),
            (EraseIndexFlagCommand.Cla, EraseIndexFlagCommand.Ins) => ChangeIndexFlag(command, valid: false),
            (ApplicationBlockCommand.Cla, ApplicationBlockCommand.Ins or ApplicationUnblockCommand.Ins or CardBlockCommand.Ins) => Block(command),
            _ when CommandSet.IsCardInstruction(command.Ins) => ResponseApdu.Of(ClassNotSupported),
            _ => ResponseApdu.Of(InsNotSupported),
        };
    }

    private byte[] Select(CommandApdu command)
    {
        if (command.P2 != SelectCommand.P2 || command.Data.IsEmpty)
        {
            return ResponseApdu.Of(command.Data.IsEmpty ? WrongLength : WrongP1P2);
        }
        if (command.P1 == SelectCommand.P1ByName)
        {
            foreach (var candidate in _directories.Values)
            {
                if (command.Data.SequenceEqual(candidate.Spec.Name))
                {
                    return EnterDirectory(candidate);
                }
            }
            return ResponseApdu.Of(FileNotFound);
        }
        if (command.P1 != SelectCommand.P1ByFid)
        {
            return ResponseApdu.Of(WrongP1P2);
        }
        if (command.Data.Length != SelectCommand.FidLength)
        {
            return ResponseApdu.Of(WrongLength);
        }
        var fid = (ushort)((command.Data[0] << 8) | command.Data[1]);
        if (fid == CardLayout.MasterFile)
        {
            Reset();
            return ResponseApdu.Of(Ok);
        }
        if (_directories.TryGetValue(fid, out var directory))
        {
            return EnterDirectory(directory);
        }
        if (_directory?.Files.GetValueOrDefault(fid) is { } file)
        {
            if (_directory.Blocked)
            {
                return ResponseApdu.Of(ConditionsNotSatisfied);
            }
            _file = file;
            return ResponseApdu.Of(Ok);
        }
        return ResponseApdu.Of(FileNotFound);
    }

    private byte[] EnterDirectory(DirectoryState directory)
    {
        // Security state belongs to a directory: entering another one forgets it.
        _directory = directory;
        _file = null;
        _authenticated.Clear();
        return ResponseApdu.Of(directory.Blocked ? SelectedFileBlocked : Ok);
    }

    private byte[] ReadRecord(CommandApdu command)
    {
        if (_file is not { Spec.Kind: not FileKind.Binary } file)
        {
            return ResponseApdu.Of(_file is null ? FileNotFound : ConditionsNotSatisfied);
        }
        if (!MayAccess(file.Spec.ReadKey))
        {
            return ResponseApdu.Of(SecurityNotSatisfied);
        }
        byte[]? record = command.P2 switch
        {
            ReadRecordCommand.P2ByNumber => command.P1 >= 1 && command.P1 <= file.Records.Length ? file.Records[command.P1 - 1] : null,
            ReadRecordCommand.P2ByTag when file.Spec.Kind == FileKind.TlvRecords => RecordWithTag(file, command.P1),
            _ => [],
        };
        if (record is null)
        {
            return ResponseApdu.Of(RecordNotFound);
        }
        if (record.Length == 0)
        {
            return ResponseApdu.Of(WrongP1P2);
        }
        if (command.Le is { } le && le != record.Length && le != 256)
        {
            return ResponseApdu.Of(WrongLength);
        }
        return ResponseApdu.Of(record, Ok);
    }

    private byte[] ReadBinary(CommandApdu command)
    {
        if (_file is not { Spec.Kind: FileKind.Binary } file)
        {
            return ResponseApdu.Of(_file is null ? FileNotFound : ConditionsNotSatisfied);
        }
        if (!MayAccess(file.Spec.ReadKey))
        {
            return ResponseApdu.Of(SecurityNotSatisfied);
        }
        if ((command.P1 & 0x80) != 0)
        {
            return ResponseApdu.Of(WrongP1P2); // short file identifiers are not used by this card
        }
        var offset = (command.P1 << 8) | command.P2;
        var length = command.Le ?? 256;
        if (!command.Data.IsEmpty || offset >= file.Binary.Length)
        {
            return ResponseApdu.Of(command.Data.IsEmpty ? WrongP1P2 : WrongLength);
        }
        return ResponseApdu.Of(file.Binary.AsSpan(offset, Math.Min(length, file.Binary.Length - offset)), Ok);
    }

    private byte[] UpdateBinary(CommandApdu command)
    {
        if (_file is not { Spec.Kind: FileKind.Binary } file)
        {
            return ResponseApdu.Of(_file is null ? FileNotFound : ConditionsNotSatisfied);
        }
        if (file.Spec.UpdateKey is null || !_authenticated.Contains(file.Spec.UpdateKey.Value))
        {
            return ResponseApdu.Of(SecurityNotSatisfied);
        }
        var offset = (command.P1 << 8) | command.P2;
        if ((command.P1 & 0x80) != 0 || command.Data.IsEmpty || offset + command.Data.Length > file.Binary.Length)
        {
            return ResponseApdu.Of(command.Data.IsEmpty ? WrongLength : WrongP1P2);
        }
        command.Data.CopyTo(file.Binary.AsSpan(offset));
        return ResponseApdu.Of(Ok);
    }

    private byte[] UpdateCyclicRecord(CommandApdu command)
    {
        if (_file is not { Spec.Kind: FileKind.CyclicRecords } file)
        {
            return ResponseApdu.Of(_file is null ? FileNotFound : ConditionsNotSatisfied);
        }
        if (command.P1 != AppendRecordCommand.P1 || command.P2 != AppendRecordCommand.P2Next)
        {
            return ResponseApdu.Of(WrongP1P2);
        }
        if (file.Spec.UpdateKey is null || !_authenticated.Contains(file.Spec.UpdateKey.Value))
        {
            return ResponseApdu.Of(SecurityNotSatisfied);
        }
        if (command.Data.Length != file.Records[0].Length)
        {
            return ResponseApdu.Of(WrongLength);
        }
        // The newest record is record 1; the oldest falls off the end (§4.1).
        var oldest = file.Records[^1];
        Array.Copy(file.Records, 0, file.Records, 1, file.Records.Length - 1);
        command.Data.CopyTo(oldest);
        file.Records[0] = oldest;
        return ResponseApdu.Of(Ok);
    }

    private byte[] UpdateRecordSecurely(CommandApdu command)
    {
        if (_file is not { Spec.Kind: FileKind.TlvRecords } file)
        {
            return ResponseApdu.Of(_file is null ? FileNotFound : ConditionsNotSatisfied);
        }
        if (command.P2 != UpdateRecordCommand.P2ByNumber || command.P1 < 1 || command.P1 > file.Records.Length)
        {
            return ResponseApdu.Of(command.P2 != UpdateRecordCommand.P2ByNumber ? WrongP1P2 : RecordNotFound);
        }
        if (file.Spec.UpdateKey is not { } keyReference || !_directory!.Keys.TryGetValue(keyReference, out var key))
        {
            return ResponseApdu.Of(SecurityNotSatisfied);
        }
        var challenge = TakeChallenge();
        if (challenge is null)
        {
            return ResponseApdu.Of(ChallengeNotValid);
        }
        if (command.Data.Length <= CardCryptography.MacSize)
        {
            return ResponseApdu.Of(WrongLength);
        }
        var encrypted = command.Data[..^CardCryptography.MacSize];
        var expected = CardCryptography.CommandMac(key.Value, challenge, command.Header, (byte)command.Data.Length, encrypted);
        if (!CryptographicOperations.FixedTimeEquals(expected, command.Data[^CardCryptography.MacSize..]))
        {
            return ResponseApdu.Of(SecureMessagingWrong);
        }
        var target = file.Records[command.P1 - 1];
        if (!CardCryptography.TryDecryptRecord(key.Value, encrypted, out var record)
            || record.Length != target.Length || record[0] != target[0] || record[1] != target[1])
        {
            return ResponseApdu.Of(SecureMessagingWrong); // authentic, but not the record it claims to replace
        }
        record.CopyTo(target, 0);
        return ResponseApdu.Of(Ok);
    }

    private byte[] GetChallenge(CommandApdu command)
    {
        if (command.P1 != GetChallengeCommand.P1 || command.P2 != GetChallengeCommand.P2)
        {
            return ResponseApdu.Of(WrongP1P2);
        }
        if (command.Le != GetChallengeCommand.Le || !command.Data.IsEmpty)
        {
            return ResponseApdu.Of(WrongLength);
        }
        _challenge = RandomNumberGenerator.GetBytes(CardCryptography.ChallengeSize);
        return ResponseApdu.Of(_challenge, Ok);
    }

    /// <summary>
    /// <c>00 82 00 keyRef Lc cryptogram(8) ‖ challenge(8) [‖ 01]</c> (§5). The echoed challenge must be the card's own
    /// (D); the trailing byte of the standard's example is accepted and ignored.
    /// </summary>
    private byte[] ExternalAuthenticate(CommandApdu command)
    {
        if (command.P1 != ExternalAuthenticateCommand.P1)
        {
            return ResponseApdu.Of(WrongP1P2);
        }
        if (command.Data.Length is not (ExternalAuthenticateCommand.MinData or ExternalAuthenticateCommand.MaxData))
        {
            return ResponseApdu.Of(WrongLength);
        }
        if (_directory is null || !_directory.Keys.TryGetValue(command.P2, out var key))
        {
            return ResponseApdu.Of(_directory is null ? ConditionsNotSatisfied : WrongP1P2);
        }
        if (key.TriesLeft == 0)
        {
            return ResponseApdu.Of(AuthenticationBlocked);
        }
        var challenge = TakeChallenge();
        if (challenge is null || !CryptographicOperations.FixedTimeEquals(challenge, command.Data.Slice(8, 8)))
        {
            return ResponseApdu.Of(ChallengeNotValid);
        }
        var expected = CardCryptography.AuthenticationCryptogram(key.Value, challenge);
        if (!CryptographicOperations.FixedTimeEquals(expected, command.Data[..8]))
        {
            key.TriesLeft--;
            return ResponseApdu.Of(key.TriesLeft == 0 ? AuthenticationBlocked : VerifyFailed(key.TriesLeft));
        }
        key.TriesLeft = MaxTries;
        _authenticated.Add(command.P2);
        return ResponseApdu.Of(Ok);
    }

    /// <summary><c>84 D2 rec 04 04 MAC</c> sets a DF03 index flag (0x00); <c>84 0C …</c> erases it (0xFF) (§5).</summary>
    private byte[] ChangeIndexFlag(CommandApdu command, bool valid)
    {
        if (_file is not { Spec.Kind: FileKind.IndexFlags } file)
        {
            return ResponseApdu.Of(_file is null ? FileNotFound : ConditionsNotSatisfied);
        }
        if (command.P2 != SetIndexFlagCommand.P2ByNumber || command.P1 < 1 || command.P1 > file.Records.Length)
        {
            return ResponseApdu.Of(command.P2 != SetIndexFlagCommand.P2ByNumber ? WrongP1P2 : RecordNotFound);
        }
        var keyReference = valid ? file.Spec.UpdateKey : file.Spec.EraseKey;
        var result = CheckMac(command, keyReference);
        if (result != Ok)
        {
            return ResponseApdu.Of(result);
        }
        file.Records[command.P1 - 1][0] = valid ? (byte)0x00 : (byte)0xFF;
        return ResponseApdu.Of(Ok);
    }

    /// <summary>Application block/unblock and card block, each with a MAC under the directory's maintenance key (§5, D).</summary>
    private byte[] Block(CommandApdu command)
    {
        if (_directory is null)
        {
            return ResponseApdu.Of(ConditionsNotSatisfied);
        }
        var maintenance = _directory.Spec.Fid == 0xDDF1 ? CardLayout.MaintenanceKeyDdf1 : CardLayout.MaintenanceKey;
        var result = command.P1 != BlockStatuses.P1 || command.P2 != BlockStatuses.P2 ? WrongP1P2 : CheckMac(command, maintenance);
        if (result != Ok)
        {
            return ResponseApdu.Of(result);
        }
        switch (command.Ins)
        {
            case ApplicationBlockCommand.Ins:
                _directory.Blocked = true;
                break;
            case ApplicationUnblockCommand.Ins:
                _directory.Blocked = false;
                break;
            default:
                _cardBlocked = true;
                break;
        }
        return ResponseApdu.Of(Ok);
    }

    /// <summary>A MAC-only command: data is exactly the 4-byte MAC over IV ‖ header ‖ Lc.</summary>
    private ushort CheckMac(CommandApdu command, byte? keyReference)
    {
        if (keyReference is not { } reference || !_directory!.Keys.TryGetValue(reference, out var key))
        {
            return SecurityNotSatisfied;
        }
        if (command.Data.Length != CardCryptography.MacSize)
        {
            return WrongLength;
        }
        var challenge = TakeChallenge();
        if (challenge is null)
        {
            return ChallengeNotValid;
        }
        var expected = CardCryptography.CommandMac(key.Value, challenge, command.Header, CardCryptography.MacSize, []);
        return CryptographicOperations.FixedTimeEquals(expected, command.Data) ? Ok : SecureMessagingWrong;
    }

    /// <summary>A challenge serves exactly one command.</summary>
    private byte[]? TakeChallenge()
    {
        var challenge = _challenge;
        _challenge = null;
        return challenge;
    }

    private static byte[]? RecordWithTag(FileState file, byte tag) => file.Records.FirstOrDefault(r => r[0] == tag);

    private bool MayAccess(byte? keyReference) => keyReference is null || _authenticated.Contains(keyReference.Value);

    private FileState FileAt(string path)
    {
        foreach (var directory in _directories.Values)
        {
            foreach (var file in directory.Files.Values)
            {
                if (file.Spec.Path == path)
                {
                    return file;
                }
            }
        }
        throw new ArgumentException($"The card has no file {path}.", nameof(path));
    }

    private sealed class DirectoryState(DirectorySpec spec)
    {
        public DirectorySpec Spec { get; } = spec;
        public Dictionary<ushort, FileState> Files { get; } = spec.Files.ToDictionary(f => f.Fid, f => new FileState(f));
        public Dictionary<byte, KeyState> Keys { get; } = [];
        public bool Blocked { get; set; }
    }

    private sealed class FileState(FileSpec spec)
    {
        public FileSpec Spec { get; } = spec;

        public byte[][] Records { get; } = spec.RecordSizes.Select((size, i) => Blank(spec, size, i)).ToArray();

        public byte[] Binary { get; } = new byte[spec.BinarySize];
    }

    /// <summary>A blank record: index flags free (0xFF); TLV records keep their tag and length with an absent value.</summary>
    private static byte[] Blank(FileSpec spec, int size, int index)
    {
        var record = new byte[size];
        if (spec.Kind == FileKind.IndexFlags)
        {
            record.AsSpan().Fill(0xFF);
        }
        else if (spec.Kind == FileKind.TlvRecords)
        {
            record[0] = spec.RecordTags[index];
            record[1] = (byte)(size - 2);
        }
        return record;
    }

    private sealed class KeyState(byte[] value, int triesLeft)
    {
        public byte[] Value { get; } = value;
        public int TriesLeft { get; set; } = triesLeft;
    }
}
