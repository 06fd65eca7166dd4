namespace HealthCard.Chip.Apdu;

/// <summary>What a SAM key index stands for: the user-card key it derives (directory, card key reference) and how.</summary>
public sealed record SamKeySlot(byte Index, string Name, ushort Directory, byte CardKeyReference)
{
    /// <summary>DDF1 and DF01 keys are diversified once (card), DF02 and DF03 keys twice (city, then card) (§6).</summary>
    public int Levels => Directory is 0xDDF1 or 0xDF01 ? 1 : 2;
}

/// <summary>
/// The SAM key indexes of standard §7 and which SAM type holds which (the rights are D, from §7's table). Type 5
/// (issuing institutions) holds every card key; type 4 holds the maintenance keys used to block and unblock.
/// </summary>
public static class SamKeys
{
    public static IReadOnlyList<SamKeySlot> All { get; } =
    [
        new(0x02, "STKDDF1", 0xDDF1, CardLayout.MaintenanceKeyDdf1),
        new(0x03, "STKDF01", 0xDF01, CardLayout.MaintenanceKey),
        new(0x04, "STKDF02", 0xDF02, CardLayout.MaintenanceKey),
        new(0x05, "STKDF03", 0xDF03, CardLayout.MaintenanceKey),
        new(0x2A, "UK1DDF1", 0xDDF1, CardLayout.UpdateKeyDdf1),
        new(0x2B, "UK1DF01", 0xDF01, CardLayout.UpdateKey1),
        new(0x2C, "UK1DF02", 0xDF02, CardLayout.UpdateKey1),
        new(0x2D, "UK2DF02", 0xDF02, CardLayout.UpdateKey2),
        new(0x2E, "UK3DF02", 0xDF02, CardLayout.UpdateKey3),
        new(0x2F, "UK1DF03", 0xDF03, CardLayout.UpdateKey1),
        new(0x30, "UK2DF03", 0xDF03, CardLayout.UpdateKey2),
        new(0x31, "RK1DDF1", 0xDDF1, CardLayout.ReadKeyDdf1),
        new(0x32, "RK1DF01", 0xDF01, CardLayout.ReadKey),
        new(0x33, "RK1DF02", 0xDF02, CardLayout.ReadKey),
        new(0x34, "RK1DF03", 0xDF03, CardLayout.ReadKey),
    ];

    public static SamKeySlot? Slot(byte index) => All.FirstOrDefault(s => s.Index == index);

    /// <summary>The key indexes a SAM of <paramref name="type"/> (1–5) holds.</summary>
    public static IReadOnlyList<byte> HeldBy(int type) => type switch
    {
        1 => Indexes("RK"),
        2 => [.. Indexes("RK"), .. Indexes("UK"), .. Indexes("STK")],
        3 => [.. Indexes("RK"), 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x02, 0x03, 0x04],
        4 => Indexes("STK"),
        5 => All.Select(s => s.Index).ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "SAM types are 1 to 5."),
    };

    private static List<byte> Indexes(string prefix) => All.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(s => s.Index).ToList();
}
