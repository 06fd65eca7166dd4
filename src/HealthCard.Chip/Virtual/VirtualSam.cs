using System.Security.Cryptography;
using HealthCard.Chip.Apdu;
using HealthCard.Crypto.Certificates;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm2;
using HealthCard.Crypto.Sm3;
using HealthCard.Crypto.Sm4;
using static HealthCard.Chip.Apdu.StatusWord;

namespace HealthCard.Chip.Virtual;

/// <summary>
/// A SAM (安全存取模块, standard §7) of type 1–5 holding the master keys its type allows. Terminals use it to derive a
/// card's keys inside the SAM (DIVERSIFY, <c>80 DE</c>), compute cryptograms and MACs with them (COMPUTE, <c>80 FA</c>,
/// result via GET RESPONSE), hash with SM3 and sign with the SAM's SM2 key. Key material never leaves it. Every command
/// is answered with a status word.
/// </summary>
public sealed partial class VirtualSam : ISmartCard
{
    public const int MaxPinTries = 3;

    private readonly Dictionary<byte, byte[]> _masters;
    private readonly Sm2PrivateKey? _signingKey;
    private readonly Dictionary<ushort, byte[]> _files;
    private byte[] _pin;
    private int _pinTriesLeft = MaxPinTries;
    private bool _pinVerified;
    private byte[]? _sessionKey;
    private byte[]? _pending;

    /// <summary>MF/0016: terminal number, 6 bytes (province, city, issuer, serial 3).</summary>
    public const int TerminalNumberSize = 6;
    /// <summary>DF01/001A: application info, 25 bytes (key index, issuer id 8, receiver id 8, start and end dates cn4).</summary>
    public const int ApplicationInfoSize = 25;

    public VirtualSam(int type, string serial, IReadOnlyDictionary<byte, byte[]> masterKeys, string pin, Sm2PrivateKey? signingKey = null,
        byte[]? issuerCertificate = null, byte[]? samCertificate = null, byte[]? terminalNumber = null, byte[]? applicationInfo = null)
    {
        ArgumentNullException.ThrowIfNull(masterKeys);
        if (serial is not { Length: 10 } || !serial.All(char.IsAscii))
        {
            throw new ArgumentException("A SAM serial is 10 ASCII characters.", nameof(serial));
        }
        Type = type;
        Serial = serial;
        var held = SamKeys.HeldBy(type);
        // A SAM holds exactly the keys its type allows: anything else given here is not loaded.
        _masters = masterKeys.Where(k => held.Contains(k.Key)).ToDictionary(k => k.Key, k => k.Value.ToArray());
        _signingKey = signingKey;
        _pin = System.Text.Encoding.ASCII.GetBytes(pin);
        byte[] publicInfo = [.. System.Text.Encoding.ASCII.GetBytes(serial), 0x01, (byte)type, 0x01, 0x00];
        _files = new Dictionary<ushort, byte[]>
        {
            [SamReadBinaryCommand.PublicInfo] = publicInfo,
            [SamReadBinaryCommand.TerminalNumber] = Sized(terminalNumber, TerminalNumberSize, nameof(terminalNumber)),
            [SamReadBinaryCommand.ApplicationInfo] = Sized(applicationInfo, ApplicationInfoSize, nameof(applicationInfo)),
            [SamReadBinaryCommand.IssuerCertificate] = Sized(issuerCertificate, CompactCertificate.IssuerSize, nameof(issuerCertificate)),
            [SamReadBinaryCommand.SamCertificate] = Sized(samCertificate, CompactCertificate.SamSize, nameof(samCertificate)),
        };
    }

    /// <summary>The answer to reset (D): 3B, T0 with 10 historical bytes, which are the SAM serial in ASCII.</summary>
    public byte[] Atr => [0x3B, 0x0A, .. System.Text.Encoding.ASCII.GetBytes(Serial)];

    /// <summary>Power-on reset: the PIN must be verified again and any session key or pending result is gone.</summary>
    public void Reset()
    {
        _pinVerified = false;
        _sessionKey = null;
        _pending = null;
    }

    private static byte[] Sized(byte[]? content, int size, string name) => content is null ? new byte[size]
        : content.Length == size ? content.ToArray() : throw new ArgumentException($"The file holds exactly {size} bytes.", name);

    public int Type { get; }

    public string Serial { get; }

    /// <summary>The indexes of the master keys this SAM holds.</summary>
    public IEnumerable<byte> KeyIndexes => _masters.Keys.Order();

    public byte[] Transmit(ReadOnlySpan<byte> apdu)
    {
        if (!CommandApdu.TryParse(apdu, out var command))
        {
            return ResponseApdu.Of(WrongLength);
        }
        return (command.Cla, command.Ins) switch
        {
            (VerifyPinCommand.Cla, VerifyPinCommand.Ins) => VerifyPin(command),
            (ChangePinCommand.Cla, ChangePinCommand.Ins) => ChangePin(command),
            (SelectCommand.Cla, SelectCommand.Ins) => ResponseApdu.Of(Ok), // the SAM has one application
            (SamReadBinaryCommand.Cla, SamReadBinaryCommand.Ins) => ReadBinary(command),
            (GetResponseCommand.Cla, GetResponseCommand.Ins) => GetResponse(command),
            (DiversifyCommand.Cla, DiversifyCommand.Ins) => Guarded(Diversify, command),
            (ComputeCommand.Cla, ComputeCommand.Ins) => Guarded(Compute, command),
            (Sm3DigestCommand.Cla, Sm3DigestCommand.Ins) => Guarded(Digest, command),
            (Sm2SignDigestCommand.Cla, Sm2SignDigestCommand.Ins) => Guarded(SignDigest, command),
            _ => ResponseApdu.Of(InsNotSupported),
        };
    }

    private delegate byte[] Handler(CommandApdu command);

    private byte[] Guarded(Handler handler, CommandApdu command) => _pinVerified ? handler(command) : ResponseApdu.Of(SecurityNotSatisfied);

    private byte[] VerifyPin(CommandApdu command) => ResponseApdu.Of(CheckPin(command.Data));

    /// <summary><c>80 5E 01 00 Lc old ‖ FF ‖ new</c> (§7).</summary>
    private byte[] ChangePin(CommandApdu command)
    {
        var separator = command.Data.IndexOf(ChangePinCommand.Separator);
        if (command.P1 != ChangePinCommand.P1 || separator < 1 || separator == command.Data.Length - 1)
        {
            return ResponseApdu.Of(command.P1 != ChangePinCommand.P1 ? WrongP1P2 : WrongLength);
        }
        var status = CheckPin(command.Data[..separator]);
        if (status == Ok)
        {
            _pin = command.Data[(separator + 1)..].ToArray();
        }
        return ResponseApdu.Of(status);
    }

    /// <summary>Checks a PIN against the retry counter: 9000, 63Cx (x tries left) or 6983 (blocked).</summary>
    private ushort CheckPin(ReadOnlySpan<byte> pin)
    {
        if (_pinTriesLeft == 0)
        {
            return AuthenticationBlocked;
        }
        if (CryptographicOperations.FixedTimeEquals(pin, _pin))
        {
            _pinTriesLeft = MaxPinTries;
            _pinVerified = true;
            return Ok;
        }
        _pinVerified = false;
        _pinTriesLeft--;
        return _pinTriesLeft == 0 ? AuthenticationBlocked : VerifyFailed(_pinTriesLeft);
    }

    private byte[] ReadBinary(CommandApdu command)
    {
        // P1 = 0x80 | short file identifier (0x15, 0x1B, 0x1C), P2 = offset.
        var byShortId = (command.P1 & SamReadBinaryCommand.ShortFileIdFlag) != 0;
        if (!byShortId || !_files.TryGetValue((ushort)(command.P1 & 0x1F), out var file))
        {
            return ResponseApdu.Of(byShortId ? FileNotFound : WrongP1P2);
        }
        if (command.P2 >= file.Length)
        {
            return ResponseApdu.Of(WrongP1P2);
        }
        var length = Math.Min(command.Le ?? 256, file.Length - command.P2);
        return ResponseApdu.Of(file.AsSpan(command.P2, length), Ok);
    }

    /// <summary>
    /// <c>80 DE 00 keyIndex Lc diversifiers</c>: derives the card key of <paramref name="command"/>'s key index into the
    /// session key: 8 bytes = one level (card), 16 bytes = two levels (city ‖ card), as the key's directory requires.
    /// </summary>
    private byte[] Diversify(CommandApdu command)
    {
        _sessionKey = null;
        if (SamKeys.Slot(command.P2) is not { } slot)
        {
            return ResponseApdu.Of(WrongP1P2);
        }
        if (!_masters.TryGetValue(slot.Index, out var master))
        {
            return ResponseApdu.Of(KeyNotFound);
        }
        if (command.Data.Length != slot.Levels * KeyDerivation.DiversifierSize)
        {
            return ResponseApdu.Of(WrongLength);
        }
        _sessionKey = slot.Levels == 1
            ? KeyDerivation.Diversify(master, command.Data)
            : KeyDerivation.Diversify(master, command.Data[..8], command.Data[8..]);
        return ResponseApdu.Of(Ok);
    }

    /// <summary>
    /// <c>80 FA P1 00 Lc data</c> with the session key: P1 00 = SM4-CBC (zero IV) of whole blocks; P1 05 = the 4-byte
    /// SM4-CBC-MAC of the data (padded ISO 9797-1 method 2). The result waits behind 61xx for GET RESPONSE.
    /// </summary>
    private byte[] Compute(CommandApdu command)
    {
        if (_sessionKey is null)
        {
            return ResponseApdu.Of(ConditionsNotSatisfied);
        }
        if (command.P2 != ComputeCommand.P2 || command.P1 is not (ComputeCommand.P1Encrypt or ComputeCommand.P1Mac))
        {
            return ResponseApdu.Of(WrongP1P2);
        }
        if (command.Data.IsEmpty || (command.P1 == ComputeCommand.P1Encrypt && command.Data.Length % Sm4Block.BlockSize != 0))
        {
            return ResponseApdu.Of(WrongLength);
        }
        return Pending(command.P1 == ComputeCommand.P1Encrypt
            ? Sm4Block.EncryptCbc(_sessionKey, stackalloc byte[Sm4Block.BlockSize], command.Data)
            : Sm4Block.Mac(_sessionKey, command.Data)[..CardCryptography.MacSize]);
    }

    private byte[] Digest(CommandApdu command) => Pending(Sm3Hash.Hash(command.Data));

    private byte[] SignDigest(CommandApdu command)
    {
        if (_signingKey is null)
        {
            return ResponseApdu.Of(KeyNotFound);
        }
        return command.Data.Length == Sm2SignDigestCommand.DigestLength ? Pending(Sm2Algorithm.SignDigest(_signingKey, command.Data)) : ResponseApdu.Of(WrongLength);
    }

    private byte[] Pending(byte[] result)
    {
        _pending = result;
        return ResponseApdu.Of(MoreData(result.Length));
    }

    private byte[] GetResponse(CommandApdu command)
    {
        if (_pending is null)
        {
            return ResponseApdu.Of(ConditionsNotSatisfied);
        }
        if (command.Le != _pending.Length)
        {
            return ResponseApdu.Of(WrongLength);
        }
        var result = _pending;
        _pending = null;
        return ResponseApdu.Of(result, Ok);
    }
}
