using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace HealthCard.App.Features.Imports;

/// <summary>
/// The first worksheet of an XLSX file, read forwards one row at a time (ADR 018): System.IO.Compression for the archive
/// and an <see cref="XmlReader"/> over the sheet, so that memory does not depend on the sheet's size. Only the shared
/// strings are held (compactly, within <see cref="ImportLimits.MaxSharedStringChars"/>), and the styles' date flags.
/// Every part is decompressed through <see cref="PartStream"/>, which counts the bytes it actually produces against the
/// part's limit and against the compressed bytes actually consumed (the expansion ratio): a zip bomb stops after its
/// first megabytes, whatever its headers claim. The archive's central directory is bounded before it is read.
/// </summary>
internal sealed class XlsxSheet : IDisposable
{
    private const string RelationshipsNamespaceHint = "relationships";

    private readonly CountingStream _archiveStream;
    private readonly ZipArchive _archive;
    private readonly SharedStrings _strings;
    private readonly bool[] _dateStyles;
    private readonly XmlReader _sheet;
    private readonly int _sheetDataDepth = -1;
    private bool _inSheetData;
    private int _lastRow;

    public XlsxSheet(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckDirectory(stream);
        _archiveStream = new CountingStream(stream);
        try
        {
            _archive = Archive(_archiveStream);
            var workbook = WorkbookPath(_archive, _archiveStream);
            var relationships = Relationships(_archive, _archiveStream, workbook);
            var sheetPath = FirstSheetPath(_archive, _archiveStream, workbook, relationships)
                ?? throw ImportFileException.Unreadable("XLSX 文件中没有工作表", "The XLSX file has no worksheet");
            _dateStyles = relationships.Values.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)) is { } styles
                ? DateStyles(_archive, _archiveStream, Resolve(workbook, styles.Target)) : [];
            _strings = relationships.Values.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)) is { } shared
                ? SharedStrings.Read(this, Resolve(workbook, shared.Target)) : new SharedStrings();
            var entry = Entry(_archive, sheetPath) ?? throw ImportFileException.Unreadable("XLSX 文件中没有工作表", "The XLSX file has no worksheet");
            _sheet = OpenXml(entry, ImportLimits.MaxSheetBytes);
            // Up to <sheetData>; the dimension before it tells the sheet's extent (for progress only).
            while (Next(_sheet))
            {
                if (_sheet.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                if (_sheet.LocalName == "dimension" && _sheet.GetAttribute("ref") is { } extent
                    && TryParseReference(extent[(extent.IndexOf(':', StringComparison.Ordinal) + 1)..], out _, out var lastRow))
                {
                    DimensionRows = lastRow;
                }
                else if (_sheet.LocalName == "sheetData")
                {
                    _sheetDataDepth = _sheet.Depth;
                    _inSheetData = !_sheet.IsEmptyElement;
                    break;
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The last row the sheet's dimension names, if it has one (an estimate: the sheet itself decides).</summary>
    public int? DimensionRows { get; }

    /// <summary>
    /// Checks only the archive's directory: a ZIP within <see cref="ImportLimits.MaxZipEntries"/> entries whose central
    /// directory is small, holding a workbook and a worksheet. Decompresses nothing: what the upload request does.
    /// </summary>
    public static void CheckStructure(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckDirectory(stream);
        using var archive = Archive(stream);
        if (!archive.Entries.Any(e => e.FullName.EndsWith("workbook.xml", StringComparison.OrdinalIgnoreCase))
            || !archive.Entries.Any(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase)))
        {
            throw ImportFileException.Unreadable("XLSX 文件中没有工作簿或工作表", "The XLSX file has no workbook or no worksheet");
        }
    }

    /// <summary>The next row of the sheet: its number and its cells (column A first; columns without a value are "").</summary>
    public bool ReadRow(out int row, out string[] cells)
    {
        row = 0;
        cells = [];
        while (_inSheetData && Next(_sheet))
        {
            if (_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == _sheetDataDepth)
            {
                _inSheetData = false;
                break;
            }
            if (_sheet.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            if (_sheet.LocalName != "row" || _sheet.Depth != _sheetDataDepth + 1)
            {
                SkipElement(_sheet);
                continue;
            }
            row = _sheet.GetAttribute("r") is { } r
                ? int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw BadReference(r)
                : _lastRow + 1;
            if (row > ImportLimits.MaxSheetRows)
            {
                throw ImportFileException.Limit($"工作表的行号 {row} 超过 {ImportLimits.MaxSheetRows:N0}", $"The sheet's row {row} is beyond {ImportLimits.MaxSheetRows:N0}");
            }
            if (row <= _lastRow)
            {
                throw ImportFileException.Unreadable($"工作表的第 {row} 行出现在第 {_lastRow} 行之后", $"The sheet's row {row} comes after row {_lastRow}");
            }
            _lastRow = row;
            cells = ReadCells(row);
            return true;
        }
        return false;
    }

    private string[] ReadCells(int row)
    {
        var values = new List<(int Column, string Text)>();
        if (_sheet.IsEmptyElement)
        {
            return [];
        }
        var depth = _sheet.Depth;
        var column = 0;
        var characters = 0;
        while (Next(_sheet) && !(_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth))
        {
            if (_sheet.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            if (_sheet.LocalName != "c" || _sheet.Depth != depth + 1)
            {
                SkipElement(_sheet);
                continue;
            }
            var reference = _sheet.GetAttribute("r");
            if (reference is null)
            {
                column++;
            }
            else if (!TryParseReference(reference, out column, out var cellRow) || cellRow != row)
            {
                throw BadReference(reference);
            }
            var text = ReadCell();
            if (text.Length == 0)
            {
                continue;
            }
            if (column > ImportLimits.MaxColumns)
            {
                throw ImportFileException.Limit($"单元格 {reference ?? $"第 {row} 行第 {column} 列"} 超出 {ImportLimits.MaxColumns} 列的上限",
                    $"Cell {reference ?? $"row {row}, column {column}"} is beyond the limit of {ImportLimits.MaxColumns} columns");
            }
            characters += text.Length;
            if (characters > ImportLimits.MaxLineChars)
            {
                throw ImportTable.LineTooLong(row);
            }
            values.Add((column, text));
        }
        if (values.Count == 0)
        {
            return [];
        }
        var cells = new string[values.Max(v => v.Column)];
        Array.Fill(cells, "");
        foreach (var (index, text) in values)
        {
            cells[index - 1] = text;
        }
        return cells;
    }

    /// <summary>A cell's text: a date cell as yyyy-MM-dd, a number without exponent or grouping, text as it is.</summary>
    private string ReadCell()
    {
        var type = _sheet.GetAttribute("t");
        var style = _sheet.GetAttribute("s") is { } s && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : 0;
        if (_sheet.IsEmptyElement)
        {
            return "";
        }
        string? value = null;
        string? inline = null;
        var depth = _sheet.Depth;
        while (Next(_sheet) && !(_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth))
        {
            if (_sheet.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            switch (_sheet.LocalName)
            {
                case "v":
                    value = ReadText(_sheet);
                    break;
                case "is":
                    inline = ReadRichText(_sheet);
                    break;
                default:
                    SkipElement(_sheet); // a formula, extensions
                    break;
            }
        }
        return type switch
        {
            "s" => value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _strings.Count
                ? _strings[i] : throw ImportFileException.Unreadable("单元格引用了不存在的共享字符串", "A cell refers to a shared string that does not exist"),
            "inlineStr" => inline ?? "",
            "str" or "e" => value ?? "",
            "b" => value switch { "1" => "TRUE", "0" => "FALSE", _ => value ?? "" },
            "d" => value is not null && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date)
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value ?? "",
            _ => Number(value, style),
        };
    }

    private string Number(string? value, int style)
    {
        if (value is null || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return value ?? "";
        }
        if (style < _dateStyles.Length && _dateStyles[style] && number is >= 1 and < 2_958_466)
        {
            return DateTime.FromOADate(number).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        return number.ToString("0.##########", CultureInfo.InvariantCulture);
    }

    private static ImportFileException BadReference(string reference) =>
        ImportFileException.Unreadable($"工作表中的单元格引用无效：{Shorten(reference)}", $"The sheet has an invalid cell reference: {Shorten(reference)}");

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";

    /// <summary>A1-style reference → column (A = 1) and row; letters beyond XFD or a row beyond int are refused.</summary>
    internal static bool TryParseReference(string reference, out int column, out int row)
    {
        column = 0;
        row = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            if (i == 3)
            {
                return false;
            }
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }
        return i > 0 && int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out row) && row > 0;
    }

    // ---- Reading XML within the limits ----------------------------------------------------------------------------

    /// <summary>The next node, never deeper than <see cref="ImportLimits.MaxXmlDepth"/> (a nesting bomb would grow the reader's stack).</summary>
    private static bool Next(XmlReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }
        if (reader.Depth > ImportLimits.MaxXmlDepth)
        {
            throw ImportFileException.Limit($"XLSX 文件的 XML 嵌套超过 {ImportLimits.MaxXmlDepth} 层", $"The XLSX file's XML nests deeper than {ImportLimits.MaxXmlDepth} levels");
        }
        return true;
    }

    /// <summary>Past the current element's end (read node by node: <see cref="XmlReader.Skip"/> has no depth limit).</summary>
    private static void SkipElement(XmlReader reader)
    {
        if (reader.NodeType != XmlNodeType.Element || reader.IsEmptyElement)
        {
            return;
        }
        var depth = reader.Depth;
        while (Next(reader) && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
        }
    }

    /// <summary>The text of the current element, piece by piece (text, CDATA), within one line's limit.</summary>
    private static string ReadText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return "";
        }
        var depth = reader.Depth;
        string? single = null;
        StringBuilder? text = null;
        while (Next(reader) && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                var piece = reader.Value;
                if (single is null && text is null)
                {
                    single = piece;
                }
                else
                {
                    text ??= new StringBuilder(single);
                    text.Append(piece);
                }
                if ((text?.Length ?? single!.Length) > ImportLimits.MaxLineChars)
                {
                    throw ImportFileException.Limit($"XLSX 文件中有文本超过 {ImportLimits.MaxLineChars:N0} 个字符",
                        $"The XLSX file holds a text of more than {ImportLimits.MaxLineChars:N0} characters");
                }
            }
        }
        return text?.ToString() ?? single ?? "";
    }

    /// <summary>A string item (&lt;si&gt; or &lt;is&gt;): its &lt;t&gt; texts and those of its runs, without phonetic guides.</summary>
    private static string ReadRichText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return "";
        }
        var depth = reader.Depth;
        string? single = null;
        StringBuilder? text = null;
        while (Next(reader) && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            if (reader.LocalName == "t")
            {
                var piece = ReadText(reader);
                if (single is null && text is null)
                {
                    single = piece;
                }
                else
                {
                    text ??= new StringBuilder(single);
                    text.Append(piece);
                    if (text.Length > ImportLimits.MaxLineChars)
                    {
                        throw ImportFileException.Limit($"XLSX 文件中有文本超过 {ImportLimits.MaxLineChars:N0} 个字符",
                            $"The XLSX file holds a text of more than {ImportLimits.MaxLineChars:N0} characters");
                    }
                }
            }
            else if (reader.LocalName != "r")
            {
                SkipElement(reader); // rPh (phonetic guide), run properties
            }
        }
        return text?.ToString() ?? single ?? "";
    }

    private static readonly XmlReaderSettings Xml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    private XmlReader OpenXml(ZipArchiveEntry entry, long maxBytes)
    {
        var content = entry.Open();
        return XmlReader.Create(new PartStream(content, _archiveStream, entry.FullName, maxBytes), Xml);
    }

    /// <summary>Reads a small part (workbook, relationships, styles) within <see cref="ImportLimits.MaxSmallPartBytes"/>.</summary>
    private static XmlReader OpenSmall(ZipArchiveEntry entry, CountingStream counting)
    {
        var content = entry.Open();
        return XmlReader.Create(new PartStream(content, counting, entry.FullName, ImportLimits.MaxSmallPartBytes), Xml);
    }

    // ---- The archive ------------------------------------------------------------------------------------------------

    private static ZipArchive Archive(Stream stream)
    {
        if (!stream.CanSeek)
        {
            throw new InvalidOperationException("An XLSX file is read from a seekable stream.");
        }
        stream.Position = 0;
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw ImportFileException.Unreadable($"不是有效的 XLSX（ZIP）文件：{e.Message}", $"Not a valid XLSX (ZIP) file: {e.Message}");
        }
    }

    /// <summary>
    /// The end-of-central-directory record (and its ZIP64 form): the number of entries and the directory's size, checked
    /// before <see cref="ZipArchive"/> reads the directory into memory.
    /// </summary>
    private static void CheckDirectory(Stream stream)
    {
        const int EndLength = 22;
        var length = stream.Length;
        if (length < EndLength)
        {
            throw ImportFileException.Unreadable("不是有效的 XLSX（ZIP）文件", "Not a valid XLSX (ZIP) file");
        }
        var tail = new byte[(int)Math.Min(length, EndLength + ushort.MaxValue + 20)];
        stream.Position = length - tail.Length;
        stream.ReadExactly(tail);
        var end = -1;
        for (var i = tail.Length - EndLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == 0x06054b50)
            {
                end = i;
                break;
            }
        }
        if (end < 0)
        {
            throw ImportFileException.Unreadable("不是有效的 XLSX（ZIP）文件：找不到目录", "Not a valid XLSX (ZIP) file: no central directory");
        }
        ulong entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        ulong size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        if ((entries == ushort.MaxValue || size == uint.MaxValue) && end >= 20
            && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - 20)) == 0x07064b50)
        {
            var offset = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(end - 20 + 8));
            if (offset < 0 || offset > length - 56)
            {
                throw ImportFileException.Unreadable("不是有效的 XLSX（ZIP）文件：ZIP64 目录无效", "Not a valid XLSX (ZIP) file: invalid ZIP64 directory");
            }
            var zip64 = new byte[56];
            stream.Position = offset;
            stream.ReadExactly(zip64);
            entries = BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(32));
            size = BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(40));
        }
        if (entries > ImportLimits.MaxZipEntries || size > ImportLimits.MaxCentralDirectoryBytes)
        {
            throw ImportFileException.Limit($"XLSX 文件有 {entries:N0} 个条目、目录 {size:N0} 字节，超过上限（{ImportLimits.MaxZipEntries:N0} 个条目）",
                $"The XLSX file has {entries:N0} entries and a {size:N0}-byte directory, beyond the limits ({ImportLimits.MaxZipEntries:N0} entries)");
        }
        stream.Position = 0;
    }

    private static ZipArchiveEntry? Entry(ZipArchive archive, string path) =>
        archive.GetEntry(path) ?? archive.Entries.FirstOrDefault(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase));

    private sealed record Relationship(string Type, string Target);

    /// <summary>The workbook part named by the package's relationships (xl/workbook.xml in practice).</summary>
    private static string WorkbookPath(ZipArchive archive, CountingStream counting)
    {
        if (Entry(archive, "_rels/.rels") is { } rels)
        {
            using var reader = OpenSmall(rels, counting);
            while (Next(reader))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                    && reader.GetAttribute("Type") is { } type && type.EndsWith("/officeDocument", StringComparison.Ordinal)
                    && reader.GetAttribute("Target") is { } target)
                {
                    return Resolve("", target);
                }
            }
        }
        return "xl/workbook.xml";
    }

    private static Dictionary<string, Relationship> Relationships(ZipArchive archive, CountingStream counting, string workbook)
    {
        var slash = workbook.LastIndexOf('/');
        var path = (slash < 0 ? "" : workbook[..(slash + 1)]) + "_rels/" + workbook[(slash + 1)..] + ".rels";
        var relationships = new Dictionary<string, Relationship>(StringComparer.Ordinal);
        if (Entry(archive, path) is not { } entry)
        {
            return relationships;
        }
        using var reader = OpenSmall(entry, counting);
        while (Next(reader))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Type") is { } type && reader.GetAttribute("Target") is { } target
                && reader.GetAttribute("TargetMode") != "External")
            {
                relationships.TryAdd(id, new Relationship(type, target));
            }
        }
        return relationships;
    }

    /// <summary>The first sheet of the workbook (its first tab), or the first worksheet part when the workbook does not say.</summary>
    private static string? FirstSheetPath(ZipArchive archive, CountingStream counting, string workbook, Dictionary<string, Relationship> relationships)
    {
        if (Entry(archive, workbook) is { } entry)
        {
            using var reader = OpenSmall(entry, counting);
            while (Next(reader))
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "sheet")
                {
                    continue;
                }
                for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
                {
                    if (reader.LocalName == "id" && reader.NamespaceURI.Contains(RelationshipsNamespaceHint, StringComparison.Ordinal)
                        && relationships.TryGetValue(reader.Value, out var sheet))
                    {
                        return Resolve(workbook, sheet.Target);
                    }
                }
                break;
            }
        }
        return archive.Entries.Select(e => e.FullName).Where(n => n.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase)
            && n.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>A relationship's target, relative to the part that names it (or absolute from the package's root).</summary>
    private static string Resolve(string source, string target)
    {
        if (target.StartsWith('/'))
        {
            return target[1..];
        }
        var slash = source.LastIndexOf('/');
        var parts = new List<string>((slash < 0 ? "" : source[..slash]).Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    /// <summary>For each cell format (the <c>s</c> of a cell), whether its number format shows a date.</summary>
    private static bool[] DateStyles(ZipArchive archive, CountingStream counting, string path)
    {
        if (Entry(archive, path) is not { } entry)
        {
            return [];
        }
        var custom = new Dictionary<int, bool>();
        var styles = new List<bool>();
        using var reader = OpenSmall(entry, counting);
        var cellXfsDepth = -1;
        while (Next(reader))
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == cellXfsDepth)
            {
                cellXfsDepth = -1;
            }
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            if (reader.LocalName == "numFmt" && int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id))
            {
                custom[id] = IsDateFormat(reader.GetAttribute("formatCode") ?? "");
            }
            else if (reader.LocalName == "cellXfs" && !reader.IsEmptyElement)
            {
                cellXfsDepth = reader.Depth;
            }
            else if (reader.LocalName == "xf" && cellXfsDepth >= 0 && reader.Depth == cellXfsDepth + 1)
            {
                if (styles.Count == 65_536)
                {
                    throw ImportFileException.Limit("XLSX 文件的单元格格式超过 65,536 种", "The XLSX file has more than 65,536 cell formats");
                }
                var format = int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0;
                styles.Add(custom.TryGetValue(format, out var isDate) ? isDate : IsBuiltInDate(format));
            }
        }
        return [.. styles];
    }

    /// <summary>Excel's built-in date and time formats, those of Chinese locales included (27–36, 50–58).</summary>
    private static bool IsBuiltInDate(int id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>A custom format shows a date when, outside quoted text, escapes and [colour/locale] brackets, it uses y, m, d, h or s.</summary>
    private static bool IsDateFormat(string code)
    {
        var section = code.Split(';')[0];
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < section.Length; i++)
        {
            var c = section[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c == '\\' || c == '_' || c == '*')
            {
                i++;
            }
            else if (c == '[')
            {
                bracket = true;
            }
            else if (c == ']')
            {
                bracket = false;
            }
            else if (!bracket && "yYmMdDhHsS".Contains(c, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    public void Dispose()
    {
        _sheet?.Dispose();
        _archive?.Dispose();
        _archiveStream?.Dispose();
    }

    /// <summary>
    /// The shared strings, in a few large character blocks (no object per string): at most
    /// <see cref="ImportLimits.MaxSharedStrings"/> strings and <see cref="ImportLimits.MaxSharedStringChars"/> characters.
    /// </summary>
    private sealed class SharedStrings
    {
        private const int BlockChars = 1 << 20;
        private readonly List<char[]> _blocks = [];
        private readonly List<int> _starts = [];
        private readonly List<int> _lengths = [];
        private int _used = BlockChars;
        private long _chars;

        public int Count => _starts.Count;

        public string this[int index]
        {
            get
            {
                var start = _starts[index];
                return new string(_blocks[start / BlockChars], start % BlockChars, _lengths[index]);
            }
        }

        public static SharedStrings Read(XlsxSheet sheet, string path)
        {
            var strings = new SharedStrings();
            if (Entry(sheet._archive, path) is not { } entry)
            {
                return strings;
            }
            using var reader = sheet.OpenXml(entry, ImportLimits.MaxSharedStringsBytes);
            while (Next(reader))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
                {
                    strings.Add(ReadRichText(reader));
                }
            }
            return strings;
        }

        private void Add(string text)
        {
            if (Count == ImportLimits.MaxSharedStrings || _chars + text.Length > ImportLimits.MaxSharedStringChars)
            {
                throw ImportFileException.Limit(
                    $"XLSX 文件的共享字符串超过上限（{ImportLimits.MaxSharedStrings:N0} 个、{ImportLimits.MaxSharedStringChars:N0} 个字符）；大名单请用 CSV 导入",
                    $"The XLSX file's shared strings exceed the limits ({ImportLimits.MaxSharedStrings:N0} strings, {ImportLimits.MaxSharedStringChars:N0} characters); import large lists as CSV");
            }
            if (_used + text.Length > BlockChars)
            {
                _blocks.Add(new char[BlockChars]);
                _used = 0;
            }
            text.CopyTo(_blocks[^1].AsSpan(_used));
            _starts.Add((_blocks.Count - 1) * BlockChars + _used);
            _lengths.Add(text.Length);
            _used += text.Length;
            _chars += text.Length;
        }
    }

    /// <summary>Counts the bytes read from the archive: while one part is read, that is its compressed input.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        private int Counted(int read)
        {
            BytesRead += read;
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// One part, decompressed as it is read. Counts what it produces: beyond the part's limit, or beyond
    /// <see cref="ImportLimits.MaxExpansionRatio"/> times the compressed bytes consumed so far (once past 1 MiB), or with a
    /// run of <see cref="ImportLimits.MaxMarkupRun"/> bytes without a tag, the file is refused at once.
    /// </summary>
    private sealed class PartStream : Stream
    {
        private const long RatioFloor = 1 << 20;
        private readonly Stream _inner;
        private readonly CountingStream _archive;
        private readonly long _compressedStart;
        private readonly string _name;
        private readonly long _maxBytes;
        private long _produced;
        private long _run;

        public PartStream(Stream inner, CountingStream archive, string name, long maxBytes)
        {
            _inner = inner;
            _archive = archive;
            _compressedStart = archive.BytesRead;
            _name = name;
            _maxBytes = maxBytes;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = _inner.Read(buffer);
            _produced += read;
            if (_produced > _maxBytes)
            {
                throw ImportFileException.Limit($"XLSX 文件的 {_name} 解压后超过 {_maxBytes >> 20:N0} MiB",
                    $"The XLSX file's {_name} decompresses to more than {_maxBytes >> 20:N0} MiB");
            }
            if (_produced > RatioFloor)
            {
                var consumed = Math.Max(1, _archive.BytesRead - _compressedStart);
                if (_produced > consumed * ImportLimits.MaxExpansionRatio)
                {
                    throw ImportFileException.Limit($"XLSX 文件的 {_name} 压缩比超过 {ImportLimits.MaxExpansionRatio}:1（疑似 ZIP 炸弹）",
                        $"The XLSX file's {_name} expands more than {ImportLimits.MaxExpansionRatio}:1 (a zip bomb)");
                }
            }
            var last = buffer[..read].LastIndexOf((byte)'<');
            _run = last < 0 ? _run + read : read - 1 - last;
            if (_run > ImportLimits.MaxMarkupRun)
            {
                throw ImportFileException.Limit($"XLSX 文件的 {_name} 中有超过 {ImportLimits.MaxMarkupRun >> 20} MiB 的内容不含标记",
                    $"The XLSX file's {_name} holds more than {ImportLimits.MaxMarkupRun >> 20} MiB without markup");
            }
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
