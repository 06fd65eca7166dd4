using System.Collections.ObjectModel;
using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// One field's or group's value on its way to or from a fixed-offset block: text for <c>ans</c> and <c>cn</c>, bytes for
/// <c>b</c> (§3), or the items of a repeated group (§4.2, §4.3), each item its own values.
/// </summary>
internal readonly struct FieldValue
{
    private FieldValue(string property, string? text, ReadOnlyMemory<byte> bytes, FieldValue[][]? items)
    {
        Property = property;
        Text = text;
        Bytes = bytes;
        Items = items;
    }

    public string Property { get; }

    public string? Text { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public FieldValue[][]? Items { get; }

    public static FieldValue OfText(string property, string? text) => new(property, text, default, null);

    public static FieldValue OfBytes(string property, ReadOnlyMemory<byte> bytes) => new(property, null, bytes, null);

    public static FieldValue OfGroup<T>(string property, IReadOnlyList<T> items, Func<T, FieldValue[]> values)
    {
        var itemValues = new FieldValue[items.Count][];
        for (var i = 0; i < itemValues.Length; i++)
        {
            itemValues[i] = values(items[i]);
        }

        return new(property, null, default, itemValues);
    }
}

/// <summary>The decoded fields and groups of one block, looked up by property name.</summary>
internal sealed class DecodedFields(FixedLayout layout, FieldValue[] fields, DecodedFields[][] groups)
{
    /// <summary>The text of an <c>ans</c> or <c>cn</c> field (§3).</summary>
    public string Text(string property) => Find(property, isBinary: false).Text!;

    /// <summary>The bytes of a <c>b</c> field (§3).</summary>
    public ReadOnlyMemory<byte> Bytes(string property) => Find(property, isBinary: true).Bytes;

    /// <summary>The items of a repeated group, each read by <paramref name="read"/>, in item order.</summary>
    public T[] Items<T>(string property, Func<DecodedFields, T> read)
    {
        var items = groups[layout.GroupIndex(property)];
        var result = new T[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            result[i] = read(items[i]);
        }

        return result;
    }

    private FieldValue Find(string property, bool isBinary)
    {
        var index = layout.FieldIndex(property);
        if ((layout.Fields[index].Type == ElementType.B) != isBinary)
        {
            throw new InvalidOperationException(
                $"{layout.Path} field {layout.Fields[index]} is not {(isBinary ? "a b field" : "an ans or cn field")}.");
        }

        return fields[index];
    }
}

/// <summary>
/// Encoding and decoding of a fixed-offset block (§4.1 cyclic records, §4.2, §4.3) from its table in <see cref="CardLayouts"/>:
/// every field at its offset, encoded per its type (§3); every repeated group item by the group's own table.
/// <para>
/// Blank blocks (D, from §3 "absent = 0x00"; the cyclic files of §4.1 and the free slots of §4.2/§4.3 are otherwise undefined):
/// a block (a cyclic record, a whole EE/ED data part, or one item of a repeated group) whose bytes are all 0x00 or all 0xFF is
/// empty, i.e. every field reads as absent, whatever its type. Cards and terminals clear unused records either way, and an
/// all-0xFF block is not even valid <c>ans</c>. Conversely, encoding a value that is not empty but whose bytes would be blank (for
/// example an immunisation with no name and the date 00000000) is refused, because it could not be read back. An empty value
/// encodes field by field (ans and b as 0x00, cn as 0xFF), which is not always blank but always reads back as empty. This rule
/// lives only in <see cref="IsBlank"/> and the two checks that call it.
/// </para>
/// </summary>
internal static class FixedLayoutCodec
{
    /// <summary>
    /// Writes the block <paramref name="layout"/> into the whole of <paramref name="destination"/>, which must be exactly the
    /// block's length. <paramref name="values"/> lists the layout's fields and then its groups, each in table order (a mismatch is
    /// a bug in the caller: <see cref="InvalidOperationException"/>). A value that does not fit its field (§3), or a non-empty
    /// value that would encode as a blank block, is an <see cref="ArgumentException"/> naming the block and field but never the
    /// value, which may be personal data.
    /// </summary>
    public static void Encode(FixedLayout layout, ReadOnlySpan<FieldValue> values, Span<byte> destination)
    {
        if (destination.Length != layout.Length)
        {
            throw new ArgumentException(
                $"{layout.Path} is {layout.Length} bytes but the destination is {destination.Length} (standard {layout.Section}).",
                nameof(destination));
        }

        EncodeBlock(layout, new Where(layout.Path, null, 0), values, destination);
    }

    /// <summary>
    /// Reads the block <paramref name="layout"/> from <paramref name="source"/>, which must be exactly the block's length. Any
    /// malformed field is a <see cref="CardFormatException"/> naming the block, group item and field; a blank block (all 0x00 or
    /// all 0xFF) reads as empty (D, see the class remarks).
    /// </summary>
    public static DecodedFields Decode(FixedLayout layout, ReadOnlySpan<byte> source)
    {
        if (source.Length != layout.Length)
        {
            throw new CardFormatException(
                $"{layout.Path}: {source.Length} bytes where the block is {layout.Length} (standard {layout.Section}).");
        }

        return DecodeBlock(layout, new Where(layout.Path, null, 0), source);
    }

    /// <summary>
    /// True when every byte is 0x00 or every byte is 0xFF: an empty block (D, from §3 "absent = 0x00" and the free-slot byte 0xFF;
    /// see the class remarks). The empty span is blank.
    /// </summary>
    public static bool IsBlank(ReadOnlySpan<byte> block) =>
        !block.ContainsAnyExcept(B.Absent) || !block.ContainsAnyExcept(B.FlagFree);

    /// <summary>True when every field is absent (§3) and every group item is empty.</summary>
    public static bool IsEmpty(ReadOnlySpan<FieldValue> values)
    {
        foreach (var value in values)
        {
            if (value.Items is { } items)
            {
                foreach (var item in items)
                {
                    if (!IsEmpty(item))
                    {
                        return false;
                    }
                }
            }
            else if (!(value.Text is null ? B.IsAbsent(value.Bytes.Span) : value.Text.Length == 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Value equality of two blocks' values: text ordinally, bytes by their content on card (padding aside), groups item by item.</summary>
    public static bool ValuesEqual(ReadOnlySpan<FieldValue> left, ReadOnlySpan<FieldValue> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!string.Equals(left[i].Property, right[i].Property, StringComparison.Ordinal)
                || !string.Equals(left[i].Text, right[i].Text, StringComparison.Ordinal)
                || !B.Significant(left[i].Bytes.Span).SequenceEqual(B.Significant(right[i].Bytes.Span))
                || !ItemsEqual(left[i].Items, right[i].Items))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A hash consistent with <see cref="ValuesEqual"/>.</summary>
    public static int HashValues(ReadOnlySpan<FieldValue> values)
    {
        var hash = new HashCode();
        foreach (var value in values)
        {
            hash.Add(value.Property, StringComparer.Ordinal);
            hash.Add(value.Text, StringComparer.Ordinal);
            hash.AddBytes(B.Significant(value.Bytes.Span));
            foreach (var item in value.Items ?? [])
            {
                hash.Add(HashValues(item));
            }
        }

        return hash.ToHashCode();
    }

    private static bool ItemsEqual(FieldValue[][]? left, FieldValue[][]? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!ValuesEqual(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Encodes one block; returns true when every value in it is absent (an empty block).</summary>
    private static bool EncodeBlock(FixedLayout layout, Where where, ReadOnlySpan<FieldValue> values, Span<byte> block)
    {
        var fields = layout.Fields;
        var groups = layout.Groups;
        if (values.Length != fields.Count + groups.Count)
        {
            throw new InvalidOperationException(
                $"{where} has {fields.Count} fields and {groups.Count} groups but {values.Length} values were given.");
        }

        var empty = true;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var value = Expect(where, field.Property, values[i]);
            if (!FieldCodec.TryEncode(field.Type, value.Text, value.Bytes.Span, block.Slice(field.Offset, field.Length), out var problem))
            {
                throw new ArgumentException($"{where} field {field}: {problem}");
            }

            empty &= FieldCodec.IsAbsent(field.Type, value.Text, value.Bytes.Span);
        }

        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var items = Expect(where, group.Property, values[fields.Count + g]).Items;
            if (items is null || items.Length != group.Count)
            {
                throw new InvalidOperationException(
                    $"{where} group {group} needs {group.Count} items but {items?.Length ?? 0} were given.");
            }

            for (var k = 0; k < group.Count; k++)
            {
                empty &= EncodeBlock(group.Item, new Where(where.Path, group, k), items[k], block.Slice(group.OffsetOf(k), group.Stride));
            }
        }

        if (!empty && IsBlank(block))
        {
            throw new ArgumentException(
                $"{where}: the value is not empty but every byte would be 0x{block[0]:X2}, which reads back as an empty block " +
                "(D: a block of all 0x00 or all 0xFF is empty, from standard §3 \"absent = 0x00\").");
        }

        return empty;
    }

    private static DecodedFields DecodeBlock(FixedLayout layout, Where where, ReadOnlySpan<byte> block)
    {
        var blank = IsBlank(block);
        var fields = layout.Fields;
        var values = new FieldValue[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var bytes = block.Slice(field.Offset, field.Length);
            try
            {
                values[i] = field.Type switch
                {
                    ElementType.Ans => FieldValue.OfText(field.Property, blank ? string.Empty : Ans.Decode(bytes)),
                    ElementType.Cn => FieldValue.OfText(field.Property, blank ? string.Empty : Cn.Decode(bytes)),
                    _ => FieldValue.OfBytes(field.Property, blank ? new byte[field.Length] : B.Decode(bytes)),
                };
            }
            catch (CardFormatException e)
            {
                throw new CardFormatException($"{where} field {field}: {e.Message}", e);
            }
        }

        var groups = new DecodedFields[layout.Groups.Count][];
        for (var g = 0; g < groups.Length; g++)
        {
            var group = layout.Groups[g];
            groups[g] = new DecodedFields[group.Count];
            for (var k = 0; k < group.Count; k++)
            {
                groups[g][k] = DecodeBlock(group.Item, new Where(where.Path, group, k), block.Slice(group.OffsetOf(k), group.Stride));
            }
        }

        return new DecodedFields(layout, values, groups);
    }

    private static FieldValue Expect(Where where, string property, FieldValue value) =>
        string.Equals(value.Property, property, StringComparison.Ordinal)
            ? value
            : throw new InvalidOperationException($"{where} expects a value for {property} but one for {value.Property} was given.");

    /// <summary>Where in a block an error is: the block's path, then the group item, e.g. <c>DF03/EE0n Diagnoses[1]</c>.</summary>
    private readonly record struct Where(string Path, GroupDefinition? Group, int Index)
    {
        public override string ToString() => Group is null ? Path : $"{Path} {Group.Property}[{Index}] (+{Group.OffsetOf(Index)})";
    }
}

/// <summary>
/// The fixed-length lists behind the repeated groups of §4.2 and §4.3: always exactly <see cref="GroupDefinition.Count"/> items,
/// an unused item being the group type's empty value (every field absent).
/// </summary>
internal static class FixedGroup
{
    /// <summary>
    /// <paramref name="items"/> padded with <paramref name="empty"/> to the group's count, as a read-only copy. More items than the
    /// card holds, or a null item, is an <see cref="ArgumentException"/>.
    /// </summary>
    public static ReadOnlyCollection<T> Of<T>(IReadOnlyList<T>? items, GroupDefinition group, T empty)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items, group.Property);
        if (items.Count > group.Count)
        {
            throw new ArgumentException($"{group}: {items.Count} items where the record holds {group.Count}.", group.Property);
        }

        var array = new T[group.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = i < items.Count
                ? items[i] ?? throw new ArgumentException($"{group}: item {i} is null; use the empty item.", group.Property)
                : empty;
        }

        return Array.AsReadOnly(array);
    }

    /// <summary>The group's count of empty items.</summary>
    public static ReadOnlyCollection<T> Empty<T>(GroupDefinition group, T empty)
        where T : class => Of([], group, empty);
}
