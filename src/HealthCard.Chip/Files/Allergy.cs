using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// One record of DF02/EF07 过敏 allergies: 120 bytes, no tag (standard §4.1; the layout is <see cref="CardLayouts.AllergyRecord"/>).
/// The file is cyclic, 3 records, newest first (<see cref="CyclicFile"/>); a record never written is all 0x00 or all 0xFF and
/// reads as <see cref="Empty"/> (D, §3).
/// </summary>
public sealed record Allergy
{
    /// <summary>The empty record: every field absent (§3).</summary>
    public static Allergy Empty { get; } = new();

    /// <summary>过敏物质名称 GMWZMC: ans20, up to 10 Chinese characters (§3, §9). Empty when absent.</summary>
    public string Substance { get; init; } = string.Empty;

    /// <summary>过敏反应 GMFY: ans100 (§3, §9). Empty when absent.</summary>
    public string Reaction { get; init; } = string.Empty;

    /// <summary>True when every field is absent, as a never-written record reads (D, §3).</summary>
    public bool IsEmpty => FixedLayoutCodec.IsEmpty(Values());

    /// <summary>The record's fields (§4.1).</summary>
    public static FixedLayout Layout => CardLayouts.AllergyRecord;

    /// <summary>The file the record belongs to (§4.1).</summary>
    public static CyclicFileDefinition File => CardLayouts.Df02Ef07;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{File.Path} record ({Layout.Length} bytes)";

    /// <summary>
    /// Writes the record into <paramref name="destination"/>, which must be exactly 120 bytes (§4.1). Throws
    /// <see cref="ArgumentException"/> naming the field when a value does not fit it (too long, not GBK-encodable; §3).
    /// </summary>
    public void EncodeRecord(Span<byte> destination) => FixedLayoutCodec.Encode(Layout, Values(), destination);

    /// <summary>The 120-byte record (§4.1); see <see cref="EncodeRecord(Span{byte})"/>.</summary>
    public byte[] EncodeRecord()
    {
        var record = new byte[Layout.Length];
        EncodeRecord(record);
        return record;
    }

    /// <summary>
    /// Reads a record (§4.1). Throws <see cref="CardFormatException"/> when it is not 120 bytes or a field is malformed (§3). A
    /// blank record (all 0x00 or all 0xFF) is <see cref="Empty"/> (D).
    /// </summary>
    public static Allergy DecodeRecord(ReadOnlySpan<byte> record)
    {
        var fields = FixedLayoutCodec.Decode(Layout, record);
        return new()
        {
            Substance = fields.Text(nameof(Substance)),
            Reaction = fields.Text(nameof(Reaction)),
        };
    }

    private FieldValue[] Values() =>
        [
            FieldValue.OfText(nameof(Substance), Substance),
            FieldValue.OfText(nameof(Reaction), Reaction),
        ];
}
