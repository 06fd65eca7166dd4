using System.Diagnostics.CodeAnalysis;
using HealthCard.Chip.Files;

namespace HealthCard.Chip.Reader;

/// <summary>
/// The reader library's functions exactly as the standard names them (§9), for HIS vendors porting code written against
/// the vendors' DLLs: one function per file, the data elements as string parameters named by their pinyin initials, and
/// an <c>int</c> result that is a §9 error code (0 = ok). Strings carry <c>ans</c> values as text, <c>cn</c> values as
/// digits and <c>b</c> values as hex. Everything runs on <see cref="HealthCardReader"/>; use that class directly for typed
/// models.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "The standard's function names (§9).")]
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "The standard's function and parameter names (§9).")]
public sealed class StandardFunctions(HealthCardReader reader)
{
    /// <summary>iR/iW_DF03EEInfo style: text.</summary>
    public const int StyleAn = 0x01;

    /// <summary>iR/iW_DF03EEInfo style: F-padded digits.</summary>
    public const int StyleCn = 0x0F;

    /// <summary>iR/iW_DF03EEInfo style: hex string.</summary>
    public const int StyleB = 0xFF;

    private const int Ok = (int)ReaderError.Ok;
    private const int Parameter = (int)ReaderError.Parameter;

    public int iR_DDF1EF05Info(out string KLB, out string GFBB, out string FKJGMC, out string FKJGDM, out string FKJGZS, out string FKSJ,
        out string KH, out string AQM, out string XPXLH, out string YYCSDM)
    {
        var read = reader.ReadIssuerData();
        var f = read.Value ?? new Ddf1Ef05();
        (KLB, GFBB, FKJGMC, FKJGDM, FKJGZS, FKSJ) = (f.CardType, f.SpecVersion, f.IssuerName, f.IssuerCode, Hex(f.IssuerCertificate), f.IssueDate);
        (KH, AQM, XPXLH, YYCSDM) = (f.CardNumber, f.SecurityCode, f.CardSerial, f.CityCode);
        return Code(read.Error);
    }

    public int iR_DDF1EF06Info(out string XM, out string XB, out string MZ, out string CSRQ, out string SFZH)
    {
        var read = reader.ReadHolderIdentity();
        var f = read.Value ?? new Ddf1Ef06();
        (XM, XB, MZ, CSRQ, SFZH) = (f.Name, Hex(f.Gender), f.Ethnicity, f.BirthDate, f.IdNumber);
        return Code(read.Error);
    }

    /// <summary>The photo as hex.</summary>
    public int iR_DDF1EF07Info(out string ZHAOPIAN)
    {
        var read = reader.ReadPhoto();
        ZHAOPIAN = read.IsOk ? Convert.ToHexString(read.Value!) : string.Empty;
        return Code(read.Error);
    }

    public int iW_DDF1EF07Info(string ZHAOPIAN) => Write(() => reader.WritePhoto(Bytes(ZHAOPIAN)));

    public int iR_DDF1EF08Info(out string KYXQ, out string BRDH1, out string BRDH2, out string YLFYZFFS1, out string YLFYZFFS2, out string YLFYZFFS3)
    {
        var read = reader.ReadValidityAndPhones();
        var f = read.Value ?? new Ddf1Ef08();
        (KYXQ, BRDH1, BRDH2, YLFYZFFS1, YLFYZFFS2, YLFYZFFS3) = (f.ExpiryDate, f.Phone1, f.Phone2, f.PaymentMethod1, f.PaymentMethod2, f.PaymentMethod3);
        return Code(read.Error);
    }

    public int iW_DDF1EF08Info(string KYXQ, string BRDH1, string BRDH2, string YLFYZFFS1, string YLFYZFFS2, string YLFYZFFS3) =>
        Write(() => reader.WriteValidityAndPhones(new Ddf1Ef08
        {
            ExpiryDate = KYXQ, Phone1 = BRDH1, Phone2 = BRDH2, PaymentMethod1 = YLFYZFFS1, PaymentMethod2 = YLFYZFFS2, PaymentMethod3 = YLFYZFFS3,
        }));

    public int iR_DF01EF05Info(out string DZLB1, out string DZ1, out string DZLB2, out string DZ2)
    {
        var read = reader.ReadAddresses();
        var f = read.Value ?? new Df01Ef05();
        (DZLB1, DZ1, DZLB2, DZ2) = (f.AddressType1, f.Address1, f.AddressType2, f.Address2);
        return Code(read.Error);
    }

    public int iW_DF01EF05Info(string DZLB1, string DZ1, string DZLB2, string DZ2) =>
        Write(() => reader.WriteAddresses(new Df01Ef05 { AddressType1 = DZLB1, Address1 = DZ1, AddressType2 = DZLB2, Address2 = DZ2 }));

    public int iR_DF01EF06Info(out string LXRXM1, out string LXRGX1, out string LXRDH1, out string LXRXM2, out string LXRGX2, out string LXRDH2,
        out string LXRXM3, out string LXRGX3, out string LXRDH3)
    {
        var read = reader.ReadContacts();
        var f = read.Value ?? new Df01Ef06();
        (LXRXM1, LXRGX1, LXRDH1) = (f.ContactName1, f.ContactRelation1, f.ContactPhone1);
        (LXRXM2, LXRGX2, LXRDH2) = (f.ContactName2, f.ContactRelation2, f.ContactPhone2);
        (LXRXM3, LXRGX3, LXRDH3) = (f.ContactName3, f.ContactRelation3, f.ContactPhone3);
        return Code(read.Error);
    }

    public int iW_DF01EF06Info(string LXRXM1, string LXRGX1, string LXRDH1, string LXRXM2, string LXRGX2, string LXRDH2,
        string LXRXM3, string LXRGX3, string LXRDH3) =>
        Write(() => reader.WriteContacts(new Df01Ef06
        {
            ContactName1 = LXRXM1, ContactRelation1 = LXRGX1, ContactPhone1 = LXRDH1,
            ContactName2 = LXRXM2, ContactRelation2 = LXRGX2, ContactPhone2 = LXRDH2,
            ContactName3 = LXRXM3, ContactRelation3 = LXRGX3, ContactPhone3 = LXRDH3,
        }));

    public int iR_DF01EF07Info(out string WHCD, out string HYZK, out string ZY)
    {
        var read = reader.ReadEducationMaritalOccupation();
        var f = read.Value ?? new Df01Ef07();
        (WHCD, HYZK, ZY) = (f.Education, f.MaritalStatus, f.Occupation);
        return Code(read.Error);
    }

    public int iW_DF01EF07Info(string WHCD, string HYZK, string ZY) =>
        Write(() => reader.WriteEducationMaritalOccupation(new Df01Ef07 { Education = WHCD, MaritalStatus = HYZK, Occupation = ZY }));

    public int iR_DF01EF08Info(out string ZJLB, out string ZJHM, out string JKDAH, out string XNHZH)
    {
        var read = reader.ReadDocuments();
        var f = read.Value ?? new Df01Ef08();
        (ZJLB, ZJHM, JKDAH, XNHZH) = (f.IdType, f.IdNumber, f.HealthRecordNumber, f.NcmsCardNumber);
        return Code(read.Error);
    }

    public int iW_DF01EF08Info(string ZJLB, string ZJHM, string JKDAH, string XNHZH) =>
        Write(() => reader.WriteDocuments(new Df01Ef08 { IdType = ZJLB, IdNumber = ZJHM, HealthRecordNumber = JKDAH, NcmsCardNumber = XNHZH }));

    public int iR_DF02EF05Info(out string ABOXX, out string RHXX, out string XCBZ, out string XZBBZ, out string XNXGBBZ, out string DXBBZ,
        out string NXWLBZ, out string TNBBZ, out string QGYBZ, out string TXBZ, out string QGYZBZ, out string QGQSBZ, out string KZXYZBZ,
        out string XZQBQBZ, out string QTYXJSMC)
    {
        var read = reader.ReadClinicalData();
        var f = read.Value ?? new Df02Ef05();
        (ABOXX, RHXX, XCBZ, XZBBZ, XNXGBBZ) = (Hex(f.AboBloodType), f.RhBloodType, Hex(f.Asthma), Hex(f.HeartDisease), Hex(f.CardioCerebrovascularDisease));
        (DXBBZ, NXWLBZ, TNBBZ, QGYBZ, TXBZ) = (Hex(f.Epilepsy), Hex(f.CoagulationDisorder), Hex(f.Diabetes), Hex(f.Glaucoma), Hex(f.Dialysis));
        (QGYZBZ, QGQSBZ, KZXYZBZ, XZQBQBZ, QTYXJSMC) =
            (Hex(f.OrganTransplant), Hex(f.MissingOrgan), Hex(f.RemovableProsthesis), Hex(f.Pacemaker), f.OtherMedicalAlert);
        return Code(read.Error);
    }

    public int iW_DF02EF05Info(string ABOXX, string RHXX, string XCBZ, string XZBBZ, string XNXGBBZ, string DXBBZ, string NXWLBZ, string TNBBZ,
        string QGYBZ, string TXBZ, string QGYZBZ, string QGQSBZ, string KZXYZBZ, string XZQBQBZ, string QTYXJSMC) =>
        Write(() => reader.WriteClinicalData(new Df02Ef05
        {
            AboBloodType = Bytes(ABOXX), RhBloodType = RHXX, Asthma = Bytes(XCBZ), HeartDisease = Bytes(XZBBZ),
            CardioCerebrovascularDisease = Bytes(XNXGBBZ), Epilepsy = Bytes(DXBBZ), CoagulationDisorder = Bytes(NXWLBZ),
            Diabetes = Bytes(TNBBZ), Glaucoma = Bytes(QGYBZ), Dialysis = Bytes(TXBZ), OrganTransplant = Bytes(QGYZBZ),
            MissingOrgan = Bytes(QGQSBZ), RemovableProsthesis = Bytes(KZXYZBZ), Pacemaker = Bytes(XZQBQBZ), OtherMedicalAlert = QTYXJSMC,
        }));

    public int iR_DF02EF06Info(out string JSBBZ)
    {
        var read = reader.ReadSpecialData();
        JSBBZ = Hex((read.Value ?? new Df02Ef06()).MentalIllness);
        return Code(read.Error);
    }

    public int iW_DF02EF06Info(string JSBBZ) => Write(() => reader.WriteSpecialData(new Df02Ef06 { MentalIllness = Bytes(JSBBZ) }));

    /// <summary>Allergy record <paramref name="n"/> (1 = newest); 112 when that record is empty.</summary>
    public int iR_DF02EF07Info(int n, out string GMWZMC, out string GMFY) =>
        CyclicItem(reader.ReadAllergies(), n, a => (a.Substance, a.Reaction), out GMWZMC, out GMFY);

    public int iW_DF02EF07Info(string GMWZMC, string GMFY) => Write(() => reader.AddAllergy(new Allergy { Substance = GMWZMC, Reaction = GMFY }));

    /// <summary>Immunisation record <paramref name="n"/> (1 = newest); 112 when that record is empty.</summary>
    public int iR_DF02EF08Info(int n, out string MYJZMC, out string MYJZSJ) =>
        CyclicItem(reader.ReadImmunizations(), n, i => (i.Vaccine, i.Date), out MYJZMC, out MYJZSJ);

    public int iW_DF02EF08Info(string MYJZMC, string MYJZSJ) => Write(() => reader.AddImmunization(new Immunization { Vaccine = MYJZMC, Date = MYJZSJ }));

    /// <summary>The inpatient index flags as "00" (valid) or "FF" (free).</summary>
    public int iR_DF03EF05Info(out string ZYJLBS1, out string ZYJLBS2, out string ZYJLBS3)
    {
        var read = reader.ReadInpatientIndex();
        var flags = Flags(read.Value, 3);
        (ZYJLBS1, ZYJLBS2, ZYJLBS3) = (flags[0], flags[1], flags[2]);
        return Code(read.Error);
    }

    public int iW_DF03EF05Info(int n) => Code(reader.SetIndexFlag(CardLayouts.Df03Ef05.Path, n, valid: true));

    public int iErase_DF03EF05Info(int n) => Code(reader.EraseInpatientRecord(n));

    /// <summary>The outpatient index flags as "00" (valid) or "FF" (free).</summary>
    public int iR_DF03EF06Info(out string MZJLBS1, out string MZJLBS2, out string MZJLBS3, out string MZJLBS4, out string MZJLBS5)
    {
        var read = reader.ReadOutpatientIndex();
        var flags = Flags(read.Value, 5);
        (MZJLBS1, MZJLBS2, MZJLBS3, MZJLBS4, MZJLBS5) = (flags[0], flags[1], flags[2], flags[3], flags[4]);
        return Code(read.Error);
    }

    public int iW_DF03EF06Info(int n) => Code(reader.SetIndexFlag(CardLayouts.Df03Ef06.Path, n, valid: true));

    public int iErase_DF03EF06Info(int n) => Code(reader.EraseOutpatientRecord(n));

    /// <summary><paramref name="len"/> bytes at <paramref name="pos"/> of EE0n's verified data part, formatted by <paramref name="style"/>.</summary>
    public int iR_DF03EEInfo(int n, out string data, int pos, int len, int style) =>
        ReadField(reader.ReadInpatientData(n), out data, pos, len, style);

    /// <summary>Writes one value into EE0n's data part and signs the record again (a free slot starts blank).</summary>
    public int iW_DF03EEInfo(int n, string data, int pos, int len, int style) =>
        WriteField(reader.ReadInpatientData(n), d => reader.WriteInpatientData(n, d), CardLayouts.InpatientData.Length, data, pos, len, style);

    public int iR_DF03EDInfo(int n, out string data, int pos, int len, int style) =>
        ReadField(reader.ReadOutpatientData(n), out data, pos, len, style);

    public int iW_DF03EDInfo(int n, string data, int pos, int len, int style) =>
        WriteField(reader.ReadOutpatientData(n), d => reader.WriteOutpatientData(n, d), CardLayouts.OutpatientData.Length, data, pos, len, style);

    /// <summary>Every element of EE0n's data part in offset order, separated by '|'.</summary>
    public int iR_DF03EE_ALLInfo(int n, out string data) => ReadAll(reader.ReadInpatientData(n), CardLayouts.InpatientData, out data);

    public int iW_DF03EE_ALLInfo(int n, string data) => WriteAll(CardLayouts.InpatientData, data, d => reader.WriteInpatientData(n, d));

    public int iR_DF03ED_ALLInfo(int n, out string data) => ReadAll(reader.ReadOutpatientData(n), CardLayouts.OutpatientData, out data);

    public int iW_DF03ED_ALLInfo(int n, string data) => WriteAll(CardLayouts.OutpatientData, data, d => reader.WriteOutpatientData(n, d));

    public int iReader_GetLastEEIndex(out int n) => Index(reader.LastInpatientRecord(), out n);

    public int iReader_GetLastEDIndex(out int n) => Index(reader.LastOutpatientRecord(), out n);

    /// <summary>The SAM's SM3 digest of hex <paramref name="data"/>, as hex.</summary>
    public int SM3Digest(string data, out string digest) => Sam(() => reader.Sm3Digest(Bytes(data)), out digest);

    /// <summary>The SAM's SM2 signature r‖s of a 32-byte digest (hex), as hex.</summary>
    public int SM2SignHash(string hash, out string signature) => Sam(() => reader.Sm2SignHash(Bytes(hash)), out signature);

    public int VerifyPin(string pin) => Code(reader.VerifyPin(pin));

    private static int Code(ReaderError error) => (int)error;

    private static string Hex(ReadOnlyMemory<byte> value) => Convert.ToHexString(value.Span);

    /// <summary>Hex from a caller; bad hex is a parameter error (101), reported by <see cref="Write"/>.</summary>
    private static byte[] Bytes(string? hex) => Convert.FromHexString(hex ?? string.Empty);

    /// <summary>Runs a write; a value that does not fit its element (or bad hex) is a parameter error, 101.</summary>
    private static int Write(Func<ReaderError> write)
    {
        try
        {
            return Code(write());
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return Parameter;
        }
    }

    private static int Sam(Func<ReaderResult<byte[]>> call, out string result)
    {
        result = string.Empty;
        try
        {
            var answer = call();
            result = answer.IsOk ? Convert.ToHexString(answer.Value!) : string.Empty;
            return Code(answer.Error);
        }
        catch (FormatException)
        {
            return Parameter;
        }
    }

    private static int CyclicItem<T>(ReaderResult<IReadOnlyList<T>> read, int n, Func<T, (string, string)> elements, out string first, out string second)
    {
        (first, second) = (string.Empty, string.Empty);
        if (!read.IsOk)
        {
            return Code(read.Error);
        }
        if (n < 1 || n > read.Value!.Count)
        {
            return n < 1 ? Parameter : (int)ReaderError.RecordInvalid;
        }
        (first, second) = elements(read.Value[n - 1]);
        return Ok;
    }

    private static int Index(ReaderResult<int> last, out int n)
    {
        n = last.IsOk ? last.Value : 0;
        return Code(last.Error);
    }

    private static string[] Flags(SlotStatus[]? flags, int count) =>
        Enumerable.Range(0, count).Select(i => flags is not null && i < flags.Length ? $"{(byte)flags[i]:X2}" : string.Empty).ToArray();

    private static ElementType? TypeOf(int style) => style switch
    {
        StyleAn => ElementType.Ans,
        StyleCn => ElementType.Cn,
        StyleB => ElementType.B,
        _ => null,
    };

    private static int ReadField(ReaderResult<VerifiedRecord<byte[]>> record, out string data, int pos, int len, int style)
    {
        data = string.Empty;
        if (!record.IsOk)
        {
            return Code(record.Error);
        }
        var bytes = record.Value!.Record;
        if (TypeOf(style) is not { } type || pos < 0 || len < 1 || pos + len > bytes.Length)
        {
            return Parameter;
        }
        try
        {
            data = FieldCodec.ToText(type, bytes.AsSpan(pos, len));
            return Ok;
        }
        catch (Encoding.CardFormatException)
        {
            return (int)ReaderError.CardResponse;
        }
    }

    private static int WriteField(ReaderResult<VerifiedRecord<byte[]>> current, Func<byte[], ReaderResult<int>> write, int length,
        string data, int pos, int len, int style)
    {
        if (!current.IsOk && current.Error != ReaderError.RecordInvalid)
        {
            return Code(current.Error); // a record whose signature fails is not silently re-signed
        }
        var bytes = current.IsOk ? current.Value!.Record : new byte[length];
        if (TypeOf(style) is not { } type || pos < 0 || len < 1 || pos + len > bytes.Length
            || !FieldCodec.TryFromText(type, data, bytes.AsSpan(pos, len), out _))
        {
            return Parameter;
        }
        return Code(write(bytes).Error);
    }

    private static int ReadAll(ReaderResult<VerifiedRecord<byte[]>> record, FixedLayout layout, out string data)
    {
        data = string.Empty;
        if (!record.IsOk)
        {
            return Code(record.Error);
        }
        try
        {
            data = string.Join('|', layout.FlattenedFields().Select(f => FieldCodec.ToText(f.Type, record.Value!.Record.AsSpan(f.Offset, f.Length))));
            return Ok;
        }
        catch (Encoding.CardFormatException)
        {
            return (int)ReaderError.CardResponse;
        }
    }

    private static int WriteAll(FixedLayout layout, string data, Func<byte[], ReaderResult<int>> write)
    {
        var fields = layout.FlattenedFields();
        var values = (data ?? string.Empty).Split('|');
        if (values.Length != fields.Count)
        {
            return Parameter;
        }
        var bytes = new byte[layout.Length];
        for (var i = 0; i < fields.Count; i++)
        {
            if (!FieldCodec.TryFromText(fields[i].Type, values[i], bytes.AsSpan(fields[i].Offset, fields[i].Length), out _))
            {
                return Parameter;
            }
        }
        return Code(write(bytes).Error);
    }
}
