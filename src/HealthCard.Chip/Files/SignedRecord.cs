using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// The layout of a whole DF03 binary record (standard §4.2 EE0n, §4.3 ED0n): the data part, then the SAM's SM2 signature r‖s
/// (b64, §6), then the SAM certificate (b190, §6), with no gap between them.
/// </summary>
public sealed class SignedRecordLayout
{
    internal SignedRecordLayout(string path, FixedLayout data, int signatureLength, int certificateLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(signatureLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(certificateLength, 1);
        Path = path;
        Data = data;
        SignatureLength = signatureLength;
        CertificateLength = certificateLength;
    }

    /// <summary>The record's path, e.g. <c>DF03/EE0n</c> (§4).</summary>
    public string Path { get; }

    /// <summary>The data part's layout, e.g. <see cref="CardLayouts.InpatientData"/>.</summary>
    public FixedLayout Data { get; }

    /// <summary>The data part's length, which is also the signature's offset: 1639 for EE0n, 3013 for ED0n.</summary>
    public int DataLength => Data.Length;

    /// <summary>The signature's offset: 1639 for EE0n (§4.2), 3013 for ED0n (§4.3).</summary>
    public int SignatureOffset => DataLength;

    /// <summary>64: an SM2 signature r‖s (§6).</summary>
    public int SignatureLength { get; }

    /// <summary>The certificate's offset: 1703 for EE0n (§4.2), 3077 for ED0n (§4.3).</summary>
    public int CertificateOffset => SignatureOffset + SignatureLength;

    /// <summary>190: the SAM's compact certificate (§6).</summary>
    public int CertificateLength { get; }

    /// <summary>The whole record: 1893 for EE0n (§4.2), 3267 for ED0n (§4.3).</summary>
    public int Length => CertificateOffset + CertificateLength;

    public override string ToString() => $"{Path} ({DataLength} + {SignatureLength} + {CertificateLength} = {Length} B)";
}

/// <summary>
/// A whole DF03 binary record split into its three parts (standard §4.2, §4.3): data ‖ SAM signature ‖ SAM certificate. This type
/// only splits and joins bytes; it neither signs nor verifies (what the signature covers, and with which key, is decided where
/// signing happens, §6). Every part is a copy, detached from the buffer it came from.
/// </summary>
public sealed record SignedRecord
{
    /// <summary>
    /// A record from its parts. <paramref name="data"/> must be exactly the data part's length (encode it with
    /// <c>InpatientRecord.EncodeData()</c> or <c>OutpatientRecord.EncodeData()</c>); <paramref name="signature"/> and
    /// <paramref name="certificate"/> are <c>b</c> fields, so a shorter value, or none for a record not yet signed, is padded with
    /// 0x00 (§3: absent = 0x00, D; §6: certificates padded 0x00 to 190). Throws <see cref="ArgumentException"/> otherwise.
    /// </summary>
    public SignedRecord(SignedRecordLayout layout, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> certificate)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (data.Length != layout.DataLength)
        {
            throw new ArgumentException($"{layout}: the data part is {data.Length} bytes, not {layout.DataLength}.", nameof(data));
        }

        Layout = layout;
        Data = data.ToArray();
        Signature = Field(layout, "signature", signature, layout.SignatureLength, nameof(signature));
        Certificate = Field(layout, "certificate", certificate, layout.CertificateLength, nameof(certificate));
    }

    /// <summary>The record's layout, <see cref="CardLayouts.Ee0n"/> or <see cref="CardLayouts.Ed0n"/>.</summary>
    public SignedRecordLayout Layout { get; }

    /// <summary>The data part: 1639 bytes for EE0n, 3013 for ED0n.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The SAM signature r‖s, 64 bytes; all 0x00 when the record is not signed (§3, §6).</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The SAM certificate, 190 bytes (§6).</summary>
    public ReadOnlyMemory<byte> Certificate { get; }

    /// <summary>
    /// Splits a whole record read from the card. Throws <see cref="CardFormatException"/> when it is not exactly
    /// <see cref="SignedRecordLayout.Length"/> bytes (§4.2, §4.3). The data part is not decoded here.
    /// </summary>
    public static SignedRecord Split(SignedRecordLayout layout, ReadOnlySpan<byte> record)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (record.Length != layout.Length)
        {
            throw new CardFormatException(
                $"{layout.Path}: {record.Length} bytes where the record is {layout.Length} (standard {layout.Data.Section}).");
        }

        return new(
            layout,
            record[..layout.SignatureOffset],
            record.Slice(layout.SignatureOffset, layout.SignatureLength),
            record.Slice(layout.CertificateOffset, layout.CertificateLength));
    }

    /// <summary>Writes the whole record into <paramref name="destination"/>, which must be exactly its length.</summary>
    public void Join(Span<byte> destination)
    {
        if (destination.Length != Layout.Length)
        {
            throw new ArgumentException($"{Layout}: the destination is {destination.Length} bytes.", nameof(destination));
        }

        Data.Span.CopyTo(destination);
        Signature.Span.CopyTo(destination[Layout.SignatureOffset..]);
        Certificate.Span.CopyTo(destination[Layout.CertificateOffset..]);
    }

    /// <summary>The whole record: 1893 bytes for EE0n, 3267 for ED0n.</summary>
    public byte[] Join()
    {
        var record = new byte[Layout.Length];
        Join(record);
        return record;
    }

    /// <summary>Names the record only: its data part is personal data.</summary>
    public override string ToString() => Layout.ToString();

    /// <summary>Value equality: the parts compare by content.</summary>
    public bool Equals(SignedRecord? other) =>
        other is not null
        && ReferenceEquals(Layout, other.Layout)
        && Data.Span.SequenceEqual(other.Data.Span)
        && Signature.Span.SequenceEqual(other.Signature.Span)
        && Certificate.Span.SequenceEqual(other.Certificate.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Layout);
        hash.AddBytes(Data.Span);
        hash.AddBytes(Signature.Span);
        hash.AddBytes(Certificate.Span);
        return hash.ToHashCode();
    }

    private static byte[] Field(SignedRecordLayout layout, string part, ReadOnlySpan<byte> value, int length, string parameter)
    {
        var field = new byte[length];
        if (!B.TryEncode(value, field, out _))
        {
            throw new ArgumentException($"{layout}: the {part} is {value.Length} bytes, more than {length} (standard §6).", parameter);
        }

        return field;
    }
}
