using System.Text;
using HealthCard.App.Features.Imports;

namespace HealthCard.Web.Tests.Imports;

/// <summary>How a file's encoding, format and line count are recognised (no database involved).</summary>
public sealed class ImportFileTests
{
    [Fact]
    public async Task Inspect_Utf8WithACharacterSplitAcrossReadBlocks_IsStillUtf8()
    {
        // 1 MiB blocks: put a 3-byte character across the first boundary (a decoder that forgets the split calls it GBK).
        const string Header = "身份证号,姓名\n";
        var padding = new string('a', (1 << 20) - 1 - Encoding.UTF8.GetByteCount(Header));
        var bytes = Encoding.UTF8.GetBytes(Header + padding + "张伟\n"); // 张 takes bytes 2^20-1 .. 2^20+1
        bytes.Length.ShouldBeGreaterThan(1 << 20);

        var facts = await ImportFileFacts.InspectAsync(new MemoryStream(bytes), TestContext.Current.CancellationToken);

        facts.Encoding.ShouldBe(ImportFileFacts.Utf8);
        facts.Format.ShouldBe(ImportFormat.Csv);
        facts.TotalLines.ShouldBe(2);
    }

    [Theory]
    [InlineData("身份证号,姓名\n1,张伟\n", "utf-8", 2)]
    [InlineData("\uFEFF身份证号,姓名\r\n1,张伟", "utf-8", 2)]
    public async Task Inspect_Utf8_CountsLinesWithOrWithoutTrailingNewline(string text, string encoding, int lines)
    {
        var facts = await ImportFileFacts.InspectAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), TestContext.Current.CancellationToken);

        facts.Encoding.ShouldBe(encoding);
        facts.TotalLines.ShouldBe(lines);
    }

    [Fact]
    public async Task Inspect_GbkText_IsGbk_AndReadsBackAsChinese()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding(936).GetBytes("身份证号,姓名\n1,龚喆\n");

        var facts = await ImportFileFacts.InspectAsync(new MemoryStream(gbk), TestContext.Current.CancellationToken);
        using var table = ImportTable.Open(new MemoryStream(gbk), facts.Format, facts.Encoding);

        facts.Encoding.ShouldBe(ImportFileFacts.Gbk);
        table.Header.ShouldBe(["身份证号", "姓名"]);
        table.Rows().Single().Cells.ShouldBe(["1", "龚喆"]);
    }

    // ---- Limits (issue 14, finding 4): each hostile file is refused while it is read, at the limit it breaks ----------

    [Fact]
    public void Xlsx_WithOneCellAtXfd1048576_IsRefusedAtThatCell_WithoutReadingTheRowsBefore()
    {
        var file = HostileWorkbooks.OneCellAtTheLastAddress();
        file.Length.ShouldBeLessThan(10_000);

        var refused = Should.Throw<ImportFileException>(() => ImportTable.Open(new MemoryStream(file), ImportFormat.Xlsx, null));

        refused.Error.Code.ShouldBe(ImportErrors.LimitCode);
        refused.Message.ShouldContain("XFD1048576");
    }

    [Fact]
    public void Xlsx_ZipBomb_IsRefusedAfterItsFirstMegabytes_OnTheBytesItProduces()
    {
        var bomb = HostileWorkbooks.ZipBomb(expandedBytes: 256L << 20);
        bomb.Length.ShouldBeLessThan(1 << 20);

        var refused = Should.Throw<ImportFileException>(() =>
        {
            using var table = ImportTable.Open(new MemoryStream(bomb), ImportFormat.Xlsx, null);
            _ = table.Rows().Count();
        });

        refused.Error.Code.ShouldBe(ImportErrors.LimitCode);
        refused.Message.ShouldContain("sheet1.xml");
    }

    [Fact]
    public void Xlsx_BombOfRows_IsRefusedByItsExpansionRatio()
    {
        var bomb = HostileWorkbooks.RowBomb(rows: 4_000_000); // about 200 MB of rows in under 1 MB

        var refused = Should.Throw<ImportFileException>(() =>
        {
            using var table = ImportTable.Open(new MemoryStream(bomb), ImportFormat.Xlsx, null);
            table.Header.ShouldBe(HostileWorkbooks.Headings.Split(','));
            foreach (var _ in table.Rows())
            {
            }
        });

        refused.Error.Code.ShouldBe(ImportErrors.LimitCode);
    }

    [Fact]
    public void Xlsx_WithTooManyArchiveEntries_IsRefusedBeforeItsDirectoryIsRead()
    {
        var file = HostileWorkbooks.ManyEntries(ImportLimits.MaxZipEntries + 1);

        var refused = Should.Throw<ImportFileException>(() => XlsxSheetCheck(file));

        refused.Error.Code.ShouldBe(ImportErrors.LimitCode);
    }

    [Fact]
    public void Csv_WithAnUnbalancedQuote_IsRefusedAtTheLineLimit_NotReadWhole()
    {
        var text = "身份证号,姓名,性别,民族,出生日期\n\"110101199001011234,张伟,1,01,1990-01-01\n" + string.Concat(Enumerable.Repeat("110101199001011234,张伟,1,01,1990-01-01\n", 100_000));

        var refused = Should.Throw<ImportFileException>(() =>
        {
            using var table = ImportTable.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), ImportFormat.Csv, ImportFileFacts.Utf8);
            _ = table.Rows().Count();
        });

        refused.Error.Code.ShouldBe(ImportErrors.LimitCode);
        refused.Message.ShouldContain("Line 2 exceeds");
    }

    [Fact]
    public void Csv_WithTooManyColumns_IsRefused()
    {
        var text = "身份证号,姓名,性别,民族,出生日期\n" + new string(',', ImportLimits.MaxColumns + 1) + "\n";

        var refused = Should.Throw<ImportFileException>(() =>
        {
            using var table = ImportTable.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), ImportFormat.Csv, ImportFileFacts.Utf8);
            _ = table.Rows().Count();
        });

        refused.Error.Code.ShouldBe(ImportErrors.LimitCode);
    }

    private static void XlsxSheetCheck(byte[] file) => ImportTable.Open(new MemoryStream(file), ImportFormat.Xlsx, null).Dispose();

    [Fact]
    public void Map_AcceptsChineseEnglishAndBilingualHeadings_AnyCase_AndRefusesAColumnGivenTwice()
    {
        ImportColumns.Map([" ID Number ", "姓名/name", "GENDER", "民族", "birth_date"]).IsSuccess.ShouldBeTrue();

        var twice = ImportColumns.Map(["身份证号", "idNumber", "姓名", "性别", "民族", "出生日期"]);

        twice.IsSuccess.ShouldBeFalse();
        twice.Error!.Code.ShouldBe("import.missing_columns");
    }
}
