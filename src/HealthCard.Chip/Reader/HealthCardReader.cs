using HealthCard.Chip.Apdu;
using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;
using HealthCard.Crypto.Keys;
using HealthCard.Crypto.Sm4;

namespace HealthCard.Chip.Reader;

/// <summary>
/// Reads and writes a health card the way a hospital terminal must (standard §5, §6, §9): protected files are read
/// after EXTERNAL AUTHENTICATE with a cryptogram the SAM computes from the card's diversified key, TLV records are
/// written encrypted and MACed by the SAM, binary and cyclic files after update-key authentication. Keys never leave
/// the SAM. Every call returns a <see cref="ReaderError"/> code and never throws for card or SAM answers.
/// </summary>
/// <param name="trust">The national root key, to check the certificate chain of EE/ED signatures; without it a reader checks
/// only that a record's signature verifies under its own SAM certificate.</param>
public sealed partial class HealthCardReader(ICardChannel channel, string samPin, CardProfile? profile = null, RecordTrust? trust = null)
{
    /// <summary>READ/UPDATE BINARY move at most 0x80 bytes per command (§5).</summary>
    public const int BinaryChunk = ReadBinaryCommand.MaxChunk;

    private readonly IReadOnlyList<DirectorySpec> _layout = CardLayout.Directories(profile ?? CardProfile.Chip32K);
    private readonly HashSet<byte> _authenticated = [];
    private byte[] _cardDiversifier = [];
    private string _cityCode = "";
    private string _cardNumber = "";
    private byte[]? _cardIssuerCertificate;
    private ushort? _directory;

    /// <summary>Powers the card and the SAM, verifies the SAM PIN and reads the card's city code (needed to derive DF02/DF03 keys).</summary>
    public ReaderError Open()
    {
        var atr = channel.PowerOn(CardSlot.UserCard);
        if (atr.Length < 10)
        {
            return ReaderError.CardResponse;
        }
        // D: the chip serial is the ATR's historical bytes (ADR 007); its first 8 bytes diversify the card keys.
        _cardDiversifier = KeyDerivation.CardDiversifier(atr.AsSpan(2));
        _directory = null;
        _authenticated.Clear();
        channel.PowerOn(CardSlot.Sam1);
        if (SamPinStatus(samPin) != StatusWord.Ok)
        {
            return ReaderError.Sam;
        }
        var issuer = ReadIssuerData();
        if (!issuer.IsOk)
        {
            return issuer.Error;
        }
        _cityCode = issuer.Value!.CityCode;
        _cardNumber = issuer.Value.CardNumber;
        _cardIssuerCertificate = issuer.Value.IssuerCertificate.ToArray();
        _samCertificate = null;
        _samIssuerCertificate = null;
        return ReaderError.Ok;
    }

    public ReaderResult<Ddf1Ef05> ReadIssuerData() => ReadRecordFile("DDF1/EF05", Ddf1Ef05.DecodeRecords);

    public ReaderResult<Ddf1Ef06> ReadHolderIdentity() => ReadRecordFile("DDF1/EF06", Ddf1Ef06.DecodeRecords);

    public ReaderResult<Ddf1Ef08> ReadValidityAndPhones() => ReadRecordFile("DDF1/EF08", Ddf1Ef08.DecodeRecords);

    public ReaderResult<Df01Ef05> ReadAddresses() => ReadRecordFile("DF01/EF05", Df01Ef05.DecodeRecords);

    public ReaderResult<Df01Ef06> ReadContacts() => ReadRecordFile("DF01/EF06", Df01Ef06.DecodeRecords);

    public ReaderResult<Df01Ef07> ReadEducationMaritalOccupation() => ReadRecordFile("DF01/EF07", Df01Ef07.DecodeRecords);

    public ReaderResult<Df01Ef08> ReadDocuments() => ReadRecordFile("DF01/EF08", Df01Ef08.DecodeRecords);

    public ReaderError WriteValidityAndPhones(Ddf1Ef08 file) => WriteRecordFile("DDF1/EF08", file?.EncodeRecords());

    public ReaderError WriteAddresses(Df01Ef05 file) => WriteRecordFile("DF01/EF05", file?.EncodeRecords());

    public ReaderError WriteContacts(Df01Ef06 file) => WriteRecordFile("DF01/EF06", file?.EncodeRecords());

    public ReaderError WriteEducationMaritalOccupation(Df01Ef07 file) => WriteRecordFile("DF01/EF07", file?.EncodeRecords());

    public ReaderError WriteDocuments(Df01Ef08 file) => WriteRecordFile("DF01/EF08", file?.EncodeRecords());

    public ReaderResult<Df02Ef05> ReadClinicalData() => ReadRecordFile("DF02/EF05", Df02Ef05.DecodeRecords);

    public ReaderResult<Df02Ef06> ReadSpecialData() => ReadRecordFile("DF02/EF06", Df02Ef06.DecodeRecords);

    public ReaderError WriteClinicalData(Df02Ef05 file) => WriteRecordFile("DF02/EF05", file?.EncodeRecords());

    public ReaderError WriteSpecialData(Df02Ef06 file) => WriteRecordFile("DF02/EF06", file?.EncodeRecords());

    /// <summary>DF02/EF07, newest first, empty records left out.</summary>
    public ReaderResult<IReadOnlyList<Allergy>> ReadAllergies() => ReadCyclicFile("DF02/EF07", Allergy.DecodeRecord, a => a.IsEmpty);

    /// <summary>DF02/EF08, newest first, empty records left out.</summary>
    public ReaderResult<IReadOnlyList<Immunization>> ReadImmunizations() => ReadCyclicFile("DF02/EF08", Immunization.DecodeRecord, i => i.IsEmpty);

    /// <summary>iW_DF02EF07Info: the allergy becomes the newest record; with the file full, the oldest falls off (§4.1).</summary>
    public ReaderError AddAllergy(Allergy allergy) => allergy is null ? ReaderError.Parameter : AppendCyclicRecord("DF02/EF07", allergy.EncodeRecord());

    /// <summary>iW_DF02EF08Info: the immunisation becomes the newest record; with the file full, the oldest falls off (§4.1).</summary>
    public ReaderError AddImmunization(Immunization immunization) =>
        immunization is null ? ReaderError.Parameter : AppendCyclicRecord("DF02/EF08", immunization.EncodeRecord());

    /// <summary>DDF1/EF07: the JPEG (§4: at most 3072 bytes).</summary>
    public ReaderResult<byte[]> ReadPhoto()
    {
        var file = ReadBinaryFile("DDF1/EF07");
        if (!file.IsOk)
        {
            return file.Error;
        }
        try
        {
            return PhotoFile.Decode(file.Value);
        }
        catch (CardFormatException)
        {
            return ReaderError.PhotoData;
        }
    }

    public ReaderError WritePhoto(ReadOnlySpan<byte> jpeg) =>
        jpeg.Length > PhotoFile.MaxPhotoLength ? ReaderError.PhotoData : WriteBinaryFile("DDF1/EF07", 0, PhotoFile.Encode(jpeg));

    /// <summary>
    /// Every holder file of the card (DDF1, DF01, DF02 and the photo), each read with the authentication it needs: what a
    /// hospital terminal reads when a card is presented. Any failure returns the first failing file's code.
    /// </summary>
    public ReaderResult<Cardholder> ReadCardholder()
    {
        var identity = ReadHolderIdentity();
        var validity = ReadValidityAndPhones();
        var photo = _layout[0].Files.Any(f => f.Path == "DDF1/EF07") ? ReadPhoto() : Array.Empty<byte>();
        var addresses = ReadAddresses();
        var contacts = ReadContacts();
        var education = ReadEducationMaritalOccupation();
        var documents = ReadDocuments();
        var clinical = ReadClinicalData();
        var special = ReadSpecialData();
        var allergies = ReadAllergies();
        var immunizations = ReadImmunizations();
        ReaderError[] errors = [identity.Error, validity.Error, photo.Error, addresses.Error, contacts.Error, education.Error,
            documents.Error, clinical.Error, special.Error, allergies.Error, immunizations.Error];
        var failure = errors.FirstOrDefault(e => e != ReaderError.Ok);
        if (failure != ReaderError.Ok)
        {
            return failure;
        }
        return new Cardholder
        {
            Identity = identity.Value!,
            ValidityAndPhones = validity.Value!,
            Photo = photo.Value,
            Addresses = addresses.Value!,
            Contacts = contacts.Value!,
            EducationMaritalOccupation = education.Value!,
            Documents = documents.Value!,
            Clinical = clinical.Value!,
            Special = special.Value!,
            Allergies = allergies.Value!,
            Immunizations = immunizations.Value!,
        };
    }

    /// <summary>Every record of a record file, as stored (for cyclic files, newest first).</summary>
    public ReaderResult<IReadOnlyList<byte[]>> ReadRecords(string path)
    {
        var (file, error) = Enter(path, read: true);
        if (error != ReaderError.Ok)
        {
            return error;
        }
        var records = new List<byte[]>();
        for (var n = 1; n <= file!.RecordSizes.Count; n++)
        {
            var (data, status) = Card(ReadRecordCommand.ByNumber(n, file.RecordSizes[n - 1]));
            if (status != StatusWord.Ok)
            {
                return ReaderError.ReadRecord;
            }
            records.Add(data);
        }
        return records;
    }

    /// <summary>A cyclic write (allergies, immunisations): the record becomes record 1 and the oldest falls off.</summary>
    public ReaderError AppendCyclicRecord(string path, ReadOnlySpan<byte> record)
    {
        var (file, error) = Enter(path, read: false);
        if (error != ReaderError.Ok)
        {
            return error;
        }
        if (file!.Kind != FileKind.CyclicRecords || record.Length != file.RecordSizes[0])
        {
            return ReaderError.Parameter;
        }
        return Card(AppendRecordCommand.Build(record)).Status == StatusWord.Ok
            ? ReaderError.Ok : ReaderError.WriteRecord;
    }

    public ReaderResult<byte[]> ReadBinaryFile(string path) => ReadBinaryFile(path, 0, null);

    /// <summary>Bytes <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="length"/> of a binary file (all of it when null).</summary>
    public ReaderResult<byte[]> ReadBinaryFile(string path, int offset, int? length)
    {
        var (file, error) = Enter(path, read: true);
        if (error != ReaderError.Ok)
        {
            return error;
        }
        var size = length ?? file!.BinarySize - offset;
        if (offset < 0 || size < 0 || offset + size > file!.BinarySize)
        {
            return ReaderError.Parameter;
        }
        var content = new byte[size];
        for (var done = 0; done < size; done += BinaryChunk)
        {
            var at = offset + done;
            var chunk = Math.Min(BinaryChunk, size - done);
            var (data, status) = Card(ReadBinaryCommand.At(at, chunk));
            if (status != StatusWord.Ok || data.Length != chunk)
            {
                return ReaderError.ReadBinary;
            }
            data.CopyTo(content, done);
        }
        return content;
    }

    public ReaderError WriteBinaryFile(string path, int offset, ReadOnlySpan<byte> data)
    {
        var (file, error) = Enter(path, read: false);
        if (error != ReaderError.Ok)
        {
            return error;
        }
        if (offset < 0 || offset + data.Length > file!.BinarySize)
        {
            return ReaderError.Parameter;
        }
        for (var done = 0; done < data.Length; done += BinaryChunk)
        {
            var at = offset + done;
            var chunk = data.Slice(done, Math.Min(BinaryChunk, data.Length - done));
            if (Card(UpdateBinaryCommand.At(at, chunk)).Status != StatusWord.Ok)
            {
                return ReaderError.WriteBinary;
            }
        }
        return ReaderError.Ok;
    }

    /// <summary>Sets (valid) or erases (free) a DF03 index flag with a MAC computed by the SAM (§5).</summary>
    public ReaderError SetIndexFlag(string path, int record, bool valid)
    {
        var (file, error) = Enter(path, read: false, authenticate: false);
        if (error != ReaderError.Ok)
        {
            return error;
        }
        if (file!.Kind != FileKind.IndexFlags || record < 1 || record > file.RecordSizes.Count)
        {
            return ReaderError.Parameter;
        }
        var failure = valid ? ReaderError.WriteIndexFlag : ReaderError.EraseIndexFlag;
        var key = valid ? file.UpdateKey : file.EraseKey;
        if (key is null || Diversify(key.Value) != ReaderError.Ok)
        {
            return ReaderError.Sam;
        }
        var (challenge, challengeStatus) = Card(GetChallengeCommand.Build());
        if (challengeStatus != StatusWord.Ok)
        {
            return ReaderError.CardResponse;
        }
        var header = valid ? SetIndexFlagCommand.Header(record) : EraseIndexFlagCommand.Header(record);
        var mac = SamMac(challenge, header, CardCryptography.MacSize, []);
        if (mac is null)
        {
            return ReaderError.Sam;
        }
        var command = valid ? SetIndexFlagCommand.Build(record, mac) : EraseIndexFlagCommand.Build(record, mac);
        return Card(command).Status == StatusWord.Ok ? ReaderError.Ok : failure;
    }

    private ReaderResult<IReadOnlyList<T>> ReadCyclicFile<T>(string path, Func<ReadOnlySpan<byte>, T> decode, Func<T, bool> isEmpty)
    {
        var records = ReadRecords(path);
        if (!records.IsOk)
        {
            return records.Error;
        }
        try
        {
            return records.Value!.Select(r => decode(r)).Where(r => !isEmpty(r)).ToList();
        }
        catch (CardFormatException)
        {
            return ReaderError.CardResponse;
        }
    }

    private ReaderResult<T> ReadRecordFile<T>(string path, Func<IReadOnlyList<ReadOnlyMemory<byte>>, T> decode)
    {
        var records = ReadRecords(path);
        if (!records.IsOk)
        {
            return records.Error;
        }
        try
        {
            return decode(records.Value!.Select(r => (ReadOnlyMemory<byte>)r).ToList());
        }
        catch (CardFormatException)
        {
            return ReaderError.CardResponse;
        }
    }

    /// <summary>Writes every record of a TLV file with secure messaging: encrypted and MACed by the SAM (§6).</summary>
    private ReaderError WriteRecordFile(string path, IReadOnlyList<byte[]>? records)
    {
        if (records is null)
        {
            return ReaderError.Parameter;
        }
        var (file, error) = Enter(path, read: false, authenticate: false);
        if (error != ReaderError.Ok)
        {
            return error;
        }
        if (file!.UpdateKey is not { } key || Diversify(key) != ReaderError.Ok)
        {
            return ReaderError.Sam;
        }
        for (var n = 1; n <= records.Count; n++)
        {
            var (challenge, status) = Card(GetChallengeCommand.Build());
            var encrypted = SamResult(ComputeCommand.Encrypt(Sm4Block.Pad(records[n - 1])));
            if (status != StatusWord.Ok || encrypted is null)
            {
                return status != StatusWord.Ok ? ReaderError.CardResponse : ReaderError.Sam;
            }
            var mac = SamMac(challenge, UpdateRecordCommand.Header(n), UpdateRecordCommand.Lc(encrypted.Length), encrypted);
            if (mac is null)
            {
                return ReaderError.Sam;
            }
            if (Card(UpdateRecordCommand.Build(n, encrypted, mac)).Status != StatusWord.Ok)
            {
                return ReaderError.WriteRecord;
            }
        }
        return ReaderError.Ok;
    }

    /// <summary>Selects a file and, unless the file is free, authenticates the key the operation needs.</summary>
    private (FileSpec? File, ReaderError Error) Enter(string path, bool read, bool authenticate = true)
    {
        var directory = _layout.FirstOrDefault(d => d.Files.Any(f => f.Path == path));
        var file = directory?.Files.First(f => f.Path == path);
        if (directory is null || file is null)
        {
            return (null, ReaderError.Parameter);
        }
        if (_directory != directory.Fid)
        {
            if (Card(SelectCommand.ByFid(directory.Fid)).Status != StatusWord.Ok)
            {
                return (null, ReaderError.FileNotFound);
            }
            _directory = directory.Fid;
            _authenticated.Clear();
        }
        if (Card(SelectCommand.ByFid(file.Fid)).Status != StatusWord.Ok)
        {
            return (null, ReaderError.FileNotFound);
        }
        var key = read ? file.ReadKey : file.UpdateKey;
        if (!authenticate || key is null || _authenticated.Contains(key.Value))
        {
            return (file, ReaderError.Ok);
        }
        var authenticated = Authenticate(key.Value);
        return authenticated == ReaderError.Ok ? (file, ReaderError.Ok) : (null, authenticated);
    }

    /// <summary>GET CHALLENGE → SAM: derive the card key, encrypt R ‖ 00×8 → A = C[0..7] ⊕ C[8..15] → EXTERNAL AUTHENTICATE.</summary>
    private ReaderError Authenticate(byte cardKeyReference)
    {
        if (Diversify(cardKeyReference) != ReaderError.Ok)
        {
            return ReaderError.Sam;
        }
        var (challenge, status) = Card(GetChallengeCommand.Build());
        if (status != StatusWord.Ok)
        {
            return ReaderError.CardResponse;
        }
        var c = SamResult(ComputeCommand.Encrypt([.. challenge, .. new byte[8]]));
        if (c is null)
        {
            return ReaderError.Sam;
        }
        var cryptogram = new byte[CardCryptography.CryptogramSize];
        for (var i = 0; i < cryptogram.Length; i++)
        {
            cryptogram[i] = (byte)(c[i] ^ c[i + 8]);
        }
        if (Card(ExternalAuthenticateCommand.Build(cardKeyReference, cryptogram, challenge)).Status != StatusWord.Ok)
        {
            return ReaderError.Authentication;
        }
        _authenticated.Add(cardKeyReference);
        return ReaderError.Ok;
    }

    /// <summary>Makes the SAM derive, inside itself, the current directory's card key <paramref name="cardKeyReference"/>.</summary>
    private ReaderError Diversify(byte cardKeyReference)
    {
        var slot = SamKeys.All.FirstOrDefault(s => s.Directory == _directory && s.CardKeyReference == cardKeyReference);
        if (slot is null || (slot.Levels == 2 && _cityCode.Length < 2))
        {
            return ReaderError.Sam;
        }
        byte[] diversifiers = slot.Levels == 1 ? _cardDiversifier : [.. KeyDerivation.CityDiversifier(_cityCode), .. _cardDiversifier];
        return Sam(DiversifyCommand.Build(slot.Index, diversifiers)).Status == StatusWord.Ok
            ? ReaderError.Ok : ReaderError.Sam;
    }

    /// <summary>COMPUTE (80 FA, P1 05) of the MAC over IV ‖ header ‖ Lc ‖ data (§6); null when the SAM refuses.</summary>
    private byte[]? SamMac(byte[] challenge, byte[] header, byte lc, ReadOnlySpan<byte> data) =>
        SamResult(ComputeCommand.Mac([.. challenge, .. new byte[8], .. header, lc, .. data]));

    /// <summary>A SAM command whose result waits behind 61xx, then GET RESPONSE; null when the SAM refuses.</summary>
    private byte[]? SamResult(byte[] command)
    {
        var (_, status) = Sam(command);
        if ((status & 0xFF00) != StatusWord.MoreDataPrefix)
        {
            return null;
        }
        var (result, fetched) = Sam(GetResponseCommand.Build(status & 0xFF));
        return fetched == StatusWord.Ok ? result : null;
    }

    /// <summary>VERIFY of the SAM PIN (ASCII); a PIN too long for one command is refused as the SAM would refuse it.</summary>
    private ushort SamPinStatus(string pin)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(pin ?? "");
        return bytes.Length > CommandApdu.MaxData ? StatusWord.WrongLength : Sam(VerifyPinCommand.Build(bytes)).Status;
    }

    private (byte[] Data, ushort Status) Card(ReadOnlySpan<byte> command) => Split(channel.Transmit(CardSlot.UserCard, command));

    private (byte[] Data, ushort Status) Sam(ReadOnlySpan<byte> command) => Split(channel.Transmit(CardSlot.Sam1, command));

    private static (byte[] Data, ushort Status) Split(byte[] response) =>
        response.Length < 2 ? ([], (ushort)0) : (ResponseApdu.DataOf(response).ToArray(), ResponseApdu.StatusOf(response));
}
