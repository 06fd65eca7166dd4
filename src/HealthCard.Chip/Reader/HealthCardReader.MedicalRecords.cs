using HealthCard.Chip.Apdu;
using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;
using HealthCard.Crypto.Certificates;

namespace HealthCard.Chip.Reader;

/// <summary>An EE/ED record read back and verified: where it was, what it says, and how far its signature was checked.</summary>
/// <param name="ChainVerified">True when the SAM certificate also chains to the reader's <see cref="RecordTrust"/> root.</param>
public sealed record VerifiedRecord<T>(int RecordNumber, T Record, bool ChainVerified);

/// <summary>
/// The DF03 management records (standard §4.1–§4.3, §9): an inpatient (EE) or outpatient (ED) record is signed by the
/// SAM, written with UPDATE BINARY after update-key authentication, and only then flagged valid in its index file, so a
/// torn write never reads as a record. Reads verify the signature (<see cref="RecordSignature"/>).
/// </summary>
public sealed partial class HealthCardReader
{
    private static readonly MedicalRecordKind Inpatient =
        new(CardLayouts.Ee0n, CardLayouts.Df03Ef05, CardLayouts.InpatientData.Field(nameof(InpatientRecord.AdmissionDate)));

    private static readonly MedicalRecordKind Outpatient =
        new(CardLayouts.Ed0n, CardLayouts.Df03Ef06, CardLayouts.OutpatientData.Field(nameof(OutpatientRecord.VisitTime)));

    private byte[]? _samCertificate;
    private byte[]? _samIssuerCertificate;

    /// <summary>Writes an inpatient record into the slot the index rule chooses (§4.1) and returns its record number.</summary>
    public ReaderResult<int> WriteInpatientRecord(InpatientRecord record) => WriteMedicalRecord(Inpatient, record?.EncodeData());

    /// <summary>Writes an outpatient record into the slot the index rule chooses (§4.1) and returns its record number.</summary>
    public ReaderResult<int> WriteOutpatientRecord(OutpatientRecord record) => WriteMedicalRecord(Outpatient, record?.EncodeData());

    /// <summary>Writes, signs and flags the data part (1639 B) of EE0n, replacing whatever the slot held.</summary>
    public ReaderResult<int> WriteInpatientData(int recordNumber, byte[] data) => WriteMedicalRecord(Inpatient, data, recordNumber);

    /// <summary>Writes, signs and flags the data part (3013 B) of ED0n, replacing whatever the slot held.</summary>
    public ReaderResult<int> WriteOutpatientData(int recordNumber, byte[] data) => WriteMedicalRecord(Outpatient, data, recordNumber);

    /// <summary>The verified data part of EE0n (1639 B); 112 when the slot is free, 114 when the signature does not hold.</summary>
    public ReaderResult<VerifiedRecord<byte[]>> ReadInpatientData(int recordNumber) => ReadMedicalRecord(Inpatient, recordNumber, data => data.ToArray());

    /// <summary>The verified data part of ED0n (3013 B); 112 when the slot is free, 114 when the signature does not hold.</summary>
    public ReaderResult<VerifiedRecord<byte[]>> ReadOutpatientData(int recordNumber) => ReadMedicalRecord(Outpatient, recordNumber, data => data.ToArray());

    /// <summary>EE0n, verified; 112 when the slot is free, 114 when the signature does not hold.</summary>
    public ReaderResult<VerifiedRecord<InpatientRecord>> ReadInpatientRecord(int recordNumber) =>
        ReadMedicalRecord(Inpatient, recordNumber, InpatientRecord.DecodeData);

    /// <summary>ED0n, verified; 112 when the slot is free, 114 when the signature does not hold.</summary>
    public ReaderResult<VerifiedRecord<OutpatientRecord>> ReadOutpatientRecord(int recordNumber) =>
        ReadMedicalRecord(Outpatient, recordNumber, OutpatientRecord.DecodeData);

    /// <summary>Erases EE0n: its index flag becomes free (84 0C with UK2DF03, §5); the slot is then reused first.</summary>
    public ReaderError EraseInpatientRecord(int recordNumber) => SetIndexFlag(Inpatient.Index.Path, recordNumber, valid: false);

    /// <summary>Erases ED0n: its index flag becomes free (84 0C with UK2DF03, §5).</summary>
    public ReaderError EraseOutpatientRecord(int recordNumber) => SetIndexFlag(Outpatient.Index.Path, recordNumber, valid: false);

    /// <summary>The index flags of DF03/EF05 (inpatient) in record order.</summary>
    public ReaderResult<SlotStatus[]> ReadInpatientIndex() => ReadIndex(Inpatient);

    /// <summary>The index flags of DF03/EF06 (outpatient) in record order.</summary>
    public ReaderResult<SlotStatus[]> ReadOutpatientIndex() => ReadIndex(Outpatient);

    /// <summary>GetLastEEIndex (§9): the valid inpatient record with the latest admission date; 112 when there is none.</summary>
    public ReaderResult<int> LastInpatientRecord() => LastRecord(Inpatient);

    /// <summary>GetLastEDIndex (§9): the valid outpatient record with the latest visit time; 112 when there is none.</summary>
    public ReaderResult<int> LastOutpatientRecord() => LastRecord(Outpatient);

    /// <summary>SM3Digest (§9): the SAM's SM3 of at most 255 bytes (one short APDU).</summary>
    public ReaderResult<byte[]> Sm3Digest(ReadOnlySpan<byte> data) =>
        data.IsEmpty || data.Length > 255 ? ReaderError.Parameter
            : SamResult(Sm3DigestCommand.Build(data)) is { } digest ? digest : ReaderError.Sam;

    /// <summary>SM2SignHash (§9): the SAM's SM2 signature r‖s of a 32-byte digest e.</summary>
    public ReaderResult<byte[]> Sm2SignHash(ReadOnlySpan<byte> digest) =>
        digest.Length != Sm2SignDigestCommand.DigestLength ? ReaderError.Parameter
            : SamResult(Sm2SignDigestCommand.Build(digest)) is { } signature ? signature : ReaderError.Sam;

    /// <summary>VerifyPin (§9): verifies the SAM PIN; 105 with the SAM's tries left unknown to the caller when it fails.</summary>
    public ReaderError VerifyPin(string pin) =>
        SamPinStatus(pin) == StatusWord.Ok
            ? ReaderError.Ok : ReaderError.Sam;

    /// <summary>The SAM's certificate (DF01/001C, 190 B), read once per <see cref="Open"/>.</summary>
    public ReaderResult<byte[]> ReadSamCertificate() => ReadSamFile(SamReadBinaryCommand.SamCertificate, CompactCertificate.SamSize, ref _samCertificate);

    private ReaderResult<byte[]> ReadSamFile(byte shortFileId, int length, ref byte[]? cached)
    {
        if (cached is not null)
        {
            return cached;
        }
        var (data, status) = Sam(SamReadBinaryCommand.Build(shortFileId, 0x00, length));
        if (status != StatusWord.Ok || data.Length != length)
        {
            return ReaderError.Sam;
        }
        cached = data;
        return data;
    }

    /// <summary>Signs <paramref name="data"/> and writes it to <paramref name="recordNumber"/>, or where the index rule says (§4.1).</summary>
    private ReaderResult<int> WriteMedicalRecord(MedicalRecordKind kind, byte[]? data, int? recordNumber = null)
    {
        if (data is null || data.Length != kind.Layout.DataLength)
        {
            return ReaderError.Parameter;
        }
        var certificate = ReadSamCertificate();
        if (!certificate.IsOk)
        {
            return certificate.Error;
        }
        byte[] samPublicKey;
        try
        {
            samPublicKey = CompactCertificate.Parse(certificate.Value).PublicKey;
        }
        catch (FormatException)
        {
            return ReaderError.Sam; // a SAM without a valid certificate cannot sign records
        }
        var signature = Sm2SignHash(RecordSignature.Digest(samPublicKey, _cardNumber, data));
        if (!signature.IsOk)
        {
            return signature.Error;
        }
        var slot = ChooseSlot(kind, recordNumber);
        if (!slot.IsOk)
        {
            return slot.Error;
        }
        var (target, reused) = slot.Value;
        if (reused)
        {
            // Free the slot before overwriting it, so a write interrupted halfway never reads as a valid record.
            var erased = SetIndexFlag(kind.Index.Path, target, valid: false);
            if (erased != ReaderError.Ok)
            {
                return erased;
            }
        }
        var record = new SignedRecord(kind.Layout, data, signature.Value, certificate.Value).Join();
        var written = WriteBinaryFile(kind.FilePath(target), 0, record);
        if (written != ReaderError.Ok)
        {
            return written;
        }
        var flagged = SetIndexFlag(kind.Index.Path, target, valid: true);
        return flagged == ReaderError.Ok ? target : flagged;
    }

    private ReaderResult<VerifiedRecord<T>> ReadMedicalRecord<T>(MedicalRecordKind kind, int recordNumber, Func<ReadOnlySpan<byte>, T> decode)
    {
        var flags = ReadIndex(kind);
        if (!flags.IsOk)
        {
            return flags.Error;
        }
        if (recordNumber < 1 || recordNumber > flags.Value!.Length)
        {
            return ReaderError.Parameter;
        }
        if (flags.Value[recordNumber - 1] == SlotStatus.Free)
        {
            return ReaderError.RecordInvalid;
        }
        var bytes = ReadBinaryFile(kind.FilePath(recordNumber));
        if (!bytes.IsOk)
        {
            return bytes.Error;
        }
        var record = SignedRecord.Split(kind.Layout, bytes.Value);
        if (!RecordSignature.IsSigned(record, _cardNumber))
        {
            return ReaderError.SignatureInvalid;
        }
        var chain = VerifyChain(record.Certificate.ToArray());
        if (chain is false)
        {
            return ReaderError.SignatureInvalid;
        }
        try
        {
            return new VerifiedRecord<T>(recordNumber, decode(record.Data.Span), chain is true);
        }
        catch (CardFormatException)
        {
            return ReaderError.CardResponse;
        }
    }

    /// <summary>
    /// Root → issuer → SAM for a record's SAM certificate, through an issuer certificate this reader knows (its SAM's
    /// DF01/001B or the card's FKJGZS). Null without a trust anchor; false when no known issuer completes the chain.
    /// </summary>
    private bool? VerifyChain(byte[] samCertificate)
    {
        if (trust is null)
        {
            return null;
        }
        var samIssuer = ReadSamFile(SamReadBinaryCommand.IssuerCertificate, CompactCertificate.IssuerSize, ref _samIssuerCertificate);
        byte[]?[] issuers = [samIssuer.IsOk ? samIssuer.Value : null, _cardIssuerCertificate];
        return issuers.Any(issuer => issuer is { Length: CompactCertificate.IssuerSize }
            && CompactCertificate.VerifyChain(trust.RootPublicKey, trust.RootId, issuer, samCertificate, trust.Today) is null);
    }

    private ReaderResult<SlotStatus[]> ReadIndex(MedicalRecordKind kind)
    {
        var records = ReadRecords(kind.Index.Path);
        if (!records.IsOk)
        {
            return records.Error;
        }
        try
        {
            return IndexFileCodec.Decode(kind.Index, records.Value!.Select(r => (ReadOnlyMemory<byte>)r).ToList());
        }
        catch (CardFormatException)
        {
            return ReaderError.CardResponse;
        }
    }

    /// <summary>The slot a new record goes to (<paramref name="requested"/>, or the §4.1 rule) and whether it overwrites a valid record.</summary>
    private ReaderResult<(int RecordNumber, bool Reused)> ChooseSlot(MedicalRecordKind kind, int? requested)
    {
        var flags = ReadIndex(kind);
        if (!flags.IsOk)
        {
            return flags.Error;
        }
        if (requested is { } n)
        {
            return n >= 1 && n <= flags.Value!.Length ? (n, flags.Value[n - 1] == SlotStatus.Valid) : ReaderError.Parameter;
        }
        var dates = ReadDates(kind, flags.Value!);
        if (!dates.IsOk)
        {
            return dates.Error;
        }
        var recordNumber = IndexFile.ChooseSlot(flags.Value, dates.Value!);
        return (recordNumber, flags.Value![recordNumber - 1] == SlotStatus.Valid);
    }

    private ReaderResult<int> LastRecord(MedicalRecordKind kind)
    {
        var flags = ReadIndex(kind);
        if (!flags.IsOk)
        {
            return flags.Error;
        }
        var dates = ReadDates(kind, flags.Value!);
        if (!dates.IsOk)
        {
            return dates.Error;
        }
        var latest = 0;
        for (var n = 1; n <= flags.Value!.Length; n++)
        {
            // Dates are cn digits of one width, so ordinal order is time order; ties go to the higher record number.
            if (flags.Value![n - 1] == SlotStatus.Valid
                && (latest == 0 || string.CompareOrdinal(dates.Value![n - 1], dates.Value[latest - 1]) >= 0))
            {
                latest = n;
            }
        }
        return latest == 0 ? ReaderError.RecordInvalid : latest;
    }

    /// <summary>Each valid slot's date field (EE: 入院日期, ED: 就诊日期时间); null for free slots.</summary>
    private ReaderResult<string?[]> ReadDates(MedicalRecordKind kind, SlotStatus[] flags)
    {
        var dates = new string?[flags.Length];
        for (var n = 1; n <= flags.Length; n++)
        {
            if (flags[n - 1] == SlotStatus.Free)
            {
                continue;
            }
            var field = ReadBinaryFile(kind.FilePath(n), kind.DateField.Offset, kind.DateField.Length);
            if (!field.IsOk)
            {
                return field.Error;
            }
            try
            {
                dates[n - 1] = Cn.Decode(field.Value);
            }
            catch (CardFormatException)
            {
                dates[n - 1] = null; // an undatable record is replaced first (§4.1 rule, D)
            }
        }
        return dates;
    }

    /// <summary>Inpatient or outpatient: the record layout, its index file and the date the index rule orders by.</summary>
    private sealed record MedicalRecordKind(SignedRecordLayout Layout, IndexFileDefinition Index, FieldDefinition DateField)
    {
        public string FilePath(int recordNumber) => $"DF03/{Index.RecordFile(recordNumber)}";
    }
}
