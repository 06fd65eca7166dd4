using HealthCard.Chip.Encoding;

namespace HealthCard.Chip.Files;

/// <summary>
/// The byte values of the medical-alert flags, b1 (DF02/EF05 elements 43–54, DF02/EF06 element 56; standard §2, §4.1).
/// §2 gives no codes for them: D, 0x01 = yes and 0x00 = no, so an absent flag (§3: absent = 0x00, D) reads as "no".
/// Both decisions live only here.
/// </summary>
public static class MedicalAlertFlags
{
    /// <summary>The holder has the condition (§2, D).</summary>
    public const byte Yes = 0x01;

    /// <summary>The holder does not have the condition, or the flag was never written (§2, §3, D).</summary>
    public const byte No = B.Absent;
}

/// <summary>
/// DF02/EF05 临床基本数据 clinical data: blood types and medical-alert flags, TLV records, updated with UK1DF02 (standard §4, §4.1,
/// §6). Record n holds the n-th element of <see cref="CardFiles.Df02Ef05"/>.
/// </summary>
public sealed record Df02Ef05
{
    /// <summary>
    /// 41 ABO血型 ABOXX: b1, CV04.50.005 as a byte: 0x01 A, 0x02 B, 0x03 O, 0x04 AB, 0x05 不详 (§2). Empty when absent: it encodes as
    /// 0x00 (§3, D) and decodes as the field's bytes.
    /// </summary>
    public ReadOnlyMemory<byte> AboBloodType { get; init; }

    /// <summary>42 RH血型 RHXX: cn1; D: CV04.50.020, 1 阴性, 2 阳性, 3 不详, 4 未查 (§2). Empty when absent.</summary>
    public string RhBloodType { get; init; } = string.Empty;

    /// <summary>43 哮喘标志 XCBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> Asthma { get; init; }

    /// <summary>44 心脏病标志 XZBBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> HeartDisease { get; init; }

    /// <summary>45 心脑血管病标志 XNXGBBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> CardioCerebrovascularDisease { get; init; }

    /// <summary>46 癫痫病标志 DXBBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> Epilepsy { get; init; }

    /// <summary>47 凝血紊乱标志 NXWLBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> CoagulationDisorder { get; init; }

    /// <summary>48 糖尿病标志 TNBBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> Diabetes { get; init; }

    /// <summary>49 青光眼标志 QGYBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> Glaucoma { get; init; }

    /// <summary>50 透析标志 TXBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> Dialysis { get; init; }

    /// <summary>51 器官移植标志 QGYZBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> OrganTransplant { get; init; }

    /// <summary>52 器官缺失标志 QGQSBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> MissingOrgan { get; init; }

    /// <summary>53 可装卸义肢标志 KZXYZBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> RemovableProsthesis { get; init; }

    /// <summary>54 心脏起搏器标志 XZQBQBZ: b1, see <see cref="MedicalAlertFlags"/>. Empty when absent (encodes as 0x00).</summary>
    public ReadOnlyMemory<byte> Pacemaker { get; init; }

    /// <summary>55 其他医学警示名称 QTYXJSMC: ans40, up to 20 Chinese characters (§3). Empty when absent.</summary>
    public string OtherMedicalAlert { get; init; } = string.Empty;

    /// <summary>Names the file only: its values are personal data and must never reach a log through string formatting.</summary>
    public override string ToString() => $"{Definition.Path} ({Definition.Elements.Count} elements)";

    /// <summary>The file's elements (§4.1).</summary>
    public static RecordFileDefinition Definition => CardFiles.Df02Ef05;

    /// <summary>
    /// The file's TLV records in record-number order (§4.1). Throws <see cref="ArgumentException"/> naming the element when a value
    /// does not fit it (too long, not GBK-encodable, non-digit in a cn element; §3).
    /// </summary>
    public IReadOnlyList<byte[]> EncodeRecords() => RecordFileCodec.Encode(Definition, Values());

    /// <summary>
    /// Reads the file from its records in record-number order (§4.1). Throws <see cref="CardFormatException"/> for a wrong record
    /// count, tag or length, or a malformed value (§3).
    /// </summary>
    public static Df02Ef05 DecodeRecords(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var elements = RecordFileCodec.Decode(Definition, records);
        return new()
        {
            AboBloodType = elements.Bytes(41),
            RhBloodType = elements.Text(42),
            Asthma = elements.Bytes(43),
            HeartDisease = elements.Bytes(44),
            CardioCerebrovascularDisease = elements.Bytes(45),
            Epilepsy = elements.Bytes(46),
            CoagulationDisorder = elements.Bytes(47),
            Diabetes = elements.Bytes(48),
            Glaucoma = elements.Bytes(49),
            Dialysis = elements.Bytes(50),
            OrganTransplant = elements.Bytes(51),
            MissingOrgan = elements.Bytes(52),
            RemovableProsthesis = elements.Bytes(53),
            Pacemaker = elements.Bytes(54),
            OtherMedicalAlert = elements.Text(55),
        };
    }

    /// <summary>Value equality: <c>b</c> elements compare by content, not by buffer.</summary>
    public bool Equals(Df02Ef05? other) => other is not null && RecordFileCodec.ValuesEqual(Values(), other.Values());

    public override int GetHashCode() => RecordFileCodec.HashValues(Values());

    private ElementValue[] Values() =>
        [
            ElementValue.OfBytes(41, AboBloodType),
            ElementValue.OfText(42, RhBloodType),
            ElementValue.OfBytes(43, Asthma),
            ElementValue.OfBytes(44, HeartDisease),
            ElementValue.OfBytes(45, CardioCerebrovascularDisease),
            ElementValue.OfBytes(46, Epilepsy),
            ElementValue.OfBytes(47, CoagulationDisorder),
            ElementValue.OfBytes(48, Diabetes),
            ElementValue.OfBytes(49, Glaucoma),
            ElementValue.OfBytes(50, Dialysis),
            ElementValue.OfBytes(51, OrganTransplant),
            ElementValue.OfBytes(52, MissingOrgan),
            ElementValue.OfBytes(53, RemovableProsthesis),
            ElementValue.OfBytes(54, Pacemaker),
            ElementValue.OfText(55, OtherMedicalAlert),
        ];
}
