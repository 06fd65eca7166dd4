using System.Xml;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Imports;

/// <summary>
/// What an import file may hold (ADR 018). They bound the memory an import can take, whatever the file: a CSV record or
/// an XLSX row is read whole, so its size is bounded; an XLSX part is decompressed while it is read, so its size and its
/// expansion ratio are counted on the bytes actually produced, never taken from the archive's headers.
/// </summary>
public static class ImportLimits
{
    /// <summary>An upload kept for the worker (API, console); larger lists go through <c>hcard import residents</c>.</summary>
    public const long MaxStoredFileBytes = 256L << 20;

    /// <summary>Columns a line may use (the template has 16; lists from other departments carry more).</summary>
    public const int MaxColumns = 256;

    /// <summary>Characters of one CSV record or one XLSX row, all cells together (a typical line has under 200).</summary>
    public const int MaxLineChars = 16_384;

    /// <summary>Lines of a CSV file.</summary>
    public const int MaxLines = 10_000_000;

    /// <summary>Rows of a worksheet: the XLSX format's own limit.</summary>
    public const int MaxSheetRows = 1_048_576;

    /// <summary>Entries of an XLSX archive, and the size of its central directory (read before any entry).</summary>
    public const int MaxZipEntries = 10_000;

    public const int MaxCentralDirectoryBytes = 4 << 20;

    /// <summary>Decompressed bytes of the worksheet.</summary>
    public const long MaxSheetBytes = 1L << 30;

    /// <summary>Decompressed bytes of the shared strings, and what they may hold in memory.</summary>
    public const long MaxSharedStringsBytes = 256L << 20;

    public const int MaxSharedStringChars = 24_000_000;

    public const int MaxSharedStrings = 2_000_000;

    /// <summary>Decompressed bytes of any other part read (workbook, relationships, styles).</summary>
    public const long MaxSmallPartBytes = 8L << 20;

    /// <summary>Decompressed ÷ compressed bytes of a part, checked as it is read once it has produced 1 MiB.</summary>
    public const int MaxExpansionRatio = 100;

    /// <summary>Bytes of XML without a <c>&lt;</c>: no tag, attribute or text of a valid list comes near it.</summary>
    public const int MaxMarkupRun = 1 << 20;

    /// <summary>Element depth of a part (a worksheet needs 7).</summary>
    public const int MaxXmlDepth = 16;

    /// <summary>Characters of the lines the reader hands on per chunk: bounds a chunk's memory whatever its lines' size.</summary>
    public const int ChunkChars = 4_000_000;
}

/// <summary>The file as a whole cannot be imported: it breaks a limit, or it is not a readable CSV or XLSX.</summary>
public sealed class ImportFileException(Error error) : Exception(ImportRunner.Describe(error))
{
    public Error Error { get; } = error;

    public static ImportFileException Limit(string zh, string en) => new(ImportErrors.File(ImportErrors.LimitCode, zh, en));

    public static ImportFileException Unreadable(string zh, string en) => new(ImportErrors.File(ImportErrors.UnreadableCode, zh, en));

    /// <summary>The error a reader's failure stands for, or null when it is not the file's fault.</summary>
    public static Error? ErrorOf(Exception exception) => exception switch
    {
        ImportFileException file => file.Error,
        XmlException xml => ImportErrors.File(ImportErrors.UnreadableCode, $"XLSX 文件的 XML 无法解析：{xml.Message}", $"The XLSX file's XML is malformed: {xml.Message}"),
        InvalidDataException zip => ImportErrors.File(ImportErrors.UnreadableCode, $"XLSX 文件无法解压：{zip.Message}", $"The XLSX archive cannot be read: {zip.Message}"),
        _ => null,
    };
}
