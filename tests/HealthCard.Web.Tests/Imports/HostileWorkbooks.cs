using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;

namespace HealthCard.Web.Tests.Imports;

/// <summary>The workbooks of issue 14's finding 4, made here: each took the web process from 0.5 GB to about 6 GB.</summary>
internal static class HostileWorkbooks
{
    public const string Headings = "身份证号,姓名,性别,民族,出生日期";

    /// <summary>A workbook of about 2 KB whose one cell sits at XFD1048576, the sheet's last address.</summary>
    public static byte[] OneCellAtTheLastAddress()
    {
        using var workbook = new XLWorkbook();
        workbook.AddWorksheet("名单").Cell("XFD1048576").Value = "x";
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// A zip bomb: a valid workbook (the required headings in row 1) whose row 2 holds one text cell of
    /// <paramref name="expandedBytes"/> letters, so the worksheet part expands about a thousand times (2 GiB from 2 MB).
    /// </summary>
    public static byte[] ZipBomb(long expandedBytes = 2L << 30) =>
        Package(sheet =>
        {
            sheet.Write(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                + HeaderRow() + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>"));
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)'A');
            for (var written = 0L; written < expandedBytes; written += block.Length)
            {
                sheet.Write(block);
            }
            sheet.Write(Encoding.UTF8.GetBytes("</t></is></c></row></sheetData></worksheet>"));
        });

    /// <summary>A bomb of rows: <paramref name="rows"/> small identical rows after the header (expands a few hundred times).</summary>
    public static byte[] RowBomb(int rows) =>
        Package(sheet =>
        {
            sheet.Write(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" + HeaderRow()));
            var row = Encoding.UTF8.GetBytes("<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>");
            for (var i = 0; i < rows; i++)
            {
                sheet.Write(row);
            }
            sheet.Write(Encoding.UTF8.GetBytes("</sheetData></worksheet>"));
        });

    /// <summary>A workbook whose archive directory claims more entries than any workbook has.</summary>
    public static byte[] ManyEntries(int entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddParts(archive);
            using (var sheet = archive.CreateEntry("xl/worksheets/sheet1.xml").Open())
            {
                sheet.Write(Encoding.UTF8.GetBytes("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>"));
            }
            for (var i = 0; i < entries; i++)
            {
                archive.CreateEntry($"x/{i}", CompressionLevel.NoCompression);
            }
        }
        return stream.ToArray();
    }

    private static string HeaderRow() =>
        "<row r=\"1\">" + string.Concat(Headings.Split(',').Select((h, i) => $"<c r=\"{(char)('A' + i)}1\" t=\"inlineStr\"><is><t>{h}</t></is></c>")) + "</row>";

    private static byte[] Package(Action<Stream> writeSheet)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddParts(archive);
            using var sheet = archive.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            writeSheet(sheet);
        }
        return stream.ToArray();
    }

    private static void AddParts(ZipArchive archive)
    {
        Part(archive, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """);
        Part(archive, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Part(archive, "xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        Part(archive, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """);
    }

    private static void Part(ZipArchive archive, string name, string content)
    {
        using var part = archive.CreateEntry(name).Open();
        part.Write(Encoding.UTF8.GetBytes(content));
    }
}
