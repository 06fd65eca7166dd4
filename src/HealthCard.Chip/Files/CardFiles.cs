using static HealthCard.Chip.Files.ElementType;

namespace HealthCard.Chip.Files;

/// <summary>
/// The one table of the TLV record files and their elements (standard §4.1; names of §9). Encoding and decoding of every file
/// type read it, so a number, type or length is written down exactly once.
/// <para>
/// §4.1 lists DF01/EF06 elements 28–33 only as "contact 2" and "contact 3"; their names repeat 25–27 with the contact's index,
/// as the reader API's <c>iR_DF01EF06Info(LXRXM1, LXRGX1, LXRDH1, …×3)</c> does (§9).
/// </para>
/// <para>
/// §4.1 names DF02/EF05 elements 41–54 in short ("41 ABO", "43 哮喘", "46 癫痫"); their names here are the full ones that §9's
/// pinyin spells: ABOXX = ABO血型, RHXX = RH血型, XCBZ = 哮喘标志, DXBBZ = 癫痫病标志, KZXYZBZ = 可装卸义肢标志, JSBBZ = 精神病标志, and so
/// on. The flags are b1 with 0x01 = yes, 0x00 = no (§2, D: see <see cref="MedicalAlertFlags"/>).
/// </para>
/// <para>
/// The cyclic, index and binary files of DF02 and DF03 are not TLV record files; their layouts are in <see cref="CardLayouts"/>.
/// </para>
/// </summary>
public static class CardFiles
{
    /// <summary>DDF1/EF05 issuer data: free read, no update after issuance (§4, §4.1).</summary>
    public static RecordFileDefinition Ddf1Ef05 { get; } = new(
        "DDF1/EF05",
        new(1, "卡的类别", "KLB", Ans, 1),
        new(2, "规范版本", "GFBB", Ans, 4),
        new(3, "发卡机构名称", "FKJGMC", Ans, 30),
        new(4, "发卡机构代码", "FKJGDM", Cn, 11),
        new(5, "发卡机构证书", "FKJGZS", B, 180),
        new(6, "发卡时间", "FKSJ", Cn, 4),
        new(8, "卡号", "KH", Ans, 18),
        new(9, "安全码", "AQM", Ans, 3),
        new(10, "发卡序列号", "XPXLH", Ans, 10),
        new(57, "应用城市代码", "YYCSDM", Cn, 3));

    /// <summary>DDF1/EF06 holder identity: read key, no update after issuance (§4, §4.1).</summary>
    public static RecordFileDefinition Ddf1Ef06 { get; } = new(
        "DDF1/EF06",
        new(11, "姓名", "XM", Ans, 30),
        new(12, "性别", "XB", B, 1),
        new(13, "民族", "MZ", Cn, 1),
        new(14, "出生日期", "CSRQ", Cn, 4),
        new(15, "居民身份证号码", "SFZH", Ans, 18));

    /// <summary>DDF1/EF08 validity, phones and payment methods (§4, §4.1).</summary>
    public static RecordFileDefinition Ddf1Ef08 { get; } = new(
        "DDF1/EF08",
        new(7, "卡有效期", "KYXQ", Cn, 4),
        new(16, "本人电话1", "BRDH1", Ans, 20),
        new(17, "本人电话2", "BRDH2", Ans, 20),
        new(18, "医疗费用支付方式1", "YLFYZFFS1", Cn, 1),
        new(19, "医疗费用支付方式2", "YLFYZFFS2", Cn, 1),
        new(20, "医疗费用支付方式3", "YLFYZFFS3", Cn, 1));

    /// <summary>DF01/EF05 addresses: 1 = 户籍, 2 = 居住 (§4, §4.1).</summary>
    public static RecordFileDefinition Df01Ef05 { get; } = new(
        "DF01/EF05",
        new(21, "地址类别1", "DZLB1", Cn, 1),
        new(22, "地址1", "DZ1", Ans, 100),
        new(23, "地址类别2", "DZLB2", Cn, 1),
        new(24, "地址2", "DZ2", Ans, 100));

    /// <summary>DF01/EF06 three contacts (§4, §4.1).</summary>
    public static RecordFileDefinition Df01Ef06 { get; } = new(
        "DF01/EF06",
        new(25, "联系人姓名1", "LXRXM1", Ans, 30),
        new(26, "联系人关系1", "LXRGX1", Cn, 1),
        new(27, "联系人电话1", "LXRDH1", Ans, 20),
        new(28, "联系人姓名2", "LXRXM2", Ans, 30),
        new(29, "联系人关系2", "LXRGX2", Cn, 1),
        new(30, "联系人电话2", "LXRDH2", Ans, 20),
        new(31, "联系人姓名3", "LXRXM3", Ans, 30),
        new(32, "联系人关系3", "LXRGX3", Cn, 1),
        new(33, "联系人电话3", "LXRDH3", Ans, 20));

    /// <summary>DF01/EF07 education, marital status, occupation (§4, §4.1).</summary>
    public static RecordFileDefinition Df01Ef07 { get; } = new(
        "DF01/EF07",
        new(34, "文化程度", "WHCD", Cn, 1),
        new(35, "婚姻状况", "HYZK", Cn, 1),
        new(36, "职业", "ZY", Ans, 3));

    /// <summary>DF01/EF08 documents (§4, §4.1).</summary>
    public static RecordFileDefinition Df01Ef08 { get; } = new(
        "DF01/EF08",
        new(37, "证件类别", "ZJLB", Cn, 1),
        new(38, "证件号码", "ZJHM", Ans, 18),
        new(39, "健康档案编号", "JKDAH", Ans, 17),
        new(40, "新农合证(卡)号", "XNHZH", Ans, 18));

    /// <summary>DF02/EF05 clinical data: blood types and medical-alert flags (§4, §4.1; names of §9).</summary>
    public static RecordFileDefinition Df02Ef05 { get; } = new(
        "DF02/EF05",
        new(41, "ABO血型", "ABOXX", B, 1),
        new(42, "RH血型", "RHXX", Cn, 1),
        new(43, "哮喘标志", "XCBZ", B, 1),
        new(44, "心脏病标志", "XZBBZ", B, 1),
        new(45, "心脑血管病标志", "XNXGBBZ", B, 1),
        new(46, "癫痫病标志", "DXBBZ", B, 1),
        new(47, "凝血紊乱标志", "NXWLBZ", B, 1),
        new(48, "糖尿病标志", "TNBBZ", B, 1),
        new(49, "青光眼标志", "QGYBZ", B, 1),
        new(50, "透析标志", "TXBZ", B, 1),
        new(51, "器官移植标志", "QGYZBZ", B, 1),
        new(52, "器官缺失标志", "QGQSBZ", B, 1),
        new(53, "可装卸义肢标志", "KZXYZBZ", B, 1),
        new(54, "心脏起搏器标志", "XZQBQBZ", B, 1),
        new(55, "其他医学警示名称", "QTYXJSMC", Ans, 40));

    /// <summary>DF02/EF06 special data: the psychiatric flag, behind its own update key UK2DF02 (§4, §4.1, §6).</summary>
    public static RecordFileDefinition Df02Ef06 { get; } = new(
        "DF02/EF06",
        new ElementDefinition(56, "精神病标志", "JSBBZ", B, 1));

    /// <summary>Every TLV record file above, in the order of §4.1.</summary>
    public static IReadOnlyList<RecordFileDefinition> All { get; } =
        [Ddf1Ef05, Ddf1Ef06, Ddf1Ef08, Df01Ef05, Df01Ef06, Df01Ef07, Df01Ef08, Df02Ef05, Df02Ef06];
}
