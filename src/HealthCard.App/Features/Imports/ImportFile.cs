using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;

namespace HealthCard.App.Features.Imports;

/// <summary>What one streaming pass over a file tells: its hash (the idempotency key), format, text encoding and line count.</summary>
public sealed record ImportFileFacts(byte[] Hash, ImportFormat Format, string? Encoding, int TotalLines)
{
    public const string Utf8 = "utf-8";
    public const string Gbk = "gbk";

    /// <summary>
    /// Reads the file once, in 1 MiB blocks. XLSX is recognised by its ZIP signature. A CSV file is UTF-8 when all of it
    /// decodes as UTF-8 (with or without BOM), otherwise GBK: GBK text is almost never valid UTF-8, the reverse is what
    /// would make guessing unsafe.
    /// </summary>
    public static async Task<ImportFileFacts> InspectAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[1 << 20];
        // Decoded only to be validated. GetChars (unlike GetCharCount) carries a sequence split between two blocks over.
        var decoded = new char[buffer.Length];
        var isUtf8 = true;
        long newlines = 0;
        long length = 0;
        byte last = 0;
        var head = new byte[4];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var block = buffer.AsSpan(0, read);
            if (length < head.Length)
            {
                block[..Math.Min(read, head.Length - (int)length)].CopyTo(head.AsSpan((int)length));
            }
            hash.AppendData(block);
            newlines += block.Count((byte)'\n');
            if (isUtf8)
            {
                try
                {
                    utf8.GetChars(block, decoded, flush: false);
                }
                catch (DecoderFallbackException)
                {
                    isUtf8 = false;
                }
            }
            length += read;
            last = block[^1];
        }
        if (isUtf8)
        {
            try
            {
                utf8.GetChars([], decoded, flush: true); // a truncated sequence at the very end
            }
            catch (DecoderFallbackException)
            {
                isUtf8 = false;
            }
        }
        var isXlsx = length >= 4 && head is [(byte)'P', (byte)'K', 3, 4];
        var lines = newlines + (length > 0 && last != (byte)'\n' ? 1 : 0);
        return new ImportFileFacts(hash.GetHashAndReset(), isXlsx ? ImportFormat.Xlsx : ImportFormat.Csv,
            isXlsx ? null : isUtf8 ? Utf8 : Gbk, (int)Math.Min(lines, int.MaxValue));
    }
}

/// <summary>A line of the file: its number in the file, its cells, its original text, and whether it is blank.</summary>
public sealed record SourceRow(int Line, string[] Cells, string Content)
{
    /// <summary>Blank lines (and rows of empty cells, as spreadsheets export them) are skipped, not rejected.</summary>
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>A file's header and rows, read forwards once. Line numbers are the file's own (XLSX: the sheet's row numbers).</summary>
public abstract class ImportTable : IDisposable
{
    public abstract IReadOnlyList<string> Header { get; }

    /// <summary>Every row after the header, blank ones included (so that line numbers and progress stay exact).</summary>
    public abstract IEnumerable<SourceRow> Rows();

    public static ImportTable Open(Stream stream, ImportFormat format, string? encoding) => format switch
    {
        ImportFormat.Xlsx => new XlsxTable(stream),
        _ => new CsvTable(stream, encoding == ImportFileFacts.Gbk ? GbkText.Value : new UTF8Encoding(false)),
    };

    /// <summary>
    /// GBK for reading (code page 936). Bytes that are not GBK decode to U+FFFD, which GBK cannot encode, so the
    /// registry's rules reject that row (name not encodable) instead of the whole file.
    /// </summary>
    private static readonly Lazy<Encoding> GbkText = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936);
    });

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>Cells as one CSV line (for XLSX rows, whose original is not text).</summary>
    internal static string ToCsvLine(IEnumerable<string> cells) =>
        string.Join(',', cells.Select(c => c.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{c.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : c));

    private sealed class CsvTable : ImportTable
    {
        private readonly StreamReader _reader;
        private readonly CsvParser _parser;
        private readonly string[] _header = [];
        private int _lastLine;

        public CsvTable(Stream stream, Encoding encoding)
        {
            // The BOM, when present, is skipped by the reader; GBK files have none.
            _reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            _parser = new CsvParser(_reader, new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                IgnoreBlankLines = false, // blank lines are counted, so that line numbers stay the file's own
                BadDataFound = null,      // a stray quote is content; the validator judges the value
                DetectColumnCountChanges = false,
            });
            while (_parser.Read())
            {
                var cells = _parser.Record ?? [];
                _lastLine = _parser.RawRow;
                if (!cells.All(string.IsNullOrWhiteSpace))
                {
                    _header = cells;
                    break;
                }
            }
        }

        public override IReadOnlyList<string> Header => _header;

        public override IEnumerable<SourceRow> Rows()
        {
            while (_parser.Read())
            {
                // RawRow is the line a record ends on; it starts after the previous one (a quoted cell may span lines).
                var line = _lastLine + 1;
                _lastLine = _parser.RawRow;
                yield return new SourceRow(line, _parser.Record ?? [], _parser.RawRecord.TrimEnd('\r', '\n'));
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _parser.Dispose();
                _reader.Dispose();
            }
        }
    }

    /// <summary>
    /// The first worksheet. ClosedXML loads the whole workbook into memory, so very large lists should come as CSV
    /// (user guide); an XLSX sheet is at most 1,048,576 rows anyway.
    /// </summary>
    private sealed class XlsxTable : ImportTable
    {
        private readonly XLWorkbook _workbook;
        private readonly IXLWorksheet _sheet;
        private readonly string[] _header = [];
        private readonly int _headerRow;
        private readonly int _lastRow;
        private readonly int _lastColumn;

        public XlsxTable(Stream stream)
        {
            _workbook = new XLWorkbook(stream);
            _sheet = _workbook.Worksheet(1);
            var first = _sheet.FirstRowUsed();
            if (first is null)
            {
                return;
            }
            _headerRow = first.RowNumber();
            _lastRow = _sheet.LastRowUsed().RowNumber();
            _lastColumn = _sheet.LastColumnUsed().ColumnNumber();
            _header = Cells(_headerRow);
        }

        /// <summary>The sheet's last used row: the XLSX counterpart of a CSV file's line count.</summary>
        public int LastRow => _lastRow;

        public override IReadOnlyList<string> Header => _header;

        public override IEnumerable<SourceRow> Rows()
        {
            for (var row = _headerRow + 1; row <= _lastRow && _headerRow > 0; row++)
            {
                var cells = Cells(row);
                yield return new SourceRow(row, cells, ToCsvLine(cells));
            }
        }

        private string[] Cells(int row)
        {
            var cells = new string[_lastColumn];
            for (var column = 1; column <= _lastColumn; column++)
            {
                cells[column - 1] = Text(_sheet.Cell(row, column));
            }
            return cells;
        }

        /// <summary>A date cell becomes yyyy-MM-dd; a number is written without exponent or grouping; text stays text.</summary>
        private static string Text(IXLCell cell) => cell.DataType switch
        {
            XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            XLDataType.Number => cell.GetDouble().ToString("0.##########", CultureInfo.InvariantCulture),
            _ => cell.GetString(),
        };

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _workbook.Dispose();
            }
        }
    }

    /// <summary>The number of lines to report progress against: a CSV file's own count, or the sheet's last row.</summary>
    public int TotalLines(ImportFileFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return this is XlsxTable xlsx ? xlsx.LastRow : facts.TotalLines;
    }
}
