namespace HealthCard.Chip.Files;

/// <summary>
/// A TLV record file (standard §4.1): its path in the card's file system (§4) and its elements in record order, so that record n
/// holds the n-th element.
/// </summary>
public sealed class RecordFileDefinition
{
    internal RecordFileDefinition(string path, params ElementDefinition[] elements)
    {
        Path = path;
        Elements = elements;
    }

    /// <summary>The file's path below DDF1, e.g. <c>DDF1/EF05</c> or <c>DF01/EF06</c> (§4).</summary>
    public string Path { get; }

    /// <summary>The elements in record order (§4.1: record n = n-th element).</summary>
    public IReadOnlyList<ElementDefinition> Elements { get; }

    /// <summary>The element with number <paramref name="number"/>; throws when the file does not hold it.</summary>
    public ElementDefinition Element(int number)
    {
        foreach (var element in Elements)
        {
            if (element.Number == number)
            {
                return element;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(number), number, $"{Path} holds no element {number}.");
    }

    public override string ToString() => Path;
}
