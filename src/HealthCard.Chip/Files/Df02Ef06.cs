using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// DF02/EF06 特殊信息数据 special data: the psychiatric flag, a TLV record updated only with its own key UK2DF02 (standard §4, §4.1,
/// §6). Record 1 holds element 56 of <see cref="CardFiles.Df02Ef06"/>.
/// </summary>
public sealed record Df02Ef06
{
    /// <summary>56 精神病标志 JSBBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> MentalIllness { get; init; }

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Definition.Path} ({Definition.Elements.Count} elements)";

    /// <summary>The file's elements (§4.1).</summary>
    public static RecordFileDefinition Definition => CardFiles.Df02Ef06;

    /// <summary>
    /// The file's TLV records in record-number order (§4.1). Throws <see cref="ArgumentException"/> naming the element when the
    /// value does not fit it (§3).
    /// </summary>
    public IReadOnlyList<byte[]> EncodeRecords() => RecordFileCodec.Encode(Definition, Values());

    /// <summary>
    /// Reads the file from its records in record-number order (§4.1). Throws <see cref="CardFormatException"/> for a wrong record
    /// count, tag or length (§3, §4.1).
    /// </summary>
    public static Df02Ef06 DecodeRecords(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var elements = RecordFileCodec.Decode(Definition, records);
        return new() { MentalIllness = elements.Bytes(56) };
    }

    /// <summary>Value equality: <c>b</c> elements compare by content, not by buffer.</summary>
    public bool Equals(Df02Ef06? other) => other is not null && RecordFileCodec.ValuesEqual(Values(), other.Values());

    public override int GetHashCode() => RecordFileCodec.HashValues(Values());

    private ElementValue[] Values() => [ElementValue.OfBytes(56, MentalIllness)];
}
