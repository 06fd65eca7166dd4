using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// One record of DF02/EF08 免疫 immunisations: 24 bytes, no tag (standard §4.1; the layout is
/// <see cref="CardLayouts.ImmunizationRecord"/>). The file is cyclic, 10 records, newest first (<see cref="CyclicFile"/>); a record
/// never written is all 0x00 or all 0xFF and reads as <see cref="Empty"/> (D, §3).
/// </summary>
public sealed record Immunization
{
    /// <summary>The empty record: every field absent (§3).</summary>
    public static Immunization Empty { get; } = new();

    /// <summary>免疫接种名称 MYJZMC: ans20, up to 10 Chinese characters (§3, §9). Empty when absent.</summary>
    public string Vaccine { get; init; } = string.Empty;

    /// <summary>接种时间 MYJZSJ: cn4, YYYYMMDD (§9). Empty when absent.</summary>
    public string Date { get; init; } = string.Empty;

    /// <summary>True when every field is absent, as a never-written record reads (D, §3).</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The record's fields (§4.1).</summary>
    public static FixedLayout Layout => CardLayouts.ImmunizationRecord;

    /// <summary>The file the record belongs to (§4.1).</summary>
    public static CyclicFileDefinition File => CardLayouts.Df02Ef08;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{File.Path} record ({Layout.Length} bytes)";

    /// <summary>
    /// Writes the record into <paramref name="destination"/>, which must be exactly 24 bytes (§4.1). Throws
    /// <see cref="ArgumentException"/> naming the field when a value does not fit it (§3), or when a name-less record dated
    /// 00000000 would be all 0x00 and so read back as empty (D).
    /// </summary>
    public void EncodeRecord(Span<byte> destination) => FixedLayoutCodec.Encode(Layout, Values(), destination);

    /// <summary>The 24-byte record (§4.1); see <see cref="EncodeRecord(Span{byte})"/>.</summary>
    public byte[] EncodeRecord()
    {
        var record = new byte[Layout.Length];
        EncodeRecord(record);
        return record;
    }

    /// <summary>
    /// Reads a record (§4.1). Throws <see cref="CardFormatException"/> when it is not 24 bytes or a field is malformed (§3). A blank
    /// record (all 0x00 or all 0xFF) is <see cref="Empty"/> (D).
    /// </summary>
    public static Immunization DecodeRecord(ReadOnlySpan<byte> record)
    {
        var fields = FixedLayoutCodec.Decode(Layout, record);
        return new()
        {
            Vaccine = fields.Text(nameof(Vaccine)),
            Date = fields.Text(nameof(Date)),
        };
    }

    private FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(Vaccine), Vaccine),
            FieldValue.OfText(nameof(Date), Date),
        ];
}
