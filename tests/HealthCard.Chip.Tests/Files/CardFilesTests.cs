using HealthCard.Chip.Files;

namespace HealthCard.Chip.Tests.Files;

public sealed class CardFilesTests
{
    // Standard §4.1, written out by hand: "number type+length" in record order, and the §9 reader-API names.
    public static TheoryData<string, string, string> Files => new()
    {
        { "DDF1/EF05", "01 ans1, 02 ans4, 03 ans30, 04 cn11, 05 b180, 06 cn4, 08 ans18, 09 ans3, 10 ans10, 57 cn3",
            "KLB GFBB FKJGMC FKJGDM FKJGZS FKSJ KH AQM XPXLH YYCSDM" },
        { "DDF1/EF06", "11 ans30, 12 b1, 13 cn1, 14 cn4, 15 ans18", "XM XB MZ CSRQ SFZH" },
        { "DDF1/EF08", "07 cn4, 16 ans20, 17 ans20, 18 cn1, 19 cn1, 20 cn1", "KYXQ BRDH1 BRDH2 YLFYZFFS1 YLFYZFFS2 YLFYZFFS3" },
        { "DF01/EF05", "21 cn1, 22 ans100, 23 cn1, 24 ans100", "DZLB1 DZ1 DZLB2 DZ2" },
        { "DF01/EF06", "25 ans30, 26 cn1, 27 ans20, 28 ans30, 29 cn1, 30 ans20, 31 ans30, 32 cn1, 33 ans20",
            "LXRXM1 LXRGX1 LXRDH1 LXRXM2 LXRGX2 LXRDH2 LXRXM3 LXRGX3 LXRDH3" },
        { "DF01/EF07", "34 cn1, 35 cn1, 36 ans3", "WHCD HYZK ZY" },
        { "DF01/EF08", "37 cn1, 38 ans18, 39 ans17, 40 ans18", "ZJLB ZJHM JKDAH XNHZH" },
        { "DF02/EF05", "41 b1, 42 cn1, 43 b1, 44 b1, 45 b1, 46 b1, 47 b1, 48 b1, 49 b1, 50 b1, 51 b1, 52 b1, 53 b1, 54 b1, 55 ans40",
            "ABOXX RHXX XCBZ XZBBZ XNXGBBZ DXBBZ NXWLBZ TNBBZ QGYBZ TXBZ QGYZBZ QGQSBZ KZXYZBZ XZQBQBZ QTYXJSMC" },
        { "DF02/EF06", "56 b1", "JSBBZ" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Elements_MatchTheStandardInRecordOrder(string path, string elements, string codes)
    {
        var file = CardFiles.All.Single(f => f.Path == path);

        string.Join(", ", file.Elements.Select(e => $"{e.Number:D2} {e.Type.ToString().ToUpperInvariant()}{e.Length}"))
            .ShouldBe(elements.ToUpperInvariant());
        string.Join(" ", file.Elements.Select(e => e.Code)).ShouldBe(codes);
        file.Elements.ShouldAllBe(e => e.Tag == e.Number && e.RecordLength == e.Length + 2);
    }

    [Fact]
    public void All_ListsNineFilesHoldingElements1To57OnceEach()
    {
        CardFiles.All.Select(f => f.Path).ShouldBe(
            ["DDF1/EF05", "DDF1/EF06", "DDF1/EF08", "DF01/EF05", "DF01/EF06", "DF01/EF07", "DF01/EF08", "DF02/EF05", "DF02/EF06"]);
        var numbers = CardFiles.All.SelectMany(f => f.Elements).Select(e => e.Number).ToList();
        numbers.Count.ShouldBe(57);
        numbers.Order().ShouldBe(Enumerable.Range(1, 57)); // §4.1 numbers every TLV element 01–57, none twice
    }

    [Fact]
    public void ElementNames_AreTheStandardsChineseNames()
    {
        CardFiles.Ddf1Ef05.Element(57).Name.ShouldBe("应用城市代码");
        CardFiles.Ddf1Ef06.Element(11).ToString().ShouldBe("11 姓名 (XM, ans30)");
        CardFiles.Df01Ef08.Element(40).Name.ShouldBe("新农合证(卡)号");
        CardFiles.Ddf1Ef05.Element(5).ToString().ShouldBe("05 发卡机构证书 (FKJGZS, b180)");
        CardFiles.Df02Ef05.Element(41).ToString().ShouldBe("41 ABO血型 (ABOXX, b1)");
        CardFiles.Df02Ef05.Element(46).ToString().ShouldBe("46 癫痫病标志 (DXBBZ, b1)");
        CardFiles.Df02Ef05.Element(55).ToString().ShouldBe("55 其他医学警示名称 (QTYXJSMC, ans40)");
        CardFiles.Df02Ef06.Element(56).ToString().ShouldBe("56 精神病标志 (JSBBZ, b1)");
    }

    [Fact]
    public void Element_WhenFileDoesNotHoldIt_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => CardFiles.Ddf1Ef05.Element(7));
    }
}
