using HealthCard.Chip.Files;

namespace HealthCard.Chip.Tests.Files;

/// <summary>
/// Expected records written by hand from the standard: §4.1 (tag = element number in hex, <c>tag len value</c>) and §3
/// (ans: ASCII/GBK right-padded 00; cn: BCD right-padded F; b: raw, absent 00). GBK bytes of the Chinese text are spelt out.
/// </summary>
public sealed class GoldenRecordTests
{
    private const string IdNumberAscii = "31 33 30 31 30 35 31 39 38 30 30 31 30 31 30 30 31 58"; // 13010519800101001X

    private static readonly Ddf1Ef05 IssuerData = new()
    {
        CardType = "1",
        SpecVersion = "V2.0",
        IssuerName = "石家庄市卫生健康委员会",
        IssuerCode = "1301000000001",
        IssuerCertificate = new byte[] { 0xA1, 0xB2, 0xC3 },
        IssueDate = "20260115",
        CardNumber = "13010519800101001X",
        SecurityCode = "123",
        CardSerial = "1300000001",
        CityCode = "130100",
    };

    private static readonly string[] IssuerDataRecords =
    [
        "01 01 31",
        "02 04 56 32 2E 30",
        "03 1E CA AF BC D2 D7 AF CA D0 CE C0 C9 FA BD A1 BF B5 CE AF D4 B1 BB E1" + Hex.Zeros(8), // 22 GBK bytes + 8 pad
        "04 0B 13 01 00 00 00 00 1F FF FF FF FF",
        "05 B4 A1 B2 C3 " + Hex.Zeros(177), // b180: absent tail = 00 (§3, D)
        "06 04 20 26 01 15",
        "08 12 " + IdNumberAscii,
        "09 03 31 32 33",
        "0A 0A 31 33 30 30 30 30 30 30 30 31",
        "39 03 13 01 00", // element 57 → tag 0x39
    ];

    private static readonly Ddf1Ef06 Holder = new()
    {
        Name = "张三",
        Gender = new byte[] { 0x01 },
        Ethnicity = "01",
        BirthDate = "19800101",
        IdNumber = "13010519800101001X",
    };

    private static readonly string[] HolderRecords =
    [
        "0B 1E D5 C5 C8 FD " + Hex.Zeros(26), // 11 姓名 ans30
        "0C 01 01", // 12 性别 b1: 男
        "0D 01 01", // 13 民族 cn1: 01 汉族
        "0E 04 19 80 01 01", // 14 出生日期 cn4
        "0F 12 " + IdNumberAscii, // 15 居民身份证号码 ans18
    ];

    [Fact]
    public void Ddf1Ef05_EncodeRecords_MatchesTheStandard()
    {
        Hexes(IssuerData.EncodeRecords()).ShouldBe(Expected(IssuerDataRecords));
    }

    [Fact]
    public void Ddf1Ef05_DecodeRecords_ReadsTheStandardsBytes()
    {
        var decoded = Ddf1Ef05.DecodeRecords(Records(IssuerDataRecords));

        decoded.CityCode.ShouldBe("130100");
        decoded.IssuerName.ShouldBe("石家庄市卫生健康委员会");
        decoded.IssuerCertificate.Length.ShouldBe(180); // a b field decodes as the whole field
        Hex.Of(decoded.IssuerCertificate.Span[..4]).ShouldBe("A1B2C300");
        decoded.ShouldBe(IssuerData with { IssuerCertificate = Hex.Bytes("A1 B2 C3" + Hex.Zeros(177)) });
    }

    [Fact]
    public void Ddf1Ef06_EncodeRecords_MatchesTheStandard()
    {
        Hexes(Holder.EncodeRecords()).ShouldBe(Expected(HolderRecords));
    }

    [Fact]
    public void Ddf1Ef06_DecodeRecords_ReadsTheStandardsBytes()
    {
        Ddf1Ef06.DecodeRecords(Records(HolderRecords)).ShouldBe(Holder);
    }

    [Fact]
    public void Ddf1Ef08_RecordsMatchTheStandard()
    {
        var value = new Ddf1Ef08 { ExpiryDate = "20460115", Phone1 = "13912345678", PaymentMethod1 = "2" };
        string[] expected =
        [
            "07 04 20 46 01 15", // 07 卡有效期 cn4
            "10 14 31 33 39 31 32 33 34 35 36 37 38 " + Hex.Zeros(9), // 16 本人电话1 ans20
            "11 14 " + Hex.Zeros(20), // 17 本人电话2 absent
            "12 01 2F", // 18 支付方式1 cn1 "2": pad nibble F
            "13 01 FF", // 19 absent cn: all F
            "14 01 FF", // 20
        ];

        Hexes(value.EncodeRecords()).ShouldBe(Expected(expected));
        Ddf1Ef08.DecodeRecords(Records(expected)).ShouldBe(value);
    }

    [Fact]
    public void Df01Ef05_RecordsMatchTheStandard()
    {
        var value = new Df01Ef05 { AddressType1 = "1", Address1 = "河北省石家庄市新华区中华北大街100号", AddressType2 = "99" };
        string[] expected =
        [
            "15 01 1F", // 21 地址类别1 cn1 "1"
            "16 64 BA D3 B1 B1 CA A1 CA AF BC D2 D7 AF CA D0 D0 C2 BB AA C7 F8 D6 D0 BB AA B1 B1 B4 F3 BD D6 31 30 30 BA C5 "
                + Hex.Zeros(65), // 22 地址1 ans100: 35 GBK bytes + 65 pad
            "17 01 99", // 23 地址类别2 "99" 其他地址
            "18 64 " + Hex.Zeros(100), // 24 absent
        ];

        Hexes(value.EncodeRecords()).ShouldBe(Expected(expected));
        Df01Ef05.DecodeRecords(Records(expected)).ShouldBe(value);
    }

    [Fact]
    public void Df01Ef06_RecordsMatchTheStandard()
    {
        var value = new Df01Ef06
        {
            ContactName1 = "李四",
            ContactRelation1 = "1",
            ContactPhone1 = "13800000001",
            ContactName2 = "王五",
            ContactRelation2 = "20",
            ContactPhone2 = "0311-1234567",
        };
        string[] expected =
        [
            "19 1E C0 EE CB C4 " + Hex.Zeros(26), // 25 联系人姓名1
            "1A 01 1F", // 26
            "1B 14 31 33 38 30 30 30 30 30 30 30 31 " + Hex.Zeros(9), // 27
            "1C 1E CD F5 CE E5 " + Hex.Zeros(26), // 28
            "1D 01 20", // 29
            "1E 14 30 33 31 31 2D 31 32 33 34 35 36 37 " + Hex.Zeros(8), // 30
            "1F 1E " + Hex.Zeros(30), // 31 absent
            "20 01 FF", // 32 absent
            "21 14 " + Hex.Zeros(20), // 33 absent
        ];

        Hexes(value.EncodeRecords()).ShouldBe(Expected(expected));
        Df01Ef06.DecodeRecords(Records(expected)).ShouldBe(value);
    }

    [Fact]
    public void Df01Ef07_RecordsMatchTheStandard()
    {
        var value = new Df01Ef07 { Education = "20", MaritalStatus = "21", Occupation = "2" };
        string[] expected = ["22 01 20", "23 01 21", "24 03 32 00 00"];

        Hexes(value.EncodeRecords()).ShouldBe(Expected(expected));
        Df01Ef07.DecodeRecords(Records(expected)).ShouldBe(value);
    }

    [Fact]
    public void Df01Ef08_RecordsMatchTheStandard()
    {
        var value = new Df01Ef08 { IdType = "01", IdNumber = "13010519800101001X", HealthRecordNumber = "13010500000000001" };
        string[] expected =
        [
            "25 01 01", // 37 证件类别 "01"
            "26 12 " + IdNumberAscii, // 38
            "27 11 31 33 30 31 30 35 30 30 30 30 30 30 30 30 30 30 31", // 39 健康档案编号 ans17
            "28 12 " + Hex.Zeros(18), // 40 absent
        ];

        Hexes(value.EncodeRecords()).ShouldBe(Expected(expected));
        Df01Ef08.DecodeRecords(Records(expected)).ShouldBe(value);
    }

    [Fact]
    public void Df02Ef05_RecordsMatchTheStandard()
    {
        var value = new Df02Ef05
        {
            AboBloodType = new byte[] { 0x03 }, // §2 CV04.50.005: 3 = O
            RhBloodType = "2", // §2 (D) CV04.50.020: 2 = 阳性
            Asthma = new byte[] { MedicalAlertFlags.Yes },
            HeartDisease = new byte[] { MedicalAlertFlags.No },
            Diabetes = new byte[] { MedicalAlertFlags.Yes },
            OtherMedicalAlert = "青霉素过敏",
        };
        string[] expected =
        [
            "29 01 03", // 41 ABO血型 b1 → tag 0x29
            "2A 01 2F", // 42 RH血型 cn1 "2": pad nibble F
            "2B 01 01", // 43 哮喘标志: yes (§2, D: 0x01)
            "2C 01 00", // 44 心脏病标志: no
            "2D 01 00", // 45 absent b = 0x00 (§3, D), which reads as "no"
            "2E 01 00", // 46
            "2F 01 00", // 47
            "30 01 01", // 48 糖尿病标志: yes
            "31 01 00", // 49
            "32 01 00", // 50
            "33 01 00", // 51
            "34 01 00", // 52
            "35 01 00", // 53
            "36 01 00", // 54 心脏起搏器标志 → tag 0x36
            "37 28 C7 E0 C3 B9 CB D8 B9 FD C3 F4 " + Hex.Zeros(30), // 55 其他医学警示名称 ans40: 青霉素过敏, 10 GBK bytes + 30 pad
        ];

        Hexes(value.EncodeRecords()).ShouldBe(Expected(expected));

        var decoded = Df02Ef05.DecodeRecords(Records(expected));
        Hex.Of(decoded.AboBloodType.Span).ShouldBe("03");
        decoded.RhBloodType.ShouldBe("2");
        Hex.Of(decoded.Asthma.Span).ShouldBe("01");
        Hex.Of(decoded.Epilepsy.Span).ShouldBe("00"); // a b element decodes as the whole field
        decoded.OtherMedicalAlert.ShouldBe("青霉素过敏");
        decoded.ShouldBe(value with
        {
            CardioCerebrovascularDisease = new byte[] { 0x00 },
            Epilepsy = new byte[] { 0x00 },
            CoagulationDisorder = new byte[] { 0x00 },
            Glaucoma = new byte[] { 0x00 },
            Dialysis = new byte[] { 0x00 },
            OrganTransplant = new byte[] { 0x00 },
            MissingOrgan = new byte[] { 0x00 },
            RemovableProsthesis = new byte[] { 0x00 },
            Pacemaker = new byte[] { 0x00 },
        });
    }

    [Fact]
    public void Df02Ef06_RecordsMatchTheStandard()
    {
        var value = new Df02Ef06 { MentalIllness = new byte[] { MedicalAlertFlags.Yes } };
        string[] expected = ["38 01 01"]; // 56 精神病标志 b1 → tag 0x38

        Hexes(value.EncodeRecords()).ShouldBe(Expected(expected));
        Df02Ef06.DecodeRecords(Records(expected)).ShouldBe(value);
        Hexes(new Df02Ef06().EncodeRecords()).ShouldBe(["380100"]); // absent = 0x00 = no (§2, §3, D)
    }

    private static string[] Hexes(IReadOnlyList<byte[]> records) => [.. records.Select(r => Hex.Of(r))];

    private static string[] Expected(string[] records) => [.. records.Select(r => Hex.Of(Hex.Bytes(r)))];

    private static ReadOnlyMemory<byte>[] Records(string[] records) => FileCodecs.AsMemory(records.Select(Hex.Bytes));
}
