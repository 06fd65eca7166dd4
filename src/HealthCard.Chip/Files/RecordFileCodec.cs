using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// One element's value on its way to or from a TLV record: text for <c>ans</c> and <c>cn</c>, bytes for <c>b</c> (§3).
/// </summary>
internal readonly struct ElementValue
{
    private ElementValue(int number, string? text, ReadOnlyMemory<byte> bytes)
    {
        Number = number;
        Text = text;
        Bytes = bytes;
    }

    public int Number { get; }

    public string? Text { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public static ElementValue OfText(int number, string? text) => new(number, text, default);

    public static ElementValue OfBytes(int number, ReadOnlyMemory<byte> bytes) => new(number, null, bytes);
}

/// <summary>The decoded elements of one file, looked up by element number (§4.1).</summary>
internal sealed class DecodedElements(RecordFileDefinition file, ElementValue[] values)
{
    /// <summary>The text of an <c>ans</c> or <c>cn</c> element (§3).</summary>
    public string Text(int number)
    {
        var value = Find(number, isBinary: false);
        return value.Text!;
    }

    /// <summary>The bytes of a <c>b</c> element (§3).</summary>
    public ReadOnlyMemory<byte> Bytes(int number) => Find(number, isBinary: true).Bytes;

    private ElementValue Find(int number, bool isBinary)
    {
        var element = file.Element(number);
        if ((element.Type == ElementType.B) != isBinary)
        {
            throw new InvalidOperationException(
                $"{file.Path} element {element} is not {(isBinary ? "a b element" : "an ans or cn element")}.");
        }

        foreach (var value in values)
        {
            if (value.Number == number)
            {
                return value;
            }
        }

        throw new InvalidOperationException($"{file.Path} element {element} was not decoded.");
    }
}

/// <summary>
/// Encoding and decoding of a whole TLV record file (standard §4.1) from its definition in <see cref="CardFiles"/>: record n holds
/// the n-th element as <c>tag len value</c>, the value encoded per its type (§3). The file types hold no per-field codec code.
/// </summary>
internal static class RecordFileCodec
{
    /// <summary>
    /// The records of <paramref name="file"/> in record-number order (§4.1). <paramref name="values"/> must list the file's elements
    /// in record order (a mismatch is a bug in the caller: <see cref="InvalidOperationException"/>). A value that does not fit its
    /// element (too long, not GBK-encodable, not digits, §3) is an <see cref="ArgumentException"/> naming the file and element;
    /// the message never contains the value, which may be personal data.
    /// </summary>
    public static IReadOnlyList<byte[]> Encode(RecordFileDefinition file, ReadOnlySpan<ElementValue> values)
    {
        var elements = file.Elements;
        if (values.Length != elements.Count)
        {
            throw new InvalidOperationException($"{file.Path} has {elements.Count} elements but {values.Length} values were given.");
        }

        var records = new byte[elements.Count][];
        Span<byte> field = stackalloc byte[Tlv.MaxValueLength];
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            var value = values[i];
            if (value.Number != element.Number)
            {
                throw new InvalidOperationException(
                    $"{file.Path} record {i + 1} is element {element.Number} but a value for element {value.Number} was given.");
            }

            var target = field[..element.Length];
            if (!FieldCodec.TryEncode(element.Type, value.Text, value.Bytes.Span, target, out var problem))
            {
                throw new ArgumentException($"{file.Path} element {element}: {problem}");
            }

            var record = new byte[element.RecordLength];
            if (!Tlv.TryWrite(element.Tag, target, record, out _))
            {
                throw new InvalidOperationException($"{file.Path} element {element} does not fit its TLV record.");
            }

            records[i] = record;
        }

        return records;
    }

    /// <summary>
    /// The elements of <paramref name="file"/> read from its records (§4.1). The record count must equal the element count, and
    /// each record must carry its element's tag and fixed length; any malformed record is a <see cref="CardFormatException"/>
    /// naming the file, record number and element.
    /// </summary>
    public static DecodedElements Decode(RecordFileDefinition file, IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var elements = file.Elements;
        if (records.Count != elements.Count)
        {
            throw new CardFormatException(
                $"{file.Path}: {records.Count} records where the file holds {elements.Count}, one per element (standard §4.1).");
        }

        var values = new ElementValue[elements.Count];
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            try
            {
                var field = Tlv.ReadRecord(records[i].Span, element.Tag, element.Length);
                values[i] = element.Type switch
                {
                    ElementType.Ans => ElementValue.OfText(element.Number, Ans.Decode(field)),
                    ElementType.Cn => ElementValue.OfText(element.Number, Cn.Decode(field)),
                    _ => ElementValue.OfBytes(element.Number, B.Decode(field)),
                };
            }
            catch (CardFormatException e)
            {
                throw new CardFormatException($"{file.Path} record {i + 1}, element {element}: {e.Message}", e);
            }
        }

        return new DecodedElements(file, values);
    }

    /// <summary>
    /// Value equality of two files' element values: text ordinally, bytes by content (§3 b fields are plain bytes).
    /// </summary>
    public static bool ValuesEqual(ReadOnlySpan<ElementValue> left, ReadOnlySpan<ElementValue> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (left[i].Number != right[i].Number
                || !string.Equals(left[i].Text, right[i].Text, StringComparison.Ordinal)
                || !B.Significant(left[i].Bytes.Span).SequenceEqual(B.Significant(right[i].Bytes.Span)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A hash consistent with <see cref="ValuesEqual"/>.</summary>
    public static int HashValues(ReadOnlySpan<ElementValue> values)
    {
        var hash = new HashCode();
        foreach (var value in values)
        {
            hash.Add(value.Number);
            hash.Add(value.Text, StringComparer.Ordinal);
            hash.AddBytes(B.Significant(value.Bytes.Span));
        }

        return hash.ToHashCode();
    }
}
