using System.Globalization;
using System.Text;

namespace HealthCard.TestKit;

/// <summary>
/// Synthetic population lists for import tests and the import benchmark: unique, valid citizen ID numbers (GB 11643
/// check characters), Chinese names, and optionally a known share of defective rows. Deterministic for a given seed.
/// </summary>
public static class PopulationFiles
{
    /// <summary>The columns written, as the import template heads them (Chinese/English).</summary>
    public const string Header = "身份证号/idNumber,姓名/name,性别/gender,民族/ethnicity,出生日期/birthDate,联系电话/phone,地址/address";

    /// <summary>The kinds of defect, each rejected for one reason; every <c>defectEvery</c>-th row gets the next kind.</summary>
    public enum Defect
    {
        BadCheckCharacter,
        ImpossibleDate,
        GenderMismatch,
        DuplicateOfPreviousLine,
        NotGbkEncodable,
    }

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "欧阳", "司马"];
    private static readonly string GivenNameCharacters = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红梅玉兰德福海燕晓雪";

    /// <summary>
    /// Writes a list of <paramref name="rows"/> data rows (plus the header line) and returns how many were made defective.
    /// Row i has a unique identity: its birth date and sequence number are an injective function of i.
    /// </summary>
    public static int WriteCsv(TextWriter writer, int rows, string county = "130105", int defectEvery = 0, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfEqual(defectEvery, 1); // a duplicate copies the previous, valid, row
        var random = new Random(seed);
        var defects = 0;
        string? previous = null;
        writer.Write(Header);
        writer.Write('\n');
        var line = new StringBuilder(128);
        for (var i = 0; i < rows; i++)
        {
            // 998 sequence numbers per birth date; dates step by 23 days modulo 29,000 (coprime, so no two rows collide).
            var birth = new DateOnly(1940, 1, 1).AddDays((int)((long)(i / 998) * 23 % 29_000));
            var sequence = i % 998 + 1;
            var id = IdNumbers.Build(county, birth, sequence);
            var gender = sequence % 2 == 1 ? "1" : "2";
            var name = Surnames[random.Next(Surnames.Length)] + GivenNameCharacters[random.Next(GivenNameCharacters.Length)]
                + (random.Next(2) == 0 ? "" : GivenNameCharacters[random.Next(GivenNameCharacters.Length)].ToString());
            var birthText = birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            if (defectEvery > 0 && i % defectEvery == defectEvery - 1)
            {
                switch ((Defect)(defects++ % Enum.GetValues<Defect>().Length))
                {
                    case Defect.BadCheckCharacter:
                        id = id[..17] + (id[17] == '0' ? '1' : '0');
                        break;
                    case Defect.ImpossibleDate:
                        // A real check character over an impossible date: only the date is wrong.
                        var first17 = county + "19990230" + sequence.ToString("D3", CultureInfo.InvariantCulture);
                        id = first17 + Domain.Residents.CitizenIdNumber.CheckCharacterOf(first17);
                        birthText = "19990230";
                        break;
                    case Defect.GenderMismatch:
                        gender = gender == "1" ? "2" : "1";
                        break;
                    case Defect.DuplicateOfPreviousLine:
                        writer.Write(previous);
                        writer.Write('\n');
                        continue;
                    case Defect.NotGbkEncodable:
                        name += "😀";
                        break;
                }
            }
            line.Clear().Append(id).Append(',').Append(name).Append(',').Append(gender).Append(",01,").Append(birthText)
                .Append(",139").Append((i % 100_000_000).ToString("D8", CultureInfo.InvariantCulture))
                .Append(",河北省石家庄市长安区建设北大街").Append(i % 500 + 1).Append('号');
            previous = line.ToString();
            writer.Write(previous);
            writer.Write('\n');
        }
        return defects;
    }

    /// <summary>Writes the list to <paramref name="path"/> (UTF-8, no BOM) and returns the number of defective rows.</summary>
    public static int WriteCsv(string path, int rows, string county = "130105", int defectEvery = 0, int seed = 1)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        return WriteCsv(writer, rows, county, defectEvery, seed);
    }
}
