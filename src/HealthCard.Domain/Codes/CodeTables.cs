namespace HealthCard.Domain.Codes;

/// <summary>The value domains of standard §2. Codes are strings, exactly as stored on the card and in the API.</summary>
public static class CodeTables
{
    /// <summary>证件类别 01 居民身份证: the document whose number is a GB 11643 citizen ID number.</summary>
    public const string CitizenIdCard = "01";

    public static readonly CodeTable IdType = Table("CV02.01.101", "证件类别",
        ("01", "居民身份证"), ("02", "居民户口簿"), ("03", "护照"), ("04", "军官证"), ("05", "驾驶证"),
        ("06", "港澳居民来往内地通行证"), ("07", "台湾居民来往内地通行证"), ("99", "其他法定有效证件"));

    public static readonly CodeTable Gender = Table("GB/T 2261.1", "性别",
        ("0", "未知的性别"), ("1", "男"), ("2", "女"), ("9", "未说明的性别"));

    public static readonly CodeTable Ethnicity = Table("GB 3304", "民族",
        Numbered(1, "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
            "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
            "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
            "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
            "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
            "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族"));

    public static readonly CodeTable AddressType = Table("CV02.01.205", "地址类别",
        ("1", "户籍住址"), ("2", "工作场所地址"), ("3", "家庭常住住址"), ("4", "通讯地址"), ("5", "暂住地址"),
        ("6", "出生地址"), ("7", "产后修养地址"), ("8", "变迁地址"), ("9", "现住址"), ("99", "其他地址"));

    public static readonly CodeTable Abo = Table("CV04.50.005", "ABO血型",
        ("1", "A型"), ("2", "B型"), ("3", "O型"), ("4", "AB型"), ("5", "不详"));

    /// <summary>Rh blood type. Sources conflict; standard §2 marks this D: CV04.50.020.</summary>
    public static readonly CodeTable Rh = Table("CV04.50.020", "Rh血型",
        ("1", "阴性"), ("2", "阳性"), ("3", "不详"), ("4", "未查"));

    public static readonly CodeTable MaritalStatus = Table("GB/T 2261.2", "婚姻状况",
        ("10", "未婚"), ("20", "已婚"), ("21", "初婚"), ("22", "再婚"), ("23", "复婚"), ("30", "丧偶"), ("40", "离婚"),
        ("90", "未说明的婚姻状况"));

    public static readonly CodeTable Education = Table("GB/T 4658", "文化程度",
        ("10", "研究生"), ("20", "大学本科"), ("30", "大学专科"), ("40", "中专或中技"), ("50", "技工学校"),
        ("60", "高中"), ("70", "初中"), ("80", "小学"), ("90", "文盲或半文盲"));

    public static readonly CodeTable Occupation = Table("GB/T 6565", "职业",
        ("1", "国家机关、党群组织、企业、事业单位负责人"), ("2", "专业技术人员"), ("3", "办事人员和有关人员"),
        ("4", "商业、服务业人员"), ("5", "农、林、牧、渔、水利业生产人员"), ("6", "生产、运输设备操作人员及有关人员"),
        ("7", "军人"), ("8", "不便分类的其他从业人员"));

    public static readonly CodeTable PaymentMethod = Table("CV07.10.003", "医疗费用支付方式",
        ("1", "城镇职工基本医疗保险"), ("2", "城镇居民基本医疗保险"), ("3", "新型农村合作医疗"), ("4", "贫困救助"),
        ("5", "商业医疗保险"), ("6", "全公费"), ("7", "全自费"), ("8", "其他"));

    /// <summary>
    /// Contact relation (联系人关系, card cn1 = two digits). The standard names no table; the project decides (D) on the
    /// two-digit major groups of GB/T 4761 家庭关系代码.
    /// </summary>
    public static readonly CodeTable ContactRelation = Table("GB/T 4761", "联系人关系",
        ("10", "配偶"), ("20", "子"), ("30", "女"), ("40", "孙子女或外孙子女"), ("50", "父母"),
        ("60", "祖父母或外祖父母"), ("70", "兄弟姐妹"), ("80", "其他"));

    public static IReadOnlyList<CodeTable> All { get; } =
        [IdType, Gender, Ethnicity, AddressType, Abo, Rh, MaritalStatus, Education, Occupation, PaymentMethod, ContactRelation];

    private static CodeTable Table(string id, string title, params (string Code, string Name)[] entries) =>
        new(id, title, entries.Select(e => KeyValuePair.Create(e.Code, e.Name)));

    private static (string, string)[] Numbered(int first, params string[] names) =>
        names.Select((name, i) => ((first + i).ToString("00", System.Globalization.CultureInfo.InvariantCulture), name)).ToArray();
}
