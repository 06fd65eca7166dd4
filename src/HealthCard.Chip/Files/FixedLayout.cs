namespace HealthCard.Chip.Files;

/// <summary>
/// One field of a fixed-offset layout (standard §4.1 cyclic records, §4.2 EE0n, §4.3 ED0n): its Chinese name as the standard
/// lists it, the English name of the property that holds it, its offset from the start of its block, its type (§3) and its
/// fixed length in bytes; <see cref="Code"/> is the reader API's pinyin name where §9 gives one (e.g. GMWZMC).
/// </summary>
public sealed record FieldDefinition
{
    public FieldDefinition(string name, string property, int offset, ElementType type, int length, string? code = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(property);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Name = name;
        Property = property;
        Offset = offset;
        Type = type;
        Length = length;
        Code = code;
    }

    /// <summary>The Chinese name (§4.1–§4.3), e.g. 入院日期.</summary>
    public string Name { get; }

    /// <summary>The property of the record type that holds the value, e.g. <c>AdmissionDate</c>.</summary>
    public string Property { get; }

    /// <summary>The offset from the start of the block (the record, or one item of a repeated group).</summary>
    public int Offset { get; }

    /// <summary>The storage type (§3).</summary>
    public ElementType Type { get; }

    /// <summary>The fixed length in bytes, e.g. 4 for cn4.</summary>
    public int Length { get; }

    /// <summary>The pinyin-initial name of the reader API (§9), or null where §9 names none.</summary>
    public string? Code { get; }

    /// <summary>The first offset after the field.</summary>
    public int End => Offset + Length;

    /// <summary>The field as the standard lists it, e.g. <c>+80 入院日期 (AdmissionDate, cn4)</c>.</summary>
    public override string ToString() =>
        $"+{Offset} {Name} ({(Code is null ? Property : $"{Property} {Code}")}, {FieldCodec.TypeName(Type)}{Length})";
}

/// <summary>
/// A repeated group of a fixed-offset layout (§4.2, §4.3), e.g. the three 247-byte diagnosis groups of EE0n at 212, 459 and 706:
/// <see cref="Count"/> items of the <see cref="Item"/> layout, one after another from <see cref="Offset"/>.
/// </summary>
public sealed class GroupDefinition
{
    internal GroupDefinition(string name, string property, int offset, int count, FixedLayout item)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(property);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(item);
        Name = name;
        Property = property;
        Offset = offset;
        Count = count;
        Item = item;
    }

    /// <summary>The group's Chinese name, e.g. 诊断.</summary>
    public string Name { get; }

    /// <summary>The list property of the record type that holds the items, e.g. <c>Diagnoses</c>.</summary>
    public string Property { get; }

    /// <summary>The offset of the first item.</summary>
    public int Offset { get; }

    /// <summary>The fixed number of items (§4.2, §4.3); an unused item is an empty group, every field absent.</summary>
    public int Count { get; }

    /// <summary>The layout of one item; its offsets are relative to the item's start.</summary>
    public FixedLayout Item { get; }

    /// <summary>The size of one item, which is also the distance between items.</summary>
    public int Stride => Item.Length;

    /// <summary>The first offset after the last item.</summary>
    public int End => Offset + (Count * Stride);

    /// <summary>The offset of item <paramref name="index"/> (0-based).</summary>
    public int OffsetOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Offset + (index * Stride);
    }

    /// <summary>The group as the standard lists it, e.g. <c>+212 诊断 (Diagnoses, 3 × 247 B)</c>.</summary>
    public override string ToString() => $"+{Offset} {Name} ({Property}, {Count} × {Stride} B)";
}

/// <summary>
/// A fixed-offset block (standard §4.1 cyclic records, §4.2, §4.3): its length, its fields and its repeated groups, each at the
/// offset the standard gives. One table serves both encoding and decoding (<see cref="FixedLayoutCodec"/>); the record types hold
/// no per-field codec code. The tables themselves are in <see cref="CardLayouts"/>.
/// </summary>
public sealed class FixedLayout
{
    private readonly Dictionary<string, int> _fieldIndex;
    private readonly Dictionary<string, int> _groupIndex;

    internal FixedLayout(string path, string section, int length, FieldDefinition[] fields, params GroupDefinition[] groups)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Path = path;
        Section = section;
        Length = length;
        Fields = fields;
        Groups = groups;
        _fieldIndex = new(StringComparer.Ordinal);
        _groupIndex = new(StringComparer.Ordinal);

        // A table that reaches past its block is a bug here, not bad card data: every encode and decode slices by these offsets.
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].End > length || !_fieldIndex.TryAdd(fields[i].Property, i))
            {
                throw new ArgumentException($"{path}: field {fields[i]} ends past {length} or repeats a property.", nameof(fields));
            }
        }

        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i].End > length || _fieldIndex.ContainsKey(groups[i].Property) || !_groupIndex.TryAdd(groups[i].Property, i))
            {
                throw new ArgumentException($"{path}: group {groups[i]} ends past {length} or repeats a property.", nameof(groups));
            }
        }
    }

    /// <summary>The block's name in the card's file system, e.g. <c>DF03/EE0n</c> (§4).</summary>
    public string Path { get; }

    /// <summary>The section of the standard that gives the layout, e.g. <c>§4.2</c>.</summary>
    public string Section { get; }

    /// <summary>The block's length in bytes, e.g. 1639 for the data part of EE0n (§4.2).</summary>
    public int Length { get; }

    /// <summary>The single fields in offset order.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>The repeated groups in offset order.</summary>
    public IReadOnlyList<GroupDefinition> Groups { get; }

    /// <summary>The field held by <paramref name="property"/>; throws when the layout has none.</summary>
    public FieldDefinition Field(string property) => Fields[FieldIndex(property)];

    /// <summary>The group held by <paramref name="property"/>; throws when the layout has none.</summary>
    public GroupDefinition Group(string property) => Groups[GroupIndex(property)];

    public override string ToString() => Path;

    /// <summary>
    /// Every field of the block in offset order, group items expanded, each with its offset in the block: the order of the
    /// standard reader API's <c>|</c>-separated record strings (§9).
    /// </summary>
    public IReadOnlyList<FieldDefinition> FlattenedFields() =>
        Fields
            .Concat(Groups.SelectMany(group => Enumerable.Range(0, group.Count).SelectMany(k => group.Item.FlattenedFields()
                .Select(f => new FieldDefinition($"{group.Name}[{k + 1}].{f.Name}", $"{group.Property}[{k}].{f.Property}",
                    group.OffsetOf(k) + f.Offset, f.Type, f.Length, f.Code)))))
            .OrderBy(f => f.Offset)
            .ToList();

    internal int FieldIndex(string property) =>
        _fieldIndex.TryGetValue(property, out var index)
            ? index
            : throw new ArgumentOutOfRangeException(nameof(property), property, $"{Path} holds no field {property}.");

    internal int GroupIndex(string property) =>
        _groupIndex.TryGetValue(property, out var index)
            ? index
            : throw new ArgumentOutOfRangeException(nameof(property), property, $"{Path} holds no group {property}.");
}
