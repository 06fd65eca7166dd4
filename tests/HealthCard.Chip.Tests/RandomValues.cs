using System.Text;

namespace HealthCard.Chip.Tests;

/// <summary>Random valid element values from a seeded <see cref="Random"/> (§3 types).</summary>
internal static class RandomValues
{
    // Common characters of GB 2312 level 1, all in GBK; two bytes each.
    private const string Chinese =
        "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤" +
        "省市区县镇村路街号楼室河北京天津山西东南海湖广重庆四川贵州云陕甘青宁新疆医院卫生健康委员会居民卡中华人民共和国";

    public static string Ans(Random random, int fieldLength)
    {
        var budget = random.Next(0, fieldLength + 1);
        var text = new StringBuilder();
        while (budget > 0)
        {
            if (budget >= 2 && random.Next(2) == 0)
            {
                text.Append(Chinese[random.Next(Chinese.Length)]);
                budget -= 2;
            }
            else
            {
                text.Append((char)random.Next(0x20, 0x7F)); // printable ASCII
                budget--;
            }
        }

        return text.ToString();
    }

    public static string Cn(Random random, int fieldLength)
    {
        var digits = new char[random.Next(0, (fieldLength * 2) + 1)];
        for (var i = 0; i < digits.Length; i++)
        {
            digits[i] = (char)('0' + random.Next(10));
        }

        return new string(digits);
    }

    public static byte[] Bytes(Random random, int fieldLength)
    {
        var bytes = new byte[fieldLength];
        random.NextBytes(bytes);
        return bytes;
    }
}
