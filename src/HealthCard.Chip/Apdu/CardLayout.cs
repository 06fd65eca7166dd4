using HealthCard.Chip.Files;

namespace HealthCard.Chip.Apdu;

/// <summary>How an elementary file stores its data (standard §4).</summary>
public enum FileKind
{
    /// <summary>One TLV element per record (§4.1); updated with secure messaging.</summary>
    TlvRecords,
    /// <summary>Fixed-size records, newest first (allergies, immunisations).</summary>
    CyclicRecords,
    /// <summary>One-byte records: 0x00 valid, 0xFF free (DF03 index flags).</summary>
    IndexFlags,
    /// <summary>Transparent bytes (photo, EE, ED).</summary>
    Binary,
}

/// <summary>An elementary file's shape and access conditions (key references of §5/§6; null = free / never).</summary>
public sealed record FileSpec(ushort Fid, string Path, FileKind Kind, IReadOnlyList<int> RecordSizes, int BinarySize,
    byte? ReadKey, byte? UpdateKey, byte? EraseKey = null)
{
    /// <summary>For TLV record files: each record's tag (the element number, §4.1), written into blank records too.</summary>
    public IReadOnlyList<byte> RecordTags { get; init; } = [];
}

/// <summary>A dedicated file (DDF1, DF01–DF03) with its name, files and key references.</summary>
public sealed record DirectorySpec(ushort Fid, byte[] Name, IReadOnlyList<FileSpec> Files, IReadOnlyList<byte> KeyReferences);

/// <summary>A card product's record counts (a 16K chip holds fewer records: standard §4).</summary>
public sealed record CardProfile(int Allergies = 3, int Immunizations = 10, int InpatientRecords = 3, int OutpatientRecords = 5, bool Photo = true)
{
    public static CardProfile Chip32K { get; } = new();
}

/// <summary>
/// The file system of standard §4 with the access rules of §6. File identifiers of DDF1 and the DFs are not given by
/// the standard; the project decides (D) DDF1 = DDF1, DF0n = DF0n, EF0n = EF0n, EE0n = EE0n, ED0n = ED0n, and the
/// maintenance (STK) key reference 0x0F in DDF1 and 0x8F in each DF.
/// </summary>
public static class CardLayout
{
    public const ushort MasterFile = 0x3F00;
    public const byte ReadKeyDdf1 = 0x04;
    public const byte UpdateKeyDdf1 = 0x05;
    public const byte MaintenanceKeyDdf1 = 0x0F;
    public const byte ReadKey = 0x84;
    public const byte UpdateKey1 = 0x85;
    public const byte UpdateKey2 = 0x86;
    public const byte UpdateKey3 = 0x87;
    public const byte MaintenanceKey = 0x8F;

    public static readonly byte[] Ddf1Name = "WS.SYS.DDF01"u8.ToArray();
    public static readonly byte[] Df01Aid = [0x91, 0x56, 0x00, 0x01, 0x32, 0x00];
    public static readonly byte[] Df02Aid = [0x91, 0x56, 0x00, 0x01, 0x32, 0x01];
    public static readonly byte[] Df03Aid = [0x91, 0x56, 0x00, 0x01, 0x32, 0x02];


    // Record sizes come from the data-set layouts, so the file system and the file models cannot disagree.
    public static int InpatientRecordSize => CardLayouts.Ee0n.Length;
    public static int OutpatientRecordSize => CardLayouts.Ed0n.Length;
    public static int AllergyRecordSize => CardLayouts.AllergyRecord.Length;
    public static int ImmunizationRecordSize => CardLayouts.ImmunizationRecord.Length;

    public static IReadOnlyList<DirectorySpec> Directories(CardProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var ddf1 = new List<FileSpec>
        {
            Tlv(0xEF05, CardFiles.Ddf1Ef05, readKey: null, updateKey: null), // free read, no update after issuance
            Tlv(0xEF06, CardFiles.Ddf1Ef06, ReadKeyDdf1, updateKey: null),
        };
        if (profile.Photo)
        {
            ddf1.Add(new FileSpec(0xEF07, "DDF1/EF07", FileKind.Binary, [], PhotoFile.Size, ReadKeyDdf1, UpdateKeyDdf1));
        }
        ddf1.Add(Tlv(0xEF08, CardFiles.Ddf1Ef08, ReadKeyDdf1, UpdateKeyDdf1));

        var df01 = new[] { CardFiles.Df01Ef05, CardFiles.Df01Ef06, CardFiles.Df01Ef07, CardFiles.Df01Ef08 }
            .Select((file, i) => Tlv((ushort)(0xEF05 + i), file, ReadKey, UpdateKey1)).ToList();

        var df02 = new List<FileSpec>
        {
            Tlv(0xEF05, CardFiles.Df02Ef05, ReadKey, UpdateKey1),
            Tlv(0xEF06, CardFiles.Df02Ef06, ReadKey, UpdateKey2),
            new(0xEF07, "DF02/EF07", FileKind.CyclicRecords, Enumerable.Repeat(AllergyRecordSize, profile.Allergies).ToList(), 0, ReadKey, UpdateKey3),
            new(0xEF08, "DF02/EF08", FileKind.CyclicRecords, Enumerable.Repeat(ImmunizationRecordSize, profile.Immunizations).ToList(), 0, ReadKey, UpdateKey3),
        };

        var df03 = new List<FileSpec>
        {
            new(0xEF05, "DF03/EF05", FileKind.IndexFlags, Enumerable.Repeat(1, profile.InpatientRecords).ToList(), 0, ReadKey, UpdateKey1, UpdateKey2),
            new(0xEF06, "DF03/EF06", FileKind.IndexFlags, Enumerable.Repeat(1, profile.OutpatientRecords).ToList(), 0, ReadKey, UpdateKey1, UpdateKey2),
        };
        df03.AddRange(Enumerable.Range(1, profile.InpatientRecords)
            .Select(n => new FileSpec((ushort)(0xEE00 + n), $"DF03/EE{n:D2}", FileKind.Binary, [], InpatientRecordSize, ReadKey, UpdateKey1)));
        df03.AddRange(Enumerable.Range(1, profile.OutpatientRecords)
            .Select(n => new FileSpec((ushort)(0xED00 + n), $"DF03/ED{n:D2}", FileKind.Binary, [], OutpatientRecordSize, ReadKey, UpdateKey1)));

        return
        [
            new DirectorySpec(0xDDF1, Ddf1Name, ddf1, [ReadKeyDdf1, UpdateKeyDdf1, MaintenanceKeyDdf1]),
            new DirectorySpec(0xDF01, Df01Aid, df01, [ReadKey, UpdateKey1, MaintenanceKey]),
            new DirectorySpec(0xDF02, Df02Aid, df02, [ReadKey, UpdateKey1, UpdateKey2, UpdateKey3, MaintenanceKey]),
            new DirectorySpec(0xDF03, Df03Aid, df03, [ReadKey, UpdateKey1, UpdateKey2, MaintenanceKey]),
        ];
    }

    private static FileSpec Tlv(ushort fid, RecordFileDefinition file, byte? readKey, byte? updateKey) =>
        new(fid, file.Path, FileKind.TlvRecords, file.Elements.Select(e => e.RecordLength).ToList(), 0, readKey, updateKey)
        {
            RecordTags = file.Elements.Select(e => e.Tag).ToList(),
        };
}
