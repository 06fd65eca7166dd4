using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace HealthCard.App.Features.Imports;

/// <summary>What one streaming pass over a file tells: its hash (the idempotency key), format, text encoding, line count and size.</summary>
public sealed record ImportFileFacts(byte[] Hash, ImportFormat Format, string? Encoding, int TotalLines, long Length)
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
            isXlsx ? null : isUtf8 ? Utf8 : Gbk, (int)Math.Min(lines, int.MaxValue), length);
    }
}

/// <summary>A line of the file: its number in the file, its cells, its original text, and whether it is blank.</summary>
public sealed record SourceRow(int Line, string[] Cells, string Content)
{
    /// <summary>Blank lines (and rows of empty cells, as spreadsheets export them) are skipped, not rejected.</summary>
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// A file's header and rows, read forwards once. Line numbers are the file's own (XLSX: the sheet's row numbers). Every
/// reader keeps <see cref="ImportLimits"/> and throws <see cref="ImportFileException"/> when a file breaks one.
/// </summary>
public abstract class ImportTable : IDisposable
{
    public abstract IReadOnlyList<string> Header { get; }

    /// <summary>Every row after the header, blank ones included (so that line numbers and progress stay exact).</summary>
    public abstract IEnumerable<SourceRow> Rows();

    /// <summary>The number of lines to report progress against when the file says (an XLSX sheet's dimension), else null.</summary>
    public virtual int? EstimatedLines => null;

    /// <summary>Opens the file for reading. An XLSX stream must be seekable (its directory is at the end).</summary>
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

    internal static ImportFileException LineTooLong(int line) => ImportFileException.Limit(
        $"第 {line} 行超过 {ImportLimits.MaxLineChars:N0} 个字符（引号不成对时，其后的内容都会被读作这一行）",
        $"Line {line} exceeds {ImportLimits.MaxLineChars:N0} characters (an unbalanced quote makes everything after it one line)");

    internal static ImportFileException TooManyColumns(int line) => ImportFileException.Limit(
        $"第 {line} 行超过 {ImportLimits.MaxColumns} 列", $"Line {line} has more than {ImportLimits.MaxColumns} columns");

    private sealed class CsvTable : ImportTable
    {
        private const int BufferSize = 1 << 12;
        private readonly LineGuard _guard;
        private readonly CsvParser _parser;
        private readonly string[] _header = [];
        private int _lastLine;

        public CsvTable(Stream stream, Encoding encoding)
        {
            // The BOM, when present, is skipped by the reader; GBK files have none.
            _guard = new LineGuard(new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16));
            _parser = new CsvParser(_guard, new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                IgnoreBlankLines = false, // blank lines are counted, so that line numbers stay the file's own
                BadDataFound = null,      // a stray quote is content; the validator judges the value
                DetectColumnCountChanges = false,
                BufferSize = BufferSize,
            });
            while (Next() is { } cells)
            {
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
            while (true)
            {
                // RawRow is the line a record ends on; it starts after the previous one (a quoted cell may span lines).
                var line = _lastLine + 1;
                if (Next() is not { } cells)
                {
                    yield break;
                }
                yield return new SourceRow(line, cells, _parser.RawRecord.TrimEnd('\r', '\n'));
            }
        }

        /// <summary>The next record's cells, within the limits; null at the end.</summary>
        private string[]? Next()
        {
            _guard.Line = _lastLine + 1;
            if (!_parser.Read())
            {
                return null;
            }
            _guard.Mark();
            var line = _lastLine + 1;
            _lastLine = _parser.RawRow;
            if (_lastLine > ImportLimits.MaxLines)
            {
                throw ImportFileException.Limit($"文件超过 {ImportLimits.MaxLines:N0} 行", $"The file has more than {ImportLimits.MaxLines:N0} lines");
            }
            if (_parser.Count > ImportLimits.MaxColumns)
            {
                throw TooManyColumns(line);
            }
            if (_parser.RawRecord.Length > ImportLimits.MaxLineChars + 2)
            {
                throw LineTooLong(line);
            }
            return _parser.Record ?? [];
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _parser.Dispose();
                _guard.Dispose();
            }
        }

        /// <summary>
        /// Counts the characters the parser takes while it reads one record: a record longer than the limit (an unbalanced
        /// quote, a hostile file) is refused while it is being read, before the parser's buffer can grow with it. The
        /// parser reads <see cref="BufferSize"/> characters at a time, so what it took since the last record ended is at most
        /// the record's rest plus one buffer.
        /// </summary>
        private sealed class LineGuard(TextReader inner) : TextReader
        {
            private long _taken;
            private long _mark;

            public int Line { get; set; }

            public void Mark() => _mark = _taken;

            public override int Peek() => inner.Peek();

            public override int Read()
            {
                var c = inner.Read();
                Count(c < 0 ? 0 : 1);
                return c;
            }

            public override int Read(char[] buffer, int index, int count) => Count(inner.Read(buffer, index, count));

            public override int Read(Span<char> buffer) => Count(inner.Read(buffer));

            public override int ReadBlock(char[] buffer, int index, int count) => Count(inner.ReadBlock(buffer, index, count));

            public override Task<int> ReadAsync(char[] buffer, int index, int count) =>
                Task.FromResult(Read(buffer, index, count));

            public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult(Read(buffer.Span));

            private int Count(int read)
            {
                if (read > 0)
                {
                    _taken += read;
                    if (_taken - _mark > ImportLimits.MaxLineChars + 2L * BufferSize)
                    {
                        throw LineTooLong(Line);
                    }
                }
                return read;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }

    /// <summary>The first worksheet, streamed (<see cref="XlsxSheet"/>): one row in memory at a time.</summary>
    private sealed class XlsxTable : ImportTable
    {
        private readonly XlsxSheet _sheet;
        private readonly string[] _header = [];
        private readonly int _headerRow;

        public XlsxTable(Stream stream)
        {
            _sheet = new XlsxSheet(stream);
            try
            {
                while (_sheet.ReadRow(out var row, out var cells))
                {
                    if (!cells.All(string.IsNullOrWhiteSpace))
                    {
                        _headerRow = row;
                        _header = cells;
                        break;
                    }
                }
            }
            catch
            {
                _sheet.Dispose();
                throw;
            }
        }

        public override IReadOnlyList<string> Header => _header;

        public override int? EstimatedLines => _sheet.DimensionRows;

        public override IEnumerable<SourceRow> Rows()
        {
            if (_headerRow == 0)
            {
                yield break;
            }
            var expected = _headerRow + 1;
            while (_sheet.ReadRow(out var row, out var cells))
            {
                // Rows the sheet leaves out are blank lines, as in the sheet the operator sees.
                for (; expected < row; expected++)
                {
                    yield return new SourceRow(expected, [], "");
                }
                var padded = cells.Length >= _header.Length ? cells : [.. cells, .. Enumerable.Repeat("", _header.Length - cells.Length)];
                yield return new SourceRow(row, padded, ToCsvLine(padded));
                expected = row + 1;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sheet.Dispose();
            }
        }
    }
}
